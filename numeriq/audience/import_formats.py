"""Subscriber export files of other platforms: format from the header, rows as values (pure).

Recognised exports (column names as the platforms write them):

- Mailchimp audience export: one file per status (subscribed, unsubscribed, cleaned), with
  "Email Address", "First Name", "Last Name", …, "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP",
  "CONFIRM_TIME", "CONFIRM_IP", …, "LAST_CHANGED", "LEID", "EUID", "NOTES", "TAGS"; the
  unsubscribed file adds "UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", … and the cleaned file adds
  "CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", …  Times are UTC without an offset.
- Substack: "email", "active_subscription", "expiry", "plan", "email_disabled",
  "created_at" (some exports "subscription_created_at" or "subscription_date"),
  "first_payment_at".
- listmonk: "uuid", "email", "name", "attributes", "status" (enabled / disabled /
  blocklisted), "created_at", "updated_at"; times as Go prints them
  ("2024-03-01 09:30:00.123456 +0100 CET").
- Ghost members: "id", "email", "name", "note", "subscribed_to_emails" ("subscribed" before
  Ghost 4), "complimentary_plan", "stripe_customer_id", "created_at", "deleted_at",
  "labels", "tiers".
- numeriq's own export (`numeriq subscribers export`): "email", "status", "frequency",
  "source", "created_at", "confirmed_at", "unsubscribed_at".
- plain: one address per line, with or without a header line (a first cell without "@").

Each row becomes a `SourceRow`: the address as written, what the source says of it
(`SourceStatus`), its consent and leaving dates and a name. Deciding what that means for
the database is importing.py's job.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, Protocol

from numeriq.audience.errors import ImportFormatError, UndecodableError


class RowError(ValueError):
    """One row that cannot be read (a date or status the format does not allow); says why."""

    def __init__(self, category: str, detail: str = "") -> None:
        super().__init__(f"{category}: {detail}" if detail else category)
        self.category = category
        self.detail = detail


class Format(StrEnum):
    """The subscriber exports numeriq can import."""

    MAILCHIMP = "mailchimp"
    SUBSTACK = "substack"
    LISTMONK = "listmonk"
    GHOST = "ghost"
    NUMERIQ = "numeriq"
    PLAIN = "plain"


class SourceStatus(StrEnum):
    """What the exporting platform says of an address, from most to least mailable."""

    SUBSCRIBED = "subscribed"
    PENDING = "pending"  # asked but never confirmed
    UNSUBSCRIBED = "unsubscribed"  # Mailchimp unsubscribed, listmonk blocklisted/disabled…
    BOUNCED = "bounced"  # Mailchimp "cleaned": hard bounces
    COMPLAINED = "complained"


class SourceRow(NamedTuple):
    """One person as the export file describes them (a NamedTuple: built a million times)."""

    email: str
    status: SourceStatus
    consent_at: dt.datetime | None = None  # when they opted in
    confirmed_at: dt.datetime | None = None  # when they confirmed (double opt-in)
    left_at: dt.datetime | None = None  # when they unsubscribed or were cleaned
    name: str = ""
    frequency: str = ""  # numeriq's own export only


@dataclass(frozen=True)
class Layout:
    """How a file is written: delimiter, format, whether line 1 is a header, its cells."""

    delimiter: str
    format: Format
    has_header: bool
    header: tuple[str, ...]


# --- reading the first line -----------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a CSV file from its first line: the most frequent of , ; TAB outside quotes.

    csv.Sniffer guesses from letters too and fails on one-column files; a header line is
    enough here, and French spreadsheets write ';'.
    """
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _key(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().lower()


def _keys(header: Sequence[str]) -> list[str]:
    return [_key(cell) for cell in header]


_MAILCHIMP_MARKERS = {"member_rating", "optin_time", "confirm_time", "leid", "euid", "last_changed"}
_NUMERIQ_COLUMNS = {"email", "status", "frequency", "source", "confirmed_at", "unsubscribed_at"}


def detect_format(header: Sequence[str]) -> Format | None:
    """The format whose export has this first row, or None when none matches."""
    keys = set(_keys(header)) - {""}
    if keys >= _NUMERIQ_COLUMNS:
        return Format.NUMERIQ
    if "email address" in keys and keys & _MAILCHIMP_MARKERS:
        return Format.MAILCHIMP
    if {"uuid", "email", "status", "attributes"} <= keys:
        return Format.LISTMONK
    if "email" in keys and (
        "subscribed_to_emails" in keys or {"complimentary_plan", "stripe_customer_id"} <= keys
    ):
        return Format.GHOST
    if "email" in keys and keys & {"email_disabled", "active_subscription"}:
        return Format.SUBSTACK
    if len([cell for cell in header if cell.strip()]) == 1:
        return Format.PLAIN
    return None


def layout(first_row: Sequence[str], delimiter: str, forced: Format | None = None) -> Layout:
    """The layout of a file from its first row; ImportFormatError when it is unrecognised."""
    cells = [cell.lstrip("\ufeff") for cell in first_row]
    fmt = forced or detect_format(cells)
    if fmt is None:
        shown = ", ".join(repr(cell) for cell in cells[:8]) + (", …" if len(cells) > 8 else "")
        raise ImportFormatError(
            f"cannot recognise the format from the first line ({shown}); "
            f"say which with --format ({', '.join(f.value for f in Format)})"
        )
    # A plain file starts with a header only when its first cell is not an address.
    has_header = fmt is not Format.PLAIN or not any("@" in cell for cell in cells)
    return Layout(delimiter, fmt, has_header, tuple(cells))


# --- values -------------------------------------------------------------------------------


def parse_datetime(text: str) -> dt.datetime | None:
    """An aware datetime from the ways exports write times (naive ones are UTC); None if empty.

    ISO 8601 ("2021-03-04T10:00:00.000Z", "2021-03-04 10:00:00", "2021-03-04") and Go's
    time.String() of listmonk ("2021-03-04 10:00:00.123456789 +0100 CET"). ValueError
    otherwise.
    """
    text = text.strip()
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = _go_time(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _go_time(text: str) -> dt.datetime:
    parts = text.split(" ")
    if len(parts) < 3 or parts[2][:1] not in ("+", "-") or len(parts[2]) != 5:
        raise ValueError(f"not a date: {text!r}")
    day, clock, offset = parts[0], parts[1], parts[2]
    if "." in clock:  # Go prints up to nanoseconds; Python takes microseconds
        whole, fraction = clock.split(".", 1)
        clock = f"{whole}.{fraction[:6].ljust(6, '0')}"
    return dt.datetime.fromisoformat(f"{day}T{clock}{offset[:3]}:{offset[3:]}")


_FLAGS = {"true": True, "1": True, "yes": True, "y": True, "t": True, "oui": True}
_FLAGS |= {"false": False, "0": False, "no": False, "n": False, "f": False, "non": False, "": False}


def parse_flag(text: str, column: str) -> bool:
    """A boolean cell (true/false, 1/0, yes/no); RowError for anything else."""
    value = _FLAGS.get(text)
    if value is None:
        value = _FLAGS.get(text.strip().lower())
        if value is None:
            raise RowError("unreadable value", f"{text!r} in {column}")
    return value


def status_from_filename(name: str) -> SourceStatus | None:
    """What a Mailchimp export's file name says of every row in it (unsubscribed_…, cleaned_…).

    Used only to make rows less mailable, never more.
    """
    base = name.rsplit("/", 1)[-1].lower()
    if base.startswith("unsubscribed"):
        return SourceStatus.UNSUBSCRIBED
    if base.startswith("cleaned"):
        return SourceStatus.BOUNCED
    return None


# --- one mapper per format ------------------------------------------------------------------
#
# Mappers run once per row, a million times per big import: they index cells directly (rows
# arrive padded with empty cells, so a column the file lacks reads as ""), and build the
# tuples with tuple.__new__, which skips the NamedTuple's Python-level __new__ (0.3 µs).

Mapper = Callable[[list[str]], SourceRow]
_new = tuple.__new__


class _Columns:
    """Positions of named columns in a header, looked up case-insensitively."""

    def __init__(self, header: Sequence[str], fmt: Format) -> None:
        self.keys = _keys(header)
        self.format = fmt
        self.blank = len(self.keys)  # the first padding cell: always ""

    def find(self, *names: str) -> int | None:
        """The position of the first of these columns the header has, or None."""
        for name in names:
            if name in self.keys:
                return self.keys.index(name)
        return None

    def at(self, *names: str) -> int:
        """The position of the first of these columns, or of a padding cell (always "")."""
        index = self.find(*names)
        return self.blank if index is None else index

    def need(self, *names: str) -> int:
        """The position of a column the format cannot do without; ImportFormatError if absent."""
        index = self.find(*names)
        if index is None:
            raise ImportFormatError(
                f"a {self.format.value} export needs a {names[0]!r} column; the first line "
                f"has {', '.join(repr(key) for key in self.keys if key) or 'no columns'}"
            )
        return index


_fromisoformat = dt.datetime.fromisoformat


def _date(text: str, column: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = _fromisoformat(text)
    except ValueError:
        try:
            return parse_datetime(text)
        except ValueError:
            raise RowError("unreadable date", f"{text!r} in {column}") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _mailchimp(cols: _Columns, default: SourceStatus) -> Mapper:
    email = cols.need("email address")
    optin, confirm = cols.at("optin_time"), cols.at("confirm_time")
    unsub, clean = cols.find("unsub_time"), cols.find("clean_time")
    first, last = cols.at("first name", "fname"), cols.at("last name", "lname")
    # Mailchimp writes one file per status: the UNSUB_/CLEAN_ columns say which file this is.
    if clean is not None:
        status, left = SourceStatus.BOUNCED, clean
    elif unsub is not None:
        status, left = SourceStatus.UNSUBSCRIBED, unsub
    else:
        status, left = default, cols.blank

    def row_of(row: list[str]) -> SourceRow:
        opted = _date(row[optin], "OPTIN_TIME")
        confirmed = _date(row[confirm], "CONFIRM_TIME")
        name = f"{row[first].strip()} {row[last].strip()}".strip()
        gone = _date(row[left], "UNSUB_TIME/CLEAN_TIME")
        return _new(
            SourceRow, (row[email], status, opted or confirmed, confirmed or opted, gone, name, "")
        )

    return row_of


def _substack(cols: _Columns, default: SourceStatus) -> Mapper:
    email = cols.need("email")
    disabled, active = cols.find("email_disabled"), cols.at("active_subscription")
    created = cols.at("subscription_date", "created_at", "subscription_created_at")
    name = cols.at("name")
    unsubscribed = SourceStatus.UNSUBSCRIBED

    def row_of(row: list[str]) -> SourceRow:
        # email_disabled is what stops Substack mailing someone; without that column, fall
        # back on active_subscription (false = not mailed).
        if disabled is not None:
            mailed = not parse_flag(row[disabled], "email_disabled")
        else:
            mailed = parse_flag(row[active], "active_subscription")
        at = _date(row[created], "created_at")
        status = default if mailed else unsubscribed
        return _new(SourceRow, (row[email], status, at, at, None, row[name].strip(), ""))

    return row_of


_LISTMONK = {
    "enabled": SourceStatus.SUBSCRIBED,
    "disabled": SourceStatus.UNSUBSCRIBED,
    "blocklisted": SourceStatus.UNSUBSCRIBED,
    "blacklisted": SourceStatus.UNSUBSCRIBED,  # listmonk before v1
}


def _listmonk(cols: _Columns, default: SourceStatus) -> Mapper:
    email, state = cols.need("email"), cols.need("status")
    created, updated, name = cols.at("created_at"), cols.at("updated_at"), cols.at("name")
    subscribed = SourceStatus.SUBSCRIBED

    def row_of(row: list[str]) -> SourceRow:
        text = row[state]
        status = _LISTMONK.get(text) or _LISTMONK.get(text.strip().lower())
        if status is None:
            raise RowError("unknown status", repr(text))
        at = _date(row[created], "created_at")
        if status is subscribed:
            return _new(SourceRow, (row[email], default, at, at, None, row[name].strip(), ""))
        left = _date(row[updated], "updated_at")
        return _new(SourceRow, (row[email], status, at, None, left, row[name].strip(), ""))

    return row_of


def _ghost(cols: _Columns, default: SourceStatus) -> Mapper:
    email = cols.need("email")
    subscribed = cols.need("subscribed_to_emails", "subscribed")
    created, deleted, name = cols.at("created_at"), cols.at("deleted_at"), cols.at("name")
    unsubscribed = SourceStatus.UNSUBSCRIBED

    def row_of(row: list[str]) -> SourceRow:
        at = _date(row[created], "created_at")
        gone = _date(row[deleted], "deleted_at")
        if gone is None and parse_flag(row[subscribed], "subscribed_to_emails"):
            return _new(SourceRow, (row[email], default, at, at, None, row[name].strip(), ""))
        return _new(SourceRow, (row[email], unsubscribed, at, None, gone, row[name].strip(), ""))

    return row_of


_NUMERIQ = {
    "active": SourceStatus.SUBSCRIBED,
    "pending": SourceStatus.PENDING,
    "unsubscribed": SourceStatus.UNSUBSCRIBED,
    "bounced": SourceStatus.BOUNCED,
    "complained": SourceStatus.COMPLAINED,
}


def _numeriq(cols: _Columns, default: SourceStatus) -> Mapper:
    email, state = cols.need("email"), cols.need("status")
    frequency = cols.at("frequency")
    created, confirmed = cols.at("created_at"), cols.at("confirmed_at")
    left = cols.at("unsubscribed_at")
    subscribed = SourceStatus.SUBSCRIBED

    def row_of(row: list[str]) -> SourceRow:
        text = row[state]
        status = _NUMERIQ.get(text) or _NUMERIQ.get(text.strip().lower())
        if status is None:
            raise RowError("unknown status", repr(text))
        return _new(
            SourceRow,
            (
                row[email],
                default if status is subscribed else status,
                _date(row[created], "created_at"),
                _date(row[confirmed], "confirmed_at"),
                _date(row[left], "unsubscribed_at"),
                "",
                row[frequency].strip().lower(),
            ),
        )

    return row_of


def _plain(cols: _Columns, default: SourceStatus) -> Mapper:
    def row_of(row: list[str]) -> SourceRow:
        return _new(SourceRow, (row[0], default, None, None, None, "", ""))

    return row_of


_MAPPERS: dict[Format, Callable[[_Columns, SourceStatus], Mapper]] = {
    Format.MAILCHIMP: _mailchimp,
    Format.SUBSTACK: _substack,
    Format.LISTMONK: _listmonk,
    Format.GHOST: _ghost,
    Format.NUMERIQ: _numeriq,
    Format.PLAIN: _plain,
}


def mapper(shape: Layout, status: SourceStatus | None = None) -> Mapper:
    """The function that turns one row of this layout into a SourceRow (RowError if it can't).

    `status` (from --status or the file name) replaces "subscribed" for rows the file does
    not mark otherwise: it can make rows less mailable, never more. The mapper expects rows
    as read_rows passes them: padded with at least one empty cell past the header's width.
    """
    header = shape.header if shape.has_header else ("email",)
    return _MAPPERS[shape.format](_Columns(header, shape.format), status or SourceStatus.SUBSCRIBED)


# --- the whole file -------------------------------------------------------------------------


class _Reader(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class Parsed(NamedTuple):
    """One data row of a file: its line number, the address text, and a row or why not."""

    line: int
    email: str
    row: SourceRow | None
    error: RowError | None


def read_rows(
    lines: Iterable[str], *, fmt: Format | None = None, status: SourceStatus | None = None
) -> tuple[Layout, Iterator[Parsed]]:
    """Detect the layout from the first non-blank line, then parse every data row lazily.

    `lines` is any iterable of text lines (an open file: nothing is read ahead beyond what
    csv needs). Blank lines and rows of empty cells are skipped; line numbers are the file's.
    ImportFormatError when the format cannot be recognised.
    """
    source = iter(lines)
    skipped = 0
    try:
        for first in source:
            if first.strip().lstrip("\ufeff").strip():
                break
            skipped += 1
        else:
            raise ImportFormatError("the file is empty")
        delimiter = sniff_delimiter(first)
        reader: _Reader = csv.reader(_chain(first, source), delimiter=delimiter)
        first_row = next(reader)
    except UnicodeDecodeError:
        raise UndecodableError(skipped) from None
    except csv.Error as error:
        raise ImportFormatError(f"line {skipped + 1}: {error}") from None
    shape = layout(first_row, delimiter, fmt)
    to_row = mapper(shape, status)
    email_at = 0 if shape.format is Format.PLAIN else _email_column(shape)
    return shape, _parse(reader, first_row, shape, to_row, email_at, skipped)


def _email_column(shape: Layout) -> int:
    keys = _keys(shape.header)
    name = "email address" if shape.format is Format.MAILCHIMP else "email"
    return keys.index(name)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _parse(
    reader: _Reader,
    first_row: list[str],
    shape: Layout,
    to_row: Mapper,
    email_at: int,
    offset: int,
) -> Iterator[Parsed]:
    # Padding every row to one cell past the header lets mappers index without checks.
    pad = [""] * (len(shape.header) + 1)
    rows: Iterable[list[str]] = reader if shape.has_header else _chain_rows(first_row, reader)
    try:
        for row in rows:
            if not any(row):  # a blank line ([]) or a row of empty cells
                continue
            row.extend(pad)
            try:
                item = _new(Parsed, (offset + reader.line_num, row[email_at], to_row(row), None))
            except RowError as error:
                item = _new(Parsed, (offset + reader.line_num, row[email_at], None, error))
            yield item
    except UnicodeDecodeError:
        raise UndecodableError(offset + reader.line_num) from None
    except csv.Error as error:
        raise ImportFormatError(f"line {offset + reader.line_num + 1}: {error}") from None


def _chain_rows(first: list[str], rest: Iterable[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest
