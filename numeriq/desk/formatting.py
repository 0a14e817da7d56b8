"""Dates and times as the desk's pages write them, in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format


def french_day(day: dt.date) -> str:
    """'vendredi 27 novembre 2026' (or the active language's long date)."""
    return date_format(day, "l j F Y")


def local_time(moment: dt.datetime | None) -> str:
    """'08:12:03' in the desk's time zone."""
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""
