"""Dates and times as the desk's pages write them, in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from numeriq.site.templatetags.french import long_date


def french_day(day: dt.date) -> str:
    """'vendredi 27 novembre 2026', 'mardi 1er décembre 2026' (or the active language's)."""
    return long_date(day, "l j F Y")


def local_time(moment: dt.datetime | None) -> str:
    """'08:12:03' in the desk's time zone."""
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""
