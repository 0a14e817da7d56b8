"""The newsroom's errors.

NumeriqError
└── NewsroomError
    ├── DraftRefusedError      the day's edition is not an untouched newsroom draft (date)
    └── NothingToDraftError    no item in the day's window (date, start, end)
"""

from __future__ import annotations

import datetime as dt

from numeriq import NumeriqError


class NewsroomError(NumeriqError):
    """Base of the errors of the newsroom stage."""


class DraftRefusedError(NewsroomError):
    """The day's edition exists and is not an untouched newsroom draft."""

    def __init__(self, day: dt.date, why: str) -> None:
        super().__init__(f"the edition of {day.isoformat()} is not replaced: {why}")
        self.date = day


class NothingToDraftError(NewsroomError):
    """No item in the day's window."""

    def __init__(self, day: dt.date, start: dt.datetime, end: dt.datetime) -> None:
        super().__init__(
            f"no item published between {start:%Y-%m-%d %H:%M} and {end:%Y-%m-%d %H:%M} "
            f"for {day.isoformat()}: run `numeriq ingest` first"
        )
        self.date = day
        self.start = start
        self.end = end
