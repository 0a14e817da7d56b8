"""Import subscribers from another platform's export: streamed, batched, in one transaction.

The file is read row by row (import_formats.py) and handled in batches of BATCH_SIZE rows.
For files of a few MiB and more, a forked reader process parses, normalises, hashes and
shapes the next batches while this process runs the SQL of the current one (either side
alone takes about as long as the other). Per batch, import_sql.py writes the new
subscribers and their consent events with one statement per table and finds the addresses
that were already there (a query for suppressed hashes too, unless the suppression list is
small enough to be read once): no ORM object and no statement per row. Memory is bounded
by the batch, not the file: duplicates across batches are found in the database itself
(a subscriber this import created in an earlier batch).

Everything runs in one transaction: a failure anywhere (a database error, a bad line found
late, Ctrl+C) leaves the database as it was and removes the partial rejects file. On
SQLite the transaction holds the write lock for the whole import (about 12 s per million
rows), so web sign-ups wait meanwhile (and give up after the 5 s busy timeout): run big
imports off-peak.

What an import does (it never makes an address more mailable than both the file and the
database allow):

- a new address that is subscribed in the file becomes an ACTIVE subscriber (source
  "import"), created and confirmed at the file's consent dates (else now), with one
  IMPORTED consent event naming the format and the file's consent date;
- a new address the file marks unsubscribed / cleaned (bounced) / complained is recorded
  as UNSUBSCRIBED / BOUNCED / COMPLAINED, with its event: never mailed, and no later import
  can activate it (an unsubscribed person can still subscribe again through the form);
- an address whose hash is on the suppression list (erased, hard bounce, complaint, manual)
  is rejected, "suppressed";
- an existing PENDING subscriber becomes ACTIVE when the file says subscribed: the source
  holds a completed opt-in, stronger than the unconfirmed request made here;
- every other existing subscriber (active, unsubscribed, bounced, complained, or pending
  while the file says otherwise) is left exactly as it is: "already there", on every row
  that names it;
- a later row for an address an earlier row of the file created is rejected, "duplicate in
  file"; a row "pending" in a numeriq export is rejected, nobody confirmed it; invalid
  addresses are rejected with email-validator's reason. Names are not kept: numeriq stores
  none.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from itertools import batched
from pathlib import Path
from typing import Any, NamedTuple, cast

from django.db import transaction
from django.utils import timezone

from numeriq.audience import import_pipeline, import_sql
from numeriq.audience.addresses import address_hash, normalise
from numeriq.audience.errors import (
    ImportFileError,
    InvalidAddressError,
    UndecodableError,
)
from numeriq.audience.import_formats import (
    Format,
    Parsed,
    SourceRow,
    SourceStatus,
    read_rows,
    status_from_filename,
)
from numeriq.audience.models import Frequency, SubscriberStatus

BATCH_SIZE = 10_000
# A suppression list up to this size is read once into a set (about 15 MiB at most)
# instead of being queried for every batch.
_SUPPRESSIONS_IN_MEMORY = 100_000

_NEW_STATUS: dict[SourceStatus, str] = {
    SourceStatus.SUBSCRIBED: SubscriberStatus.ACTIVE.value,
    SourceStatus.UNSUBSCRIBED: SubscriberStatus.UNSUBSCRIBED.value,
    SourceStatus.BOUNCED: SubscriberStatus.BOUNCED.value,
    SourceStatus.COMPLAINED: SubscriberStatus.COMPLAINED.value,
}
_FREQUENCIES = frozenset(Frequency.values)


@dataclass
class ImportReport:
    """What an import did, row by row, and how fast (also passed to on_batch as it goes)."""

    path: Path
    rejects_path: Path
    format: str = ""
    dry_run: bool = False
    read: int = 0
    created: Counter[str] = field(default_factory=Counter)  # by new status
    activated: int = 0  # pending → active
    already_there: Counter[str] = field(default_factory=Counter)  # by status in the database
    rejected: Counter[str] = field(default_factory=Counter)  # by reason
    bytes_read: int = 0
    size: int = 0
    seconds: float = 0.0

    @property
    def imported(self) -> int:
        """Subscribers created or activated."""
        return self.created.total() + self.activated

    @property
    def rows_per_second(self) -> float:
        """Rows read per second of wall time."""
        return self.read / self.seconds if self.seconds else 0.0


def default_rejects_path(path: Path) -> Path:
    """Where rejected rows go unless told: FILE.rejects.csv next to the input."""
    return path.with_name(f"{path.stem}.rejects.csv")


def import_subscribers(
    path: str | Path,
    *,
    fmt: Format | None = None,
    status: SourceStatus | None = None,
    rejects: str | Path | None = None,
    encoding: str = "utf-8",
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    on_batch: Callable[[ImportReport], None] | None = None,
    now: dt.datetime | None = None,
    parallel: bool | None = None,
) -> ImportReport:
    """Import a subscriber export file; all or nothing. See the module docstring for the rules.

    `fmt` overrides the format detected from the header; `status` marks every row the file
    does not say otherwise about (e.g. unsubscribed; by default what a Mailchimp file name
    says, unsubscribed_… or cleaned_…). Rejected rows go to `rejects` (default
    FILE.rejects.csv) with their line, address text and reason. `dry_run` does everything,
    then rolls back. `on_batch` is called after each batch with the running report (raising
    there aborts the import and rolls it back). `parallel` reads the file in a separate
    process (default: for files of 4 MiB or more). Raises ImportFileError or
    ImportFormatError before anything is written when the file cannot be read or recognised.
    """
    started = time.perf_counter()
    source = Path(path)
    rejects_path = Path(rejects) if rejects else default_rejects_path(source)
    report = ImportReport(source, rejects_path, dry_run=dry_run)
    status = status or status_from_filename(source.name)
    with _open(source, encoding) as stream:
        report.size = _size(source)
        try:
            shape, rows = read_rows(stream, fmt=fmt, status=status)
        except UndecodableError as error:
            raise _not_decodable(source, encoding, error.line) from None
        report.format = shape.format.value
        if parallel is None:
            parallel = report.size >= import_pipeline.PARALLEL_FROM_BYTES
        part = rejects_path.with_name(rejects_path.name + ".part")
        try:
            out = part.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise ImportFileError(f"cannot write {part}: {error.strerror}") from None
        try:
            with out, transaction.atomic():
                writer = csv.writer(out)
                writer.writerow(["line", "email", "reason"])
                batcher = _Batcher(report, writer, shape.format, now or timezone.now())
                batches: Generator[tuple[list[Prepared], int]]
                if parallel and import_pipeline.CAN_FORK:
                    job = (source, encoding, shape.format, status, batch_size, batcher.values)
                    batches = import_pipeline.from_reader_process(lambda: _read_prepared(*job))
                else:
                    batches = _prepared(stream, rows, batch_size, batcher.values)
                planned = import_pipeline.ahead(batches, batcher.plan)
                try:
                    for plan, position in planned:
                        batcher.run(plan)
                        report.bytes_read = position
                        report.seconds = time.perf_counter() - started
                        if on_batch is not None:
                            on_batch(report)
                finally:
                    planned.close()
                    batches.close()
                    batcher.db.close()
                if dry_run:
                    transaction.set_rollback(True)
        except UndecodableError as error:
            part.unlink(missing_ok=True)
            raise _not_decodable(source, encoding, error.line) from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    part.replace(rejects_path)
    report.bytes_read = report.size
    report.seconds = time.perf_counter() - started
    return report


def _open(path: Path, encoding: str) -> io.TextIOWrapper:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ImportFileError(f"unknown encoding {encoding!r}") from None
    try:
        # utf-8-sig drops the byte order mark spreadsheets put at the start.
        return path.open(encoding="utf-8-sig" if name == "utf-8" else name, newline="")
    except FileNotFoundError:
        raise ImportFileError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror}") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _not_decodable(path: Path, encoding: str, line: int) -> ImportFileError:
    return ImportFileError(
        f"{path} is not {encoding} text (after line {line}); "
        "say which encoding it is in with --encoding, e.g. --encoding cp1252"
    )


# --- the CPU side: parse, normalise, hash, build rows; in a reader process -----------------

# (line, address text, normalised address, its hash, reject reason or None, reject detail,
# the values to insert were it new: see _Values.new). Plain tuples, read through the names
# below: they cross the reader process's pipe, where a NamedTuple pickles 5 to 10 times
# slower than a tuple.
Prepared = tuple[int, str, str, str, str | None, str, tuple[Any, ...]]
LINE, TEXT, EMAIL, HASH, REASON, DETAIL, VALUES = range(7)
# The values of a new subscriber (_Values.new), by position, as import_sql inserts them.
NEW_EMAIL, NEW_STATUS, NEW_FREQUENCY, NEW_CREATED, NEW_CONFIRMED, NEW_LEFT, NEW_DETAIL = range(7)


class _Values:
    """The values a new subscriber and its consent event get from a row (pure).

    `text_in` is the time zone of datetimes stored as text (SQLite: naive UTC text, as
    Django writes them), None where the driver takes datetimes (PostgreSQL).
    """

    def __init__(self, fmt: Format, now: dt.datetime, text_in: dt.tzinfo | None) -> None:
        self.format = fmt.value
        self.now = now
        self.text_in = text_in
        self.now_value = self.when(now)

    def when(self, value: dt.datetime | None) -> Any:
        """A datetime as the database takes it as a parameter."""
        if value is None or self.text_in is None:
            return value
        if value.tzinfo is not self.text_in:
            value = value.astimezone(self.text_in)
        return value.replace(tzinfo=None).isoformat(" ")

    def detail(self, row: SourceRow) -> str:
        """The IMPORTED event's detail: the format, the source's status, the consent date."""
        consent = row.consent_at.isoformat() if row.consent_at else "not in the file"
        text = f"{self.format} import, {row.status} there, consent date {consent}"
        if row.left_at is not None:
            text += f", left {row.left_at.isoformat()}"
        return text[:200]

    def new(self, email: str, row: SourceRow) -> tuple[Any, ...]:
        """(email, status, frequency, created_at, confirmed_at, unsubscribed_at, detail).

        For a row subscribed in the source, confirmed_at is also what an existing pending
        subscriber gets when the row activates it.
        """
        when, now_value = self.when, self.now_value
        kind, at = row.status, row.consent_at
        at_value = now_value if at is None else when(at)
        if kind is SourceStatus.SUBSCRIBED:
            confirmed = row.confirmed_at
            confirmed_value = at_value if confirmed is None or confirmed is at else when(confirmed)
            left_value = None
        elif kind is SourceStatus.UNSUBSCRIBED:
            confirmed_value = when(row.confirmed_at)
            left_value = now_value if row.left_at is None else when(row.left_at)
        else:  # bounced, complained: not an unsubscription (the event's detail has the date)
            confirmed_value, left_value = when(row.confirmed_at), None
        frequency = row.frequency if row.frequency in _FREQUENCIES else "daily"
        return (
            email,
            _NEW_STATUS[kind],
            frequency,
            at_value,
            confirmed_value,
            left_value,
            self.detail(row),
        )


def _prepare(rows: Iterator[Parsed], size: int, values: _Values) -> Iterator[list[Prepared]]:
    """Batches of rows with addresses normalised and hashed and values built, or why not.

    Most rows of an import are new subscribers: building their values here, ahead, costs
    little for the few that turn out not to be, and takes that work off the SQL side.
    """
    pending, new = SourceStatus.PENDING, values.new
    for batch in batched(rows, size):
        out: list[Prepared] = []
        for line, text, row, error in batch:
            if error is not None:
                out.append((line, text, "", "", error.category, error.detail, ()))
            elif row is None or row.status is pending:
                out.append((line, text, "", "", "not confirmed in source", "", ()))
            else:
                try:
                    email = normalise(text)
                except InvalidAddressError as invalid:
                    reason = "invalid address" if text.strip() else "missing address"
                    out.append((line, text, "", "", reason, invalid.reason, ()))
                else:
                    out.append((line, text, email, address_hash(email), None, "", new(email, row)))
        yield out


def _prepared(
    stream: io.TextIOWrapper, rows: Iterator[Parsed], size: int, values: _Values
) -> Generator[tuple[list[Prepared], int]]:
    """Prepared batches read in this process, each with how far into the file it ends."""
    for batch in _prepare(rows, size, values):
        yield batch, cast(io.BufferedReader, stream.buffer).tell()


def _read_prepared(
    path: Path, encoding: str, fmt: Format, status: SourceStatus | None, size: int, values: _Values
) -> Iterator[tuple[list[Prepared], int]]:
    """Open the file again and prepare its batches (what the reader process runs)."""
    with _open(path, encoding) as stream:
        _, rows = read_rows(stream, fmt=fmt, status=status)
        yield from _prepared(stream, rows, size, values)


# --- the database side: classify a batch; import_sql.py writes it --------------------------


class _Plan(NamedTuple):
    """A batch sorted out without the database (see _Batcher.plan)."""

    size: int
    rejected: list[tuple[int, str, str, str]]  # (line, text, reason, detail)
    valid: list[Prepared]
    suppressed: set[str] | None  # None: the database is asked
    firsts: dict[str, tuple[Any, ...]]  # first row per address, suppressed ones left out
    shaped: Any  # firsts as the database's write takes them, when it can be done ahead


class _Batcher:
    """Classifies one batch of prepared rows and writes it: the import's inner loop."""

    def __init__(self, report: ImportReport, rejects: Any, fmt: Format, now: dt.datetime) -> None:
        self.report = report
        self.rejects = rejects
        self.db = import_sql.database()
        self.values = _Values(fmt, now, self.db.text_in)
        self.blocked = self.db.all_suppressed(_SUPPRESSIONS_IN_MEMORY)

    def plan(self, batch: list[Prepared]) -> _Plan:
        """Rejects, valid rows, suppressed addresses (when known here) and first rows per
        address: everything that needs no database (any thread)."""
        rejected: list[tuple[int, str, str, str]] = []
        valid: list[Prepared] = []
        for item in batch:
            if item[REASON] is None:
                valid.append(item)
            else:
                rejected.append((item[LINE], item[TEXT], item[REASON], item[DETAIL]))
        blocked = self.blocked
        suppressed = None if blocked is None else {i[EMAIL] for i in valid if i[HASH] in blocked}
        firsts = _firsts(valid, suppressed or set())
        shaped = None if suppressed is None else self.db.shape(firsts)
        return _Plan(len(batch), rejected, valid, suppressed, firsts, shaped)

    def run(self, plan: _Plan) -> None:
        """Reject, skip, create or activate each row of the batch, in file order."""
        report = self.report
        report.read += plan.size
        rejected, valid, suppressed = plan.rejected, plan.valid, plan.suppressed
        firsts, shaped = plan.firsts, plan.shaped
        if suppressed is None:
            suppressed = self.db.suppressed({item[HASH]: item[EMAIL] for item in valid})
            firsts = _firsts(valid, suppressed)
            shaped = self.db.shape(firsts)
        found = self.db.write(firsts, shaped, self.values.now_value) if firsts else {}
        created: set[str] = set()
        activate: dict[str, tuple[int, tuple[Any, ...]]] = {}
        pending, active = SubscriberStatus.PENDING, SubscriberStatus.ACTIVE.value
        for line, text, email, _, _, _, values in valid:
            there = found.get(email)
            if email in suppressed:
                rejected.append((line, text, "suppressed", ""))
            elif there is None:
                if email in created:
                    rejected.append((line, text, "duplicate in file", ""))
                else:
                    created.add(email)
                    report.created[values[NEW_STATUS]] += 1
            elif there.ours:
                rejected.append((line, text, "duplicate in file", ""))
            elif (
                there.status == pending and values[NEW_STATUS] == active
            ):  # subscribed in the source
                if email in activate:  # as a later batch would see it: active already
                    report.already_there[active] += 1
                else:
                    activate[email] = (there.id, values)
            else:
                report.already_there[there.status] += 1
        if activate:
            self.db.activate(
                [
                    (pk, values[NEW_CONFIRMED], values[NEW_DETAIL])
                    for pk, values in activate.values()
                ],
                self.values.now_value,
            )
            report.activated += len(activate)
        if rejected:
            rejected.sort()
            for line, text, category, detail in rejected:
                report.rejected[category] += 1
                self.rejects.writerow([line, text, f"{category}: {detail}" if detail else category])


def _firsts(valid: list[Prepared], suppressed: set[str]) -> dict[str, tuple[Any, ...]]:
    """The values of each address's first row in the batch, suppressed addresses left out."""
    firsts: dict[str, tuple[Any, ...]] = {}
    for item in valid:
        email = item[EMAIL]
        if email not in firsts and email not in suppressed:
            firsts[email] = item[VALUES]
    return firsts
