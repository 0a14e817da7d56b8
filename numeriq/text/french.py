"""French words for dates, durations and numbers (pure)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_date(day: dt.date) -> str:
    """Write a date the French way: '1er juin 2018', '13 juin 2018'."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def french_weekday_date(day: dt.date) -> str:
    """'mercredi 13 juin 2018'."""
    return f"{WEEKDAYS[day.weekday()]} {french_date(day)}"


def french_month(year: int, month: int) -> str:
    """'juin 2018'."""
    return f"{MONTHS[month - 1]} {year}"


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes to read that many words: at least one, none for an empty text."""
    if words <= 0:
        return 0
    return max(1, round(words / max(1, words_per_minute)))


def french_number(value: float, decimals: int = 0) -> str:
    """A number as French writes it: '40\u202f000', '5,9', '1\u202f234,5' (digit groups by a
    narrow no-break space, decimal comma), rounded to `decimals` places."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


class DayQuery(NamedTuple):
    """A day as someone typed it: day and month, and the year when given."""

    day: int
    month: int
    year: int | None


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_BARE_MONTHS = {_bare(name): number for number, name in enumerate(MONTHS, 1)}
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(?:[a-z]+\s+)?(\d{1,2})(?:er)?\s+([a-z]+)(?:\s+(\d{4}))?")


def parse_day(text: str) -> DayQuery | None:
    """A date typed as the French write it: « 28/11/2026 », « 2026-11-28 », « 28 novembre »,
    « 1er décembre 2026 », « samedi 28 novembre »; None when the text is not one."""
    bare = " ".join(_bare(text).split())
    day: int
    month: int
    year: int | None
    if found := _ISO.fullmatch(bare):
        year, month, day = (int(part) for part in found.groups())
    elif found := _NUMERIC.fullmatch(bare):
        day, month = int(found[1]), int(found[2])
        year = int(found[3]) if found[3] else None
        if year is not None and year < 100:
            year += 2000
    elif (found := _WORDS.fullmatch(bare)) and found[2] in _BARE_MONTHS:
        day, month = int(found[1]), _BARE_MONTHS[found[2]]
        year = int(found[3]) if found[3] else None
    else:
        return None
    try:  # a day that exists (in a leap year when no year is given)
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    return DayQuery(day, month, year)
