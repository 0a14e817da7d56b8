"""The editions stage's errors, every one a NumeriqError that the CLI prints as one line.

NumeriqError
└── EditionError
    ├── TransitionError        a status change the edition's life does not allow
    ├── EditionFormatError     a Markdown source off the format (line, message)
    ├── EditionExistsError     the date is taken and --replace was not asked (date)
    ├── EditionNotFoundError   no edition for that date (date)
    ├── HeaderInjectionError   a header value with a line break or control character
    └── HeaderTextError        a headline, subject, preheader or heading with one (messages)
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from numeriq import NumeriqError


class EditionError(NumeriqError):
    """Base of the errors of the editions stage."""


class TransitionError(EditionError):
    """A state change the edition's life does not allow."""

    def __init__(
        self, day: dt.date, current: str, target: str, *, current_label: str, target_label: str
    ) -> None:
        super().__init__(
            f"edition {day.isoformat()} is {current_label}: it cannot become {target_label}"
        )
        self.date = day
        self.current = current
        self.target = target


class FormatMessage:
    """A message whose words are translated when it is shown, not when it is made.

    The desk shows an edition's format errors to the editor in French (or the editor's
    language); the command line, English throughout, shows the same error in English
    (numeriq.cli prints errors under translation.override("en")).
    """

    def __init__(self, msgid: object, params: dict[str, object]) -> None:
        self.msgid = msgid  # a lazy translation (gettext_lazy)
        self.params = params

    def __str__(self) -> str:
        text = str(self.msgid)
        return text % {k: str(v) for k, v in self.params.items()} if self.params else text


def format_message(msgid: object, **params: object) -> FormatMessage:
    """A format error's message: a gettext_lazy French msgid and its values."""
    return FormatMessage(msgid, params)


class EditionFormatError(EditionError):
    """A Markdown source that does not follow the format; names the line and the problem."""

    def __init__(self, line: int, message: str | FormatMessage) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return str(_("ligne %(line)d : %(message)s") % {"line": self.line, "message": self.message})


class EditionExistsError(EditionError):
    """An edition already exists for that date and replacing it was not asked for."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(
            f"an edition already exists for {day.isoformat()}: use --replace to replace it"
        )
        self.date = day


class EditionNotFoundError(EditionError):
    """No edition for that date."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"no edition for {day.isoformat()}")
        self.date = day


class HeaderInjectionError(EditionError):
    """A header value that would forge other headers: a line break, a bad address (name, value)."""

    def __init__(self, name: str, value: str, reason: str = "a line break") -> None:
        super().__init__(f"the {name} header holds {reason}: {value!r}")
        self.name = name
        self.value = value
        self.reason = reason


class HeaderTextError(EditionError):
    """A headline, subject, preheader or heading holding a control character (French messages)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages
