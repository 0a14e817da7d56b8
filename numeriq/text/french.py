"""French words for dates, durations and numbers (pure)."""

from __future__ import annotations

import datetime as dt

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
