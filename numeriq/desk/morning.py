"""The morning desk: today's edition at a glance (and the day's ranked stories, see below)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from numeriq.desk.composer import french_day
from numeriq.desk.roles import role_required
from numeriq.editions.models import Edition


@role_required()
def desk(request: HttpRequest) -> HttpResponse:
    """Today's edition and where to go next."""
    today = timezone.localdate()
    edition = Edition.objects.prefetch_related("items").filter(date=today).first()
    return render(
        request,
        "desk/morning.html",
        {"nav": "home", "today": today, "day_text": french_day(today), "edition": edition},
    )
