"""The desk's errors.

    NumeriqError
    └── DeskError
        ├── EditConflictError      the edition changed since the form was opened (HTTP 409)
        └── NotEditableError       the edition is published or sent (HTTP 409)

Each carries the HTTP status the desk answers with (`status`), so a view never decides it
from a (translated) message.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from numeriq import NumeriqError

if TYPE_CHECKING:
    from numeriq.editions.models import Edition


class DeskError(NumeriqError):
    """Base of the errors of the desk."""

    status = 400


class EditConflictError(DeskError):
    """The edition changed since the form was opened: the save is refused."""

    status = 409

    def __init__(self, edition: Edition, expected: int, by: str, at: dt.datetime | None) -> None:
        super().__init__(
            f"edition {edition.date.isoformat()} is at version {edition.version}, "
            f"the form was opened at version {expected}"
        )
        self.edition = edition
        self.expected = expected
        self.by = by
        self.at = at


class NotEditableError(DeskError):
    """The edition is published or sent: the desk no longer changes it."""

    status = 409

    def __init__(self, edition: Edition) -> None:
        super().__init__(f"edition {edition.date.isoformat()} is {edition.status}")
        self.edition = edition
