"""The morning desk: a day's edition at a glance and the pool of recent stories by rubric.

The pool holds the last days of news (a window the editor can widen); any upcoming edition
takes from it. One click adds a story to the chosen edition (as a titled item or a brève:
drafted brief, points to check, sources), another dismisses it; either way it leaves that
edition's desk, and the other days' desks say « déjà dans l'édition du … ».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from numeriq.desk import stories
from numeriq.desk.composer_form import place
from numeriq.desk.editing import EDITABLE, edition_of_day, save_edition
from numeriq.desk.errors import NotEditableError
from numeriq.desk.formatting import french_day
from numeriq.desk.models import StoryAction, StoryDecision
from numeriq.desk.planning import neighbours
from numeriq.desk.roles import role_required
from numeriq.editions.document import Item, ItemKind, plausible_day
from numeriq.editions.models import Edition

FILL_TO = 6  # items an edition usually holds ("usually 5 to 9"), the quiz apart
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def _same_heading(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _in_edition(story: dict[str, Any], linked: set[str], headings: set[str]) -> bool:
    # By a source link, or by its informative title or the heading older drafts carried.
    shown = {_same_heading(story.get(key) or "") for key in ("title", "heading")} - {""}
    return any(source["url"] in linked for source in story["sources"]) or bool(shown & headings)


def _marks(items: list[Item] | list[Any]) -> tuple[set[str], set[str]]:
    """The links and headings of an edition's items (to recognise its stories)."""
    linked = {url for item in items for url in _LINK.findall(item.body)}
    return linked, {_same_heading(item.heading) for item in items if item.heading}


def _groups(
    data: dict[str, Any],
    decided: set[str],
    linked: set[str],
    headings: set[str] | None = None,
    taken: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    headings = headings or set()
    taken = taken or {}
    by_rubric: dict[str, list[dict[str, Any]]] = {}
    for story in data["stories"]:
        if story["key"] not in decided:
            # The newsroom's own draft, or an editor, may have put it in already: say so.
            # Added from here, an item links its sources; the newsroom's draft keeps the
            # heading it suggested (its items carry no links).
            in_edition = _in_edition(story, linked, headings)
            by_rubric.setdefault(story["rubric"] or "", []).append(
                {**story, "in_edition": in_edition, "taken_by": taken.get(story["key"], [])}
            )
    groups = [
        {"rubric": rubric or _("Hors rubrique"), "stories": found, "slug": f"rubrique-{n}"}
        for n, (rubric, found) in enumerate(by_rubric.items())
    ]
    groups.sort(key=lambda g: -max(s["score"] for s in g["stories"]))
    return groups


def working_day(today: dt.date) -> dt.date:
    """The day being prepared: today, unless its edition is out; then the next one to write."""
    current = Edition.objects.filter(date=today).only("status").first()
    if current is None or current.status in EDITABLE:
        return today
    later = Edition.objects.filter(date__gt=today, status__in=EDITABLE).order_by("date").first()
    return later.date if later else today + dt.timedelta(days=1)


def _day(raw: str | None) -> dt.date:
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError as error:
            raise Http404 from error
        if not plausible_day(day):  # ?jour=9999-12-31: its background figure overflowed
            raise Http404
        return day
    return working_day(timezone.localdate())


def _taken(keys: list[str], day: dt.date) -> tuple[set[str], dict[str, list[str]]]:
    """Stories decided for this day's edition (or dismissed), and the other editions' takes."""
    decided: set[str] = set()
    taken: dict[str, list[str]] = {}
    rows = StoryDecision.objects.filter(story_key__in=keys).values_list(
        "story_key", "date", "action"
    )
    for key, date, action in rows.order_by("date"):
        if date == day or action == StoryAction.DISMISSED:
            decided.add(key)
        else:
            taken.setdefault(key, []).append(french_day(date))
    return decided, taken


@role_required()
def desk(request: HttpRequest) -> HttpResponse:
    """A day's edition and, with the newsroom, the pool of recent stories to pick from."""
    today = _day(request.GET.get("jour"))
    days = stories.pool_days(request.GET.get("fenetre"))
    edition = Edition.objects.prefetch_related("items").filter(date=today).first()
    context: dict[str, Any] = {
        "nav": "home",
        "today": today,
        "is_today": today == timezone.localdate(),
        "day_text": french_day(today),
        "edition": edition,
        "newsroom": stories.newsroom_installed(),
        "days": days,
        "wider": days + 1 if days < stories.MAX_POOL_DAYS else None,
        "is_past": today < timezone.localdate(),
        **neighbours(today),
    }
    if context["newsroom"]:
        data, computed_at = stories.read(days, today)
        context["ready"] = data is not None
        if data is not None:
            decided, taken = _taken([s["key"] for s in data["stories"]], today)
            linked, headings = _marks(list(edition.items.all()) if edition else [])
            context["groups"] = _groups(data, decided, linked, headings, taken)
            context["items_count"] = data["items"]
            context["decided_count"] = len(decided)
            context["computed_at"] = timezone.localtime(computed_at).strftime("%H:%M")
            context["editable"] = edition is None or edition.status in EDITABLE
    template = "desk/morning.html#stories" if request.GET.get("partiel") else "desk/morning.html"
    return render(request, template, context)


def _back(day: dt.date, days: int) -> str:
    return f"{reverse('desk:home')}?jour={day.isoformat()}&fenetre={days}#histoires"


def _closed(request: HttpRequest, edition: Edition, back: str) -> HttpResponse:
    messages.error(
        request,
        _("L’édition du %(day)s est « %(s)s » : elle ne prend plus d’élément.")
        % {"day": french_day(edition.date), "s": edition.get_status_display()},
    )
    return redirect(back)


@require_POST
@role_required()
def decide(request: HttpRequest, key: str) -> HttpResponse:
    """Add a story of the pool to a day's edition (titled item or brève), or dismiss it."""
    today = _day(request.POST.get("jour"))
    days = stories.pool_days(request.POST.get("fenetre"))
    action = str(request.POST.get("action", ""))
    data, _at = stories.read(days, today)
    story = next((s for s in (data or {}).get("stories", []) if s["key"] == key), None)
    if story is None or action not in ("add", "breve", "dismiss", "quote"):
        raise Http404
    back = _back(today, days)
    if action == "quote":
        return _add_quiz(request, today, story, back)
    if StoryDecision.objects.filter(date=today, story_key=key).exists():
        messages.info(request, _("Cette histoire a déjà été ajoutée ou écartée."))
        return redirect(back)
    if action == "dismiss":
        _record(today, key, StoryAction.DISMISSED, story, request)
        messages.success(request, _("Histoire écartée : « %(h)s ».") % {"h": _name(story)})
        return redirect(back)
    edition = edition_of_day(today)
    try:
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            item = _story_item(story, ItemKind.BREVE if action == "breve" else ItemKind.TITLED)
            doc = edition.to_doc()
            placed, index = place(doc.items, item)
            save_edition(edition, edition.version, replace(doc, items=placed), request.user)
            _record(today, key, StoryAction.ADDED, story, request)
    except NotEditableError as refused:  # save_edition's rule: published or sent
        return _closed(request, refused.edition, back)
    values = {"h": _name(story), "day": french_day(today), "n": index + 1}
    text = (
        _("« %(h)s » ajoutée en brève à l’édition du %(day)s (élément %(n)d).")
        if action == "breve"
        else _("« %(h)s » ajoutée à l’édition du %(day)s (élément %(n)d).")
    )
    messages.success(request, text % values)
    return redirect(back)


def _name(story: dict[str, Any]) -> str:
    """What the editor knows a story by: its informative title (older pools: its heading)."""
    return str(story.get("title") or story["heading"])


def _story_item(story: dict[str, Any], kind: ItemKind) -> Item:
    """A story of the pool as a titled item (with its image) or a brève."""
    if kind == ItemKind.BREVE:
        return Item(kind=ItemKind.BREVE, body=stories.item_body(story))
    return Item(
        kind=ItemKind.TITLED,
        heading=stories.max_title(_name(story)),
        body=stories.item_body(story),
        **stories.image_of(story),
    )


@require_POST
@role_required()
def fill(request: HttpRequest) -> HttpResponse:
    """Fill a day's edition with the pool's best stories nobody took, up to FILL_TO items."""
    today = _day(request.POST.get("jour"))
    days = stories.pool_days(request.POST.get("fenetre"))
    back = _back(today, days)
    data, _at = stories.read(days, today)
    if not data or not data["stories"]:
        messages.info(request, _("Aucune histoire à proposer pour l’instant."))
        return redirect(back)
    edition = edition_of_day(today)
    try:
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            added = _fill(request, edition, data["stories"], today)
    except NotEditableError as refused:
        return _closed(request, refused.edition, back)
    message = ngettext(
        "%(n)d histoire ajoutée à l’édition du %(day)s.",
        "%(n)d histoires ajoutées à l’édition du %(day)s.",
        len(added),
    ) % {"n": len(added), "day": french_day(today)}
    messages.success(request, message)
    return redirect(back)


def _fill(
    request: HttpRequest, edition: Edition, pool: list[dict[str, Any]], today: dt.date
) -> list[dict[str, Any]]:
    """Place the pool's best stories nobody took in the (locked) edition; the ones added."""
    added: list[dict[str, Any]] = []
    doc = edition.to_doc()
    decided, taken = _taken([s["key"] for s in pool], today)
    linked, headings = _marks(list(doc.items))
    items = doc.items
    for story in pool:  # best first
        if sum(1 for i in items if i.kind != ItemKind.QUOTE) >= FILL_TO:
            break
        if story["key"] in decided or story["key"] in taken:
            continue
        if _in_edition(story, linked, headings):
            continue
        items, _index = place(items, _story_item(story, ItemKind.TITLED))
        added.append(story)
    if added:
        save_edition(edition, edition.version, replace(doc, items=items), request.user)
        for story in added:
            _record(today, story["key"], StoryAction.ADDED, story, request)
    return added


def _add_quiz(request: HttpRequest, day: dt.date, story: dict[str, Any], back: str) -> HttpResponse:
    """The story's quote as the « Qui a dit ça ? » of the edition (in the middle of it)."""
    try:
        quote = story["quotes"][int(request.POST.get("n", ""))]
    except (ValueError, IndexError) as error:
        raise Http404 from error
    if not quote["speaker"]:
        raise Http404  # a quiz needs someone to reveal
    edition = edition_of_day(day)
    try:
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            doc = edition.to_doc()
            items = [item for item in doc.items if item.kind != ItemKind.QUOTE]
            replaced = len(items) != len(doc.items)
            items.insert(len(items) // 2, stories.quiz_item(quote))
            save_edition(edition, edition.version, replace(doc, items=tuple(items)), request.user)
    except NotEditableError as refused:
        return _closed(request, refused.edition, back)
    text = (
        _("La citation de %(who)s remplace le « Qui a dit ça ? » de l’édition du %(day)s.")
        if replaced
        else _("La citation de %(who)s est le « Qui a dit ça ? » de l’édition du %(day)s.")
    )
    messages.success(request, text % {"who": quote["speaker"], "day": french_day(day)})
    return redirect(back)


def _record(day: Any, key: str, action: str, story: dict[str, Any], request: HttpRequest) -> None:
    try:
        with transaction.atomic():
            StoryDecision.objects.create(
                date=day,
                story_key=key,
                action=action,
                title=_name(story)[:500],
                decided_by=request.user if request.user.is_authenticated else None,
            )
    except IntegrityError:  # decided already (another editor, or a double click)
        pass
