"""The composer: the day's edition edited as fields or as one Markdown file, previews, checks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from numeriq.desk import checks as desk_checks
from numeriq.desk.composer_form import (
    NEW_ITEMS,
    apply_operation,
    parse,
    place,
    quote_text,
    split_reveal,
)
from numeriq.desk.editing import EDITABLE, save_edition
from numeriq.desk.errors import EditConflictError, NotEditableError
from numeriq.desk.formatting import french_day, local_time
from numeriq.desk.planning import neighbours
from numeriq.desk.roles import role_required
from numeriq.desk.sending import send_panel
from numeriq.desk.verify import edition_checks
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.errors import EditionFormatError
from numeriq.editions.markdown_format import format_edition, parse_edition
from numeriq.editions.models import Edition
from numeriq.editions.preview import preview_response

PREVIEW_FORMATS = ("web", "email", "texte")
KIND_LABELS = {
    ItemKind.TITLED: "Élément titré",
    ItemKind.BREVE: "Brève",
    ItemKind.QUOTE: "Qui a dit ça ?",
}


def conflict_message(error: EditConflictError) -> str:
    """The French sentence of a version conflict: who, when, and what to do."""
    values = {
        "who": error.by or _("quelqu’un d’autre"),
        "time": local_time(error.at),
        "theirs": error.edition.version,
        "yours": error.expected,
    }
    return (
        _(
            "Conflit : %(who)s a enregistré cette édition à %(time)s, après que vous l’avez "
            "ouverte (version %(theirs)d, la vôtre était la %(yours)d). Vos dernières "
            "modifications ne sont PAS enregistrées, pour ne pas écraser les siennes : "
            "copiez-les si besoin, puis rechargez la page pour repartir de sa version."
        )
        % values
    )


def not_editable_message(edition: Edition) -> str:
    """Why a published or sent edition is read-only."""
    return _("Cette édition est « %(status)s » : elle ne se modifie plus depuis la rédaction.") % {
        "status": edition.get_status_display()
    }


def _row(uid: str, number: int, item: Item) -> dict[str, Any]:
    return {
        "uid": uid,
        "number": number,
        "item": item,
        "kind_label": _(KIND_LABELS[item.kind]),
        "quote_text": quote_text(item.quote),
        "reveal": split_reveal(item.body) if item.kind == ItemKind.QUOTE else ("", ""),
    }


def _rows(doc: EditionDoc) -> list[dict[str, Any]]:
    return [_row(f"i{n}", n + 1, item) for n, item in enumerate(doc.items)]


_UID = re.compile(r"[a-z][a-z0-9]{0,23}")


@require_GET
@role_required()
def new_item(request: HttpRequest, day: dt.date) -> HttpResponse:
    """A new item's block for the composer, and where it goes (X-Desk-Insert-At), no reload."""
    operation = str(request.GET.get("op", ""))
    uid = str(request.GET.get("uid", ""))
    edition = Edition.objects.filter(date=day).first()
    if edition is None or operation not in NEW_ITEMS or not _UID.fullmatch(uid):
        raise Http404
    kinds = [k for k in str(request.GET.get("kinds", "")).split(",") if k]
    try:
        current = [Item(kind=ItemKind(kind), body="") for kind in kinds]
    except ValueError as error:
        raise Http404 from error
    _items, index = place(current, NEW_ITEMS[operation])
    context = {"row": _row(uid, index + 1, NEW_ITEMS[operation]), "editable": True}
    response = render(request, "desk/compose.html#item", context)
    response["X-Desk-Insert-At"] = str(index)
    return response


def _composer_context(
    request: HttpRequest, edition: Edition, doc: EditionDoc, version: int, **extra: Any
) -> dict[str, Any]:
    return {
        "nav": "editions",
        "edition": edition,
        "doc": doc,
        "rows": _rows(doc),
        "version": version,
        "day_text": french_day(edition.date),
        "editable": edition.status in EDITABLE,
        "saved_at": local_time(edition.updated_at),
        "previews": {
            fmt: reverse("desk:preview", args=[edition.date, fmt]) for fmt in PREVIEW_FORMATS
        },
        "send": send_panel(request, edition),
        **neighbours(edition.date),
        **extra,
    }


@role_required()
def edition_list(request: HttpRequest) -> HttpResponse:
    """The latest editions, each with a link to its composer."""
    editions = Edition.objects.order_by("-date").prefetch_related("items")[:30]
    today = timezone.localdate()
    return render(
        request,
        "desk/editions.html",
        {
            "nav": "editions",
            "editions": editions,
            "today": today,
            "has_today": any(e.date == today for e in editions),
        },
    )


@role_required()
def compose(request: HttpRequest, day: dt.date) -> HttpResponse:
    """GET: the composer. POST: save (version checked), then apply the pressed button."""
    if request.method == "POST":
        return _save(request, day)
    found = Edition.objects.filter(date=day).first()
    if found is None:
        # A GET never creates: the page offers the one-click creation (a POST).
        context = {"nav": "calendar", "day": day, "day_text": french_day(day), **neighbours(day)}
        return render(request, "desk/no_edition.html", context, status=404)
    edition = found
    edition = Edition.objects.prefetch_related("items").get(pk=edition.pk)
    focus = request.GET.get("focus")
    context = _composer_context(request, edition, edition.to_doc(), edition.version)
    context["focus"] = int(focus) if focus and focus.isdigit() else None
    return render(request, "desk/compose.html", context)


def _save(request: HttpRequest, day: dt.date) -> HttpResponse:
    edition = Edition.objects.filter(date=day).first()
    if edition is None:
        raise Http404
    autosave = request.headers.get("X-Desk-Autosave") == "1"
    form = parse(day, request.POST)
    operation = str(request.POST.get("op", "save"))
    if not autosave and operation != "save":
        form = apply_operation(form, operation, request.POST.getlist("item"))
    error, status = "", 200
    if form.errors:
        error, status = " ".join(form.errors), 400
    else:
        try:
            edition = save_edition(edition, form.version, form.doc, request.user)
        except EditConflictError as conflict:
            error, status = conflict_message(conflict), conflict.status
        except NotEditableError as refused:
            error, status = not_editable_message(edition), refused.status
    if autosave:
        if status != 200:
            return JsonResponse({"error": error, "conflict": status == 409}, status=status)
        text = _("Enregistré à %(time)s") % {"time": local_time(edition.updated_at)}
        return JsonResponse({"version": edition.version, "state": text})
    if status != 200:
        edition.refresh_from_db()
        context = _composer_context(request, edition, form.doc, form.version, error=error)
        context["conflict"] = status == 409
        return render(request, "desk/compose.html", context, status=status)
    url = reverse("desk:compose", args=[day])
    if form.focus is not None:
        return redirect(f"{url}?focus={form.focus + 1}#item-{form.focus + 1}")
    messages.success(request, _("Édition enregistrée."))
    return redirect(url)


@role_required()
def markdown(request: HttpRequest, day: dt.date) -> HttpResponse:
    """The whole edition as one Markdown file; errors name the line; version checked."""
    edition = Edition.objects.prefetch_related("items").filter(date=day).first()
    if edition is None:
        raise Http404
    source, version, error, status = format_edition(edition.to_doc()), edition.version, "", 200
    if request.method == "POST":
        source = str(request.POST.get("source", ""))
        status = 400
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            error = _("Le formulaire n’indique pas sa version : rechargez la page.")
        else:
            try:
                doc = parse_edition(source)
                if doc.date != day:
                    error = _(
                        "La date du fichier (%(found)s) n’est pas celle de cette édition (%(day)s)."
                    ) % {"found": doc.date.isoformat(), "day": day.isoformat()}
                else:
                    save_edition(edition, version, doc, request.user)
                    messages.success(request, _("Édition enregistrée depuis le Markdown."))
                    return redirect("desk:compose", day=day)
            except EditionFormatError as bad:
                error = _("Ligne %(line)d : %(message)s") % {
                    "line": bad.line,
                    "message": bad.message,
                }
            except EditConflictError as conflict:
                error, status = conflict_message(conflict), conflict.status
            except NotEditableError as refused:
                error, status = not_editable_message(edition), refused.status
    return render(
        request,
        "desk/markdown.html",
        {
            "edition": edition,
            "day_text": french_day(day),
            "source": source,
            "version": version,
            "error": error,
            "editable": edition.status in EDITABLE,
        },
        status=status,
    )


def _framed_preview(response: HttpResponse) -> HttpResponse:
    # Shown in the composer's sandboxed iframes: a sandboxed document of its own, framed
    # only by the desk (same origin); email HTML needs its inline styles.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline' 'self'; "
        "frame-ancestors 'self'"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@xframe_options_sameorigin
@role_required()
def preview(request: HttpRequest, day: dt.date, fmt: str) -> HttpResponse:
    """The saved edition as readers will get it: web page, email HTML or plain text."""
    if fmt not in PREVIEW_FORMATS:
        raise Http404
    edition = Edition.objects.prefetch_related("items").filter(date=day).first()
    if edition is None:
        raise Http404
    return _framed_preview(preview_response(request, edition, fmt))


@require_GET
@role_required()
def checks(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Every check of the saved edition; the links are checked in the background (polled)."""
    edition = Edition.objects.prefetch_related("items").filter(date=day).first()
    if edition is None:
        raise Http404
    results = edition_checks(edition, force_links=request.GET.get("relancer") == "1")
    context = {
        "edition": edition,
        "checks": results,
        "worst": desk_checks.worst(results),
        "pending": any(c.level == desk_checks.PENDING for c in results),
        "checked_at": local_time(timezone.now()),
        "version": edition.version,
    }
    template = "desk/checks.html#checks" if request.GET.get("partiel") else "desk/checks.html"
    return render(request, template, context)
