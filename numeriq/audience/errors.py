"""The audience stage's errors.

NumeriqError
└── AudienceError
    ├── InvalidAddressError    not a valid email address (address, reason)
    ├── ImportFormatError      a file whose format cannot be recognised
    │   └── UndecodableError   bytes not in the file's encoding after a line (line)
    ├── ImportFileError        a file that cannot be read
    ├── ExportError            an export that cannot be made as asked
    ├── InvalidTokenError      an altered, forged or expired link (reason)
    ├── ApiTokenError          an API token name taken, unknown or refused (name, reason)
    ├── ApiRequestError        a request the API refuses (status, code, message)
    └── UnknownSubscriberError no subscriber has that address (address)
"""

from __future__ import annotations

from numeriq import NumeriqError


class AudienceError(NumeriqError):
    """Base of the errors of the audience stage."""


class InvalidAddressError(AudienceError):
    """An address that is not a valid email address; says why."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"{address!r} is not a valid email address: {reason}")
        self.address = address
        self.reason = reason


class ImportFormatError(AudienceError):
    """A file whose format cannot be recognised, or that lacks a column its format needs."""


class UndecodableError(ImportFormatError):
    """Bytes that are not text in the file's encoding, somewhere after a given line."""

    def __init__(self, line: int) -> None:
        super().__init__(f"the text after line {line} is not in the expected encoding")
        self.line = line


class ImportFileError(AudienceError):
    """A file that cannot be read: missing, unreadable, or not in the expected encoding."""


class ExportError(AudienceError):
    """An export that cannot be made as asked (unknown format or status)."""


class InvalidTokenError(AudienceError):
    """A link that was altered, forged, expired, or whose subscriber is gone."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid link: {reason}")
        self.reason = reason


class ApiTokenError(AudienceError):
    """A token name that is taken, unknown or not acceptable."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"API token {name!r}: {reason}")
        self.name = name
        self.reason = reason


class ApiRequestError(AudienceError):
    """A request the API refuses: carries the HTTP status, a stable code and a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class UnknownSubscriberError(AudienceError):
    """No subscriber has that address."""

    def __init__(self, address: str) -> None:
        super().__init__(f"no subscriber with the address {address!r}")
        self.address = address
