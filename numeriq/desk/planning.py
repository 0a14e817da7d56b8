"""The editorial calendar: the coming days with their edition's state, a new edition in one click.

Creating an edition is a POST (a GET never writes); any date can be planned, and every day
page of the desk links to the previous and next day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from numeriq.desk.editing import edition_of_day
from numeriq.desk.roles import role_required
from numeriq.editions.document import ItemKind
from numeriq.editions.models import Edition, EditionItem
from numeriq.site.templatetags.french import long_date

DAYS_SHOWN = 14
PAST_SHOWN = 3
EMPTY = "empty"


@dataclass(frozen=True)
class CalendarDay:
    """One day of the calendar: its date, its edition (if any) and what it shows."""

    day: dt.date
    state: str  # "empty" or an EditionStatus value
    state_label: str
    headline: str
    items: int
    is_today: bool


def days_around(start: dt.date, count: int = DAYS_SHOWN) -> list[dt.date]:
    """`count` consecutive days from `start`."""
    return [start + dt.timedelta(days=n) for n in range(count)]


def calendar_days(start: dt.date, today: dt.date, count: int = DAYS_SHOWN) -> list[CalendarDay]:
    """The days from `start` with the state of their edition (one query)."""
    days = days_around(start, count)
    editions = {
        e.date: e
        for e in Edition.objects.filter(date__gte=days[0], date__lte=days[-1]).only(
            "date", "status", "headline"
        )
    }
    counts: dict[dt.date, int] = {}
    leads: dict[dt.date, str] = {}
    items = EditionItem.objects.filter(edition__date__gte=days[0], edition__date__lte=days[-1])
    for date, kind, heading in items.order_by("position").values_list(
        "edition__date", "kind", "heading"
    ):
        counts[date] = counts.get(date, 0) + 1
        if kind == ItemKind.TITLED and heading and date not in leads:
            leads[date] = heading
    rows = []
    for day in days:
        edition = editions.get(day)
        rows.append(
            CalendarDay(
                day=day,
                state=edition.status if edition else EMPTY,
                state_label=edition.get_status_display() if edition else _("Vide"),
                headline=(edition.headline or leads.get(day, "")) if edition else "",
                items=counts.get(day, 0),
                is_today=day == today,
            )
        )
    return rows


def neighbours(day: dt.date) -> dict[str, Any]:
    """The previous and next day, with their French names, for the day pages' navigation."""
    before, after = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    return {
        "previous_day": before,
        "next_day": after,
        "previous_text": long_date(before, "l j F"),
        "next_text": long_date(after, "l j F"),
    }


def _start(raw: str | None, today: dt.date) -> dt.date:
    if not raw:
        return today - dt.timedelta(days=PAST_SHOWN)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as error:
        raise Http404 from error


@role_required()
def calendar(request: HttpRequest) -> HttpResponse:
    """Two weeks of editions from `?depuis=` (default: three days ago), each one click away."""
    today = timezone.localdate()
    start = _start(request.GET.get("depuis"), today)
    step = dt.timedelta(days=DAYS_SHOWN)
    return render(
        request,
        "desk/calendar.html",
        {
            "nav": "calendar",
            "days": calendar_days(start, today),
            "today": today,
            "earlier": start - step,
            "later": start + step,
            "start_text": long_date(start, "j F Y"),
            "end_text": long_date(start + step - dt.timedelta(days=1), "j F Y"),
        },
    )


@require_POST
@role_required()
def create(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Create the (empty, draft) edition of a day, if it has none, and open its composer."""
    existed = Edition.objects.filter(date=day).exists()
    edition_of_day(day)
    if not existed:
        messages.success(
            request,
            _("Édition du %(day)s créée : à vous de l’écrire.")
            % {"day": long_date(day, "l j F Y")},
        )
    return redirect(reverse("desk:compose", args=[day]))
