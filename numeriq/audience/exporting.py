"""Export subscribers as CSV, JSON or JSON Lines, streamed from the database.

Rows are read in chunks (QuerySet.iterator) and written as they come, so an export of
millions of subscribers holds one chunk in memory. Columns, in this order: email, status,
frequency, source, created_at, confirmed_at, unsubscribed_at; times in ISO 8601 with their
offset (UTC), empty (CSV) or null (JSON) when unset. The CSV file is what
`numeriq subscribers import` reads back ("numeriq" format).

- csv: a header line, then one line per subscriber (RFC 4180, CRLF line ends);
- json: one JSON array of objects, written incrementally (valid JSON for json.load);
- jsonl: JSON Lines, one object per line (for jq and streaming readers).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from numeriq.audience.errors import ExportError

FIELDS = (
    "email",
    "status",
    "frequency",
    "source",
    "created_at",
    "confirmed_at",
    "unsubscribed_at",
)
FORMATS = ("csv", "json", "jsonl")
CHUNK_SIZE = 5_000


def parse_statuses(text: str) -> list[str]:
    """Statuses from a comma-separated list ('active,unsubscribed'); ExportError if unknown."""
    from numeriq.audience.models import SubscriberStatus

    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [status for status in wanted if status not in SubscriberStatus.values]
    if unknown:
        raise ExportError(
            f"unknown status {', '.join(unknown)}; "
            f"choose among {', '.join(SubscriberStatus.values)}"
        )
    return wanted


def subscriber_rows(
    statuses: Sequence[str] | None = None, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[Any, ...]]:
    """Subscribers as tuples in FIELDS order, by id, read chunk by chunk."""
    from numeriq.audience.models import Subscriber

    query = Subscriber.objects.order_by("id")
    if statuses:
        query = query.filter(status__in=list(statuses))
    return query.values_list(*FIELDS).iterator(chunk_size=chunk_size)


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def write_csv(rows: Iterable[tuple[Any, ...]], out: TextIO) -> int:
    """Write the rows as CSV with a header; return how many."""
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for email, status, frequency, source, created, confirmed, left in rows:
        writer.writerow(
            (email, status, frequency, source, _when(created), _when(confirmed), _when(left))
        )
        count += 1
    return count


def _objects(rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for email, status, frequency, source, created, confirmed, left in rows:
        yield encode(
            {
                "email": email,
                "status": status,
                "frequency": frequency,
                "source": source,
                "created_at": _when(created),
                "confirmed_at": _when(confirmed),
                "unsubscribed_at": _when(left),
            }
        )


def write_json(rows: Iterable[tuple[Any, ...]], out: TextIO) -> int:
    """Write the rows as one JSON array, an object per line, incrementally; return how many."""
    count = 0
    out.write("[")
    for count, text in enumerate(_objects(rows), start=1):
        out.write(("\n" if count == 1 else ",\n") + text)
    out.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(rows: Iterable[tuple[Any, ...]], out: TextIO) -> int:
    """Write the rows as JSON Lines; return how many."""
    count = 0
    for text in _objects(rows):
        out.write(text + "\n")
        count += 1
    return count


_WRITERS = {"csv": write_csv, "json": write_json, "jsonl": write_jsonl}


def export_subscribers(
    out: TextIO, *, fmt: str = "csv", statuses: Sequence[str] | None = None
) -> int:
    """Stream subscribers (all, or those with these statuses) to `out`; return how many."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; choose among {', '.join(FORMATS)}")
    return writer(subscriber_rows(statuses), out)
