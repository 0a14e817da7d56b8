"""Reading settings from the environment: declared once, parsed once, failing in one line.

`setting()` reads an environment variable (or the var dir's .env file, which the
environment overrides), parses it like its default or with the given parser, and records
it in DOCUMENTED. A bad value raises SettingError, whose message names the variable and
what it expects; every verb prints it as one line. Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit


class SettingError(Exception):
    """A setting's value cannot be used: the message names it and says what it expects."""


@dataclass(frozen=True)
class SettingDoc:
    """One documented setting: its environment name, default and help line."""

    name: str
    default: str
    help: str


DOCUMENTED: list[SettingDoc] = []


class Parser(NamedTuple):
    """A function turning the raw text into a value, and what it expects (for the error)."""

    parse: Callable[[str], Any]
    expects: str


def setting(name: str, default: Any, help: str, parser: Parser | None = None) -> Any:
    """Declare a setting: the environment's value parsed like the default (or by `parser`)."""
    DOCUMENTED.append(SettingDoc(name, _describe(default), help))
    raw = os.environ.get(name)
    if parser is None:
        parser = _parser_for(default)
        if raw is None:
            return default
    elif raw is None:
        raw = _describe(default)
    try:
        return parser.parse(raw)
    except (ValueError, KeyError, TypeError):
        raise SettingError(f"{name}={shown(raw)!r}: expected {parser.expects}") from None


def shown(raw: str) -> str:
    """The value as an error may print it: a URL's password replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", raw)


def _parser_for(default: Any) -> Parser:
    if isinstance(default, bool):
        return BOOLEAN
    if isinstance(default, int):
        return INTEGER
    if isinstance(default, tuple):
        return Parser(lambda raw: tuple(p.strip() for p in raw.split(",") if p.strip()), "a list")
    return Parser(str, "text")


def _describe(default: Any) -> str:
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, tuple):
        return ",".join(default)
    return str(default)


# --- parsers -----------------------------------------------------------------------------

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ValueError(raw)


def _integer(raw: str) -> int:
    value = int(raw.strip().replace("_", ""))
    if value < 0:
        raise ValueError(raw)
    return value


BOOLEAN = Parser(_boolean, "true or false (also 1/0, yes/no, on/off)")
INTEGER = Parser(_integer, "a whole number, 0 or more (e.g. 500)")


def _time(raw: str) -> dt.time:
    if not re.fullmatch(r"\d{1,2}:\d{2}", raw.strip()):
        raise ValueError(raw)
    hours, minutes = (int(part) for part in raw.strip().split(":"))
    return dt.time(hours, minutes)


TIME = Parser(_time, "a time of day as HH:MM (e.g. 07:00)")


def choice(*values: str) -> Parser:
    """A parser accepting one of `values` (case-insensitive)."""

    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in values:
            raise ValueError(raw)
        return value

    return Parser(parse, "one of " + ", ".join(values))


def choices(*values: str) -> Parser:
    """A parser accepting a comma-separated list of any of `values` (case-insensitive)."""

    def parse(raw: str) -> tuple[str, ...]:
        picked = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
        if any(value not in values for value in picked):
            raise ValueError(raw)
        return tuple(dict.fromkeys(picked))

    return Parser(parse, "any of " + ", ".join(values) + ", comma-separated (or nothing)")


class Rate(NamedTuple):
    """N hits per period: '10/hour' is Rate(10, 3600)."""

    limit: int
    seconds: int

    def __str__(self) -> str:
        unit = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}[self.seconds]
        return f"{self.limit}/{unit}"


_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(raw: str | Rate) -> Rate:
    """'10/hour' → Rate(10, 3600); units second, minute, hour, day (a Rate is returned as is)."""
    if isinstance(raw, Rate):
        return raw
    count, slash, unit = raw.partition("/")
    if not slash:
        raise ValueError(raw)
    return Rate(_integer(count), _UNITS[unit.strip().lower().removesuffix("s")])


RATE = Parser(parse_rate, "N/second, N/minute, N/hour or N/day (e.g. 10/hour)")


# --- the email URL -----------------------------------------------------------------------

EMAIL_SCHEMES = ("capture", "console", "smtp", "smtps", "smtp+plain", "ses", "brevo")


@dataclass(frozen=True)
class EmailUrl:
    """NUMERIQ_EMAIL_URL, parsed: scheme, host, port, credentials and query."""

    url: str
    scheme: str
    host: str
    port: int
    username: str
    password: str
    query: dict[str, str]


def _email_url(raw: str) -> EmailUrl:
    parts = urlsplit(raw.strip())
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ValueError(raw)
    port = parts.port  # ValueError for a port that is not a number
    if scheme in ("smtp", "smtps", "smtp+plain") and not parts.hostname:
        raise ValueError(raw)
    return EmailUrl(
        url=raw.strip(),
        scheme=scheme,
        host=parts.hostname or "",
        port=port or {"smtps": 465, "smtp": 587}.get(scheme, 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        query=dict(parse_qsl(parts.query)),
    )


EMAIL_URL_PARSER = Parser(
    _email_url,
    "capture://, console://, smtp://user:password@host:587, smtps://…, smtp+plain://…, "
    "ses://?region=… or brevo://",
)


# --- drivers that are extras -------------------------------------------------------------


def require_module(module: str, extra: str, why: str) -> None:
    """Fail in one line when an optional driver the settings need is not installed."""
    if importlib.util.find_spec(module) is None:
        raise SettingError(
            f"{why} needs the {module} package, which is not installed: "
            f"pip install 'numeriq[{extra}]'"
        )


# --- the .env file -----------------------------------------------------------------------

_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")


def parse_env_file(text: str, where: str = ".env") -> dict[str, str]:
    """KEY=VALUE lines ('export ' allowed, # comments, values optionally quoted)."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _LINE.fullmatch(stripped)
        if found is None:
            raise SettingError(f"{where}, line {number}: expected NAME=value")
        name, value = found.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values


def load_env_file(path: Path) -> list[str]:
    """Put the file's variables into the environment where not already set; their names."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise SettingError(f"{path}: cannot be read ({error})") from None
    loaded = []
    for name, value in parse_env_file(text, str(path)).items():
        if name not in os.environ:
            os.environ[name] = value
            loaded.append(name)
    return loaded
