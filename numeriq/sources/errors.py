"""The sources stage's errors.

NumeriqError
└── SourceError
    ├── FeedError              a document that is not a feed we can read
    ├── OpmlError              an OPML file we cannot read
    └── SourceNotFoundError    no source with that URL or number (ref)
"""

from __future__ import annotations

from numeriq import NumeriqError


class SourceError(NumeriqError):
    """Base of the errors of the sources stage."""


class FeedError(SourceError):
    """A document that is not a feed we can read; the message says why."""


class OpmlError(SourceError):
    """An OPML file we cannot read."""


class SourceNotFoundError(SourceError):
    """No source with that URL or number."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"no source {ref!r} (see `numeriq sources list`)")
        self.ref = ref
