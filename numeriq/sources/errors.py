"""The sources stage's errors.

NumeriqError
└── SourceError
    ├── FeedError              a document that is not a feed we can read
    ├── InvalidSourceError     a source URL refused (url, reason)
    ├── OpmlError              an OPML file we cannot read
    └── SourceNotFoundError    no source with that URL or number (ref)
"""

from __future__ import annotations

from pathlib import Path

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


class InvalidSourceError(SourceError):
    """A source URL refused: `reason` is one of ENGLISH's keys (the back office words its own)."""

    ENGLISH = {
        "empty": "a source needs a URL or a file path",
        "scheme": "{url!r}: only http(s) URLs, file:// URLs and paths are sources",
        "host": "{url!r}: the URL names no host",
        "address": "{url!r}: a loopback, private or reserved address is not a source "
        "(NUMERIQ_FETCH_ALLOW_PRIVATE allows intranet feeds)",
        "local": "{url!r}: local files are sources from the command line only",
        "outside": "{url!r}: local feeds must be under {root} (NUMERIQ_SOURCES_LOCAL_DIR)",
    }

    def __init__(self, url: str, reason: str, root: Path | None = None) -> None:
        super().__init__(self.ENGLISH[reason].format(url=url, root=root))
        self.url = url
        self.reason = reason
