"""Banners every desk page shows: sends the scheduler left, the publisher's missing details."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from numeriq.delivery.scheduling import stale_editions
from numeriq.site import legal
from numeriq.site.templatetags.french import long_date

DESK_PREFIX = "/redaction/"


def stale_sends(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `stale_sends`, one French sentence and a link per missed send."""
    user = getattr(request, "user", None)
    if not request.path.startswith(DESK_PREFIX) or user is None or not user.is_authenticated:
        return {}
    banners = []
    for edition in stale_editions():
        assert edition.scheduled_at is not None
        when = timezone.localtime(edition.scheduled_at)
        banners.append(
            {
                "text": _(
                    "L’édition du %(day)s devait partir le %(when)s : elle n’a pas été envoyée, "
                    "car le processus d’envoi (numeriq worker) ne tournait pas et le retard "
                    "dépasse %(hours)s. Envoyez-la maintenant ou programmez-la à nouveau."
                )
                % {
                    "day": long_date(edition.date, "j F Y"),
                    "when": long_date(when, "j F Y à H:i"),
                    "hours": _hours(int(settings.SEND_STALE_MINUTES)),
                },
                "url": reverse("desk:compose", kwargs={"day": edition.date}),
            }
        )
    return {"stale_sends": banners}


def publisher_details(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `legal_problems`, what the mentions légales still lack (desk only)."""
    user = getattr(request, "user", None)
    if not request.path.startswith(DESK_PREFIX) or user is None or not user.is_authenticated:
        return {}
    return {"legal_problems": legal.problems()}


def _hours(minutes: int) -> str:
    if minutes % 60:
        return _("%(n)d minutes") % {"n": minutes}
    return _("%(n)d heures") % {"n": minutes // 60} if minutes != 60 else _("une heure")
