"""Dates typed the French way, read back (the back office's search by date)."""

from __future__ import annotations

import pytest

from numeriq.text.french import DayQuery, parse_day


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("28/11/2026", DayQuery(28, 11, 2026)),
        ("28/11/26", DayQuery(28, 11, 2026)),
        ("28.11.2026", DayQuery(28, 11, 2026)),
        ("2026-11-28", DayQuery(28, 11, 2026)),
        ("28 novembre", DayQuery(28, 11, None)),
        ("28 Novembre 2026", DayQuery(28, 11, 2026)),
        ("1er décembre 2026", DayQuery(1, 12, 2026)),
        ("1er decembre", DayQuery(1, 12, None)),
        ("samedi 28 novembre", DayQuery(28, 11, None)),
        ("  28/11 ", DayQuery(28, 11, None)),
        ("29 février", DayQuery(29, 2, None)),
    ],
)
def test_dates_as_typed(typed: str, expected: DayQuery) -> None:
    """Numeric, ISO and written-out dates, with or without the year."""
    assert parse_day(typed) == expected


@pytest.mark.parametrize(
    "typed", ["Vélivre", "31/11/2026", "30 février", "28 brumaire", "2026", "400 emplois", ""]
)
def test_what_is_not_a_date(typed: str) -> None:
    """Words, impossible days and lone numbers are not dates."""
    assert parse_day(typed) is None
