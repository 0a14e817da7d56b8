"""Template filters for French typography on texts stored as typed, and French dates."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format

from numeriq.text.french import french_number
from numeriq.text.typography import typographize

register = template.Library()
_FIRST = re.compile(r"(?<![\d:])1(?![\d:])")


def long_date(value: dt.date | dt.datetime, fmt: str = "l j F Y") -> str:
    """Django's date format in the active language, with « 1er » for the first of a month."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = date_format(value, fmt)
    if "j" in fmt and value.day == 1 and (translation.get_language() or "fr").startswith("fr"):
        text = _FIRST.sub("1er", text, count=1)
    return text


@register.filter
def jour(value: dt.date | dt.datetime | None, fmt: str = "l j F Y") -> str:
    """A date written out as French writes it: « mardi 1er décembre 2026 »."""
    return long_date(value, fmt) if value else ""


@register.filter
def typo(text: object) -> str:
    """French typography (curly apostrophes, no-break spaces) on a plain text."""
    return typographize(str(text or ""))


@register.filter
def nombre(value: float | None, decimals: int = 0) -> str:
    """A count or a figure as the active language writes it: « 40 000 », « 5,9 » in French."""
    if value is None or value == "":
        return ""
    if (translation.get_language() or "fr").startswith("fr"):
        return french_number(float(value) if decimals else round(value), decimals)
    return number_format(value, decimals, force_grouping=True)
