"""The morning desk: today's edition at a glance and the day's ranked stories by rubric.

One click adds a story to today's edition (as a titled item: drafted brief, points to
check, sources), another dismisses it; either way it leaves the desk.
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
from django.views.decorators.http import require_POST

from numeriq.desk import stories
from numeriq.desk.editing import EDITABLE, edition_of_day, save_edition
from numeriq.desk.formatting import french_day
from numeriq.desk.models import StoryAction, StoryDecision
from numeriq.desk.roles import role_required
from numeriq.editions.document import Item, ItemKind, plausible_day
from numeriq.editions.models import Edition

_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def _same_heading(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _groups(
    data: dict[str, Any], decided: set[str], linked: set[str], headings: set[str] | None = None
) -> list[dict[str, Any]]:
    headings = headings or set()
    by_rubric: dict[str, list[dict[str, Any]]] = {}
    for story in data["stories"]:
        if story["key"] not in decided:
            # The newsroom's own draft, or an editor, may have put it in already: say so.
            # Added from here, an item links its sources; the newsroom's draft keeps the
            # heading it suggested (its items carry no links).
            # (by its informative title, or the heading older drafts carried)
            shown = {_same_heading(story.get(k) or "") for k in ("title", "heading")} - {""}
            in_edition = any(source["url"] in linked for source in story["sources"]) or bool(
                shown & headings
            )
            by_rubric.setdefault(story["rubric"] or "", []).append(
                {**story, "in_edition": in_edition}
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


@role_required()
def desk(request: HttpRequest) -> HttpResponse:
    """The day's edition and, with the newsroom, the day's stories to pick from."""
    today = _day(request.GET.get("jour"))
    edition = Edition.objects.prefetch_related("items").filter(date=today).first()
    context: dict[str, Any] = {
        "nav": "home",
        "today": today,
        "is_today": today == timezone.localdate(),
        "day_text": french_day(today),
        "edition": edition,
        "newsroom": stories.newsroom_installed(),
    }
    if context["newsroom"]:
        data, computed_at = stories.read(today)
        context["ready"] = data is not None
        if data is not None:
            decided = set(
                StoryDecision.objects.filter(date=today).values_list("story_key", flat=True)
            )
            linked = {
                url
                for item in (edition.items.all() if edition else [])
                for url in _LINK.findall(item.body)
            }
            headings = {
                _same_heading(item.heading)
                for item in (edition.items.all() if edition else [])
                if item.heading
            }
            context["groups"] = _groups(data, decided, linked, headings)
            context["items_count"] = data["items"]
            context["decided_count"] = len(decided)
            context["computed_at"] = timezone.localtime(computed_at).strftime("%H:%M")
            context["editable"] = edition is None or edition.status in EDITABLE
    template = "desk/morning.html#stories" if request.GET.get("partiel") else "desk/morning.html"
    return render(request, template, context)


@require_POST
@role_required()
def decide(request: HttpRequest, key: str) -> HttpResponse:
    """Add a story of the day to the day's edition, or dismiss it."""
    today = _day(request.POST.get("jour"))
    action = str(request.POST.get("action", ""))
    data, _at = stories.read(today)
    story = next((s for s in (data or {}).get("stories", []) if s["key"] == key), None)
    if story is None or action not in ("add", "dismiss", "quote"):
        raise Http404
    back = f"{reverse('desk:home')}?jour={today.isoformat()}#histoires"
    if action == "quote":
        return _add_quiz(request, today, story, back)
    if StoryDecision.objects.filter(date=today, story_key=key).exists():
        messages.info(request, _("Cette histoire a déjà été ajoutée ou écartée."))
        return redirect(back)
    if action == "dismiss":
        _record(today, key, StoryAction.DISMISSED, story, request)
        messages.success(request, _("Histoire écartée : « %(h)s ».") % {"h": story["heading"]})
        return redirect(back)
    edition = edition_of_day(today)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status not in EDITABLE:
            messages.error(
                request,
                _("L’édition du jour est « %(s)s » : elle ne prend plus d’élément.")
                % {"s": edition.get_status_display()},
            )
            return redirect(back)
        image_url, image_alt = stories.image_of(story)
        item = Item(
            kind=ItemKind.TITLED,
            heading=stories.max_title(story.get("title") or story["heading"]),
            body=stories.item_body(story),
            image_url=image_url,
            image_alt=image_alt,
        )
        doc = edition.to_doc()
        doc = replace(doc, items=(*doc.items, item))
        save_edition(edition, edition.version, doc, request.user)
        _record(today, key, StoryAction.ADDED, story, request)
    messages.success(
        request,
        _("« %(h)s » ajoutée à l’édition du jour (élément %(n)d).")
        % {"h": item.heading, "n": len(doc.items)},
    )
    return redirect(back)


def _add_quiz(request: HttpRequest, day: dt.date, story: dict[str, Any], back: str) -> HttpResponse:
    """The story's quote as the « Qui a dit ça ? » of the edition (in the middle of it)."""
    try:
        quote = story["quotes"][int(request.POST.get("n", ""))]
    except (ValueError, IndexError) as error:
        raise Http404 from error
    if not quote["speaker"]:
        raise Http404  # a quiz needs someone to reveal
    edition = edition_of_day(day)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status not in EDITABLE:
            messages.error(
                request,
                _("L’édition du jour est « %(s)s » : elle ne prend plus d’élément.")
                % {"s": edition.get_status_display()},
            )
            return redirect(back)
        doc = edition.to_doc()
        items = [item for item in doc.items if item.kind != ItemKind.QUOTE]
        replaced = len(items) != len(doc.items)
        items.insert(len(items) // 2, stories.quiz_item(quote))
        save_edition(edition, edition.version, replace(doc, items=tuple(items)), request.user)
    text = (
        _("La citation de %(who)s remplace le « Qui a dit ça ? » de l’édition.")
        if replaced
        else _("La citation de %(who)s est le « Qui a dit ça ? » de l’édition.")
    )
    messages.success(request, text % {"who": quote["speaker"]})
    return redirect(back)


def _record(day: Any, key: str, action: str, story: dict[str, Any], request: HttpRequest) -> None:
    try:
        with transaction.atomic():
            StoryDecision.objects.create(
                date=day,
                story_key=key,
                action=action,
                title=story["heading"][:500],
                decided_by=request.user if request.user.is_authenticated else None,
            )
    except IntegrityError:  # decided already (another editor, or a double click)
        pass
