"""The SQL of subscriber imports, one class per database (importing.py drives them).

Each batch is written with one statement per table, whole columns at once: a JSON array
read by json_each() on SQLite, binary arrays through unnest() on PostgreSQL. No ORM object
and no statement per row.

The two databases find the addresses that are already there differently:

- SQLite: the import holds the database's write lock from its first statement, so it looks
  the batch's addresses up first, then inserts only the new ones, numbering them itself.
- PostgreSQL: other sessions write meanwhile. The batch is inserted at once with ON
  CONFLICT DO NOTHING (the unique index probe it makes anyway is the lookup), and only
  the addresses that were not inserted (a few per cent) are looked up afterwards. A web
  sign-up committed at any moment of the import is therefore seen, and left alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any, NamedTuple

from django.db import DatabaseError, connection

from numeriq.audience.errors import AudienceError
from numeriq.audience.models import (
    ConsentAction,
    ConsentEvent,
    Source,
    Subscriber,
    SubscriberStatus,
    Suppression,
)


class Found(NamedTuple):
    """A subscriber that was there when a row named it."""

    id: int
    status: str
    ours: bool  # created by an earlier row of this import


# (email, status, frequency, created_at, confirmed_at, unsubscribed_at, event detail)
NewRow = tuple[Any, ...]


def database() -> Database:
    """The SQL for the current connection's database."""
    vendor = connection.vendor
    if vendor == "postgresql":
        return PostgreSQL()
    if vendor == "sqlite":
        return SQLite()
    raise AudienceError(f"importing subscribers needs SQLite or PostgreSQL, not {vendor}")


_COLUMNS = (
    "email, status, frequency, created_at, confirmed_at, unsubscribed_at, source, weekly_day, "
    "soft_bounces"
)
_IMPORTED = f"'{ConsentAction.IMPORTED.value}', '{Source.IMPORT.value}'"
_FOUND = "s.id, s.status, o.ours IS NOT NULL"


class Database:
    """SQL shared by both databases; subclasses write batches their own fastest way."""

    def __init__(self) -> None:
        qn = connection.ops.quote_name
        self.subscribers = qn(Subscriber._meta.db_table)
        self.consents = qn(ConsentEvent._meta.db_table)
        self.suppressions = qn(Suppression._meta.db_table)
        self.cursor = connection.cursor()
        self.text_in: dt.tzinfo | None = None  # datetimes go to the driver as they are
        self.watermark = self.max_id()

    def max_id(self) -> int:
        """The highest subscriber id before the import: above it, rows are this import's."""
        self.cursor.execute(f"SELECT MAX(id) FROM {self.subscribers}")  # noqa: S608
        return self.cursor.fetchone()[0] or 0

    def all_suppressed(self, limit: int) -> set[str] | None:
        """Every suppressed hash when there are at most `limit`, else None (query per batch)."""
        self.cursor.execute(
            f"SELECT address_hash FROM {self.suppressions} LIMIT %s",  # noqa: S608
            [limit + 1],
        )
        found = {digest for (digest,) in self.cursor.fetchall()}
        return found if len(found) <= limit else None

    def suppressed(self, hashes: dict[str, str]) -> set[str]:
        """The addresses (values of `hashes`) whose hash (keys) is on the suppression list."""
        raise NotImplementedError

    def shape(self, rows: dict[str, NewRow]) -> Any:
        """`rows` as write() sends them, where that needs no database (pure; any thread)."""
        return None

    def write(self, rows: dict[str, NewRow], shaped: Any, now: Any) -> dict[str, Found]:
        """Create the subscribers of `rows` (by address) that are not there yet, each with
        one IMPORTED consent event; return the others, as they were found. `shaped` is
        what shape(rows) returned."""
        raise NotImplementedError

    def activate(self, rows: list[tuple[int, Any, str]], now: Any) -> None:
        """pending → active for these (id, confirmed_at, event detail), with their events.

        Rare (existing pending subscribers only): plain executemany.
        """
        active, pending = SubscriberStatus.ACTIVE.value, SubscriberStatus.PENDING.value
        self.cursor.executemany(
            f"UPDATE {self.subscribers} SET status = %s, confirmed_at = %s "  # noqa: S608
            "WHERE id = %s AND status = %s",
            [(active, at, pk, pending) for pk, at, _ in rows],
        )
        self.cursor.executemany(
            f"INSERT INTO {self.consents} "  # noqa: S608
            "(subscriber_id, action, source, detail, created_at) VALUES (%s, %s, %s, %s, %s)",
            [(pk, ConsentAction.IMPORTED.value, Source.IMPORT.value, d, now) for pk, _, d in rows],
        )

    def close(self) -> None:
        """Close the cursors."""
        self.cursor.close()


_SQLITE_CACHE_KIB = 64 * 1024
_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


class SQLite(Database):
    """SQLite: each batch as one JSON text read by json_each(), ids given by the import.

    One statement per table and batch: measured faster than executemany, which crosses
    from Python to SQLite on every row. The import holds the database's write lock from
    its first statement, so it can number the new rows itself, as AUTOINCREMENT would.
    """

    def __init__(self) -> None:
        super().__init__()
        # Django stores datetimes on SQLite as naive text in the connection's zone (UTC).
        self.text_in = connection.timezone
        cursor = self.cursor
        cursor.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = %s", [Subscriber._meta.db_table]
        )
        found = cursor.fetchone()
        self.next_id = max(self.watermark, found[0] if found else 0) + 1
        # The email index is written in random order: a page cache bigger than SQLite's
        # 2 MiB default keeps it in memory (a bounded 64 MiB, restored afterwards).
        cursor.execute("PRAGMA cache_size")
        self.cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")

    def suppressed(self, hashes: dict[str, str]) -> set[str]:
        """Suppressed addresses among the batch's (one query, the hashes as one JSON array)."""
        self.cursor.execute(
            f"SELECT address_hash FROM {self.suppressions} "  # noqa: S608
            "WHERE address_hash IN (SELECT value FROM json_each(%s))",
            [_dumps(list(hashes))],
        )
        return {hashes[found] for (found,) in self.cursor.fetchall()}

    def existing(self, emails: list[str]) -> dict[str, Found]:
        """Known subscribers among the batch's addresses (one query)."""
        self.cursor.execute(
            f"SELECT email, id, status FROM {self.subscribers} "  # noqa: S608
            "WHERE email IN (SELECT value FROM json_each(%s))",
            [_dumps(emails)],
        )
        watermark = self.watermark
        return {
            email: Found(pk, status, pk > watermark) for email, pk, status in self.cursor.fetchall()
        }

    def write(self, rows: dict[str, NewRow], shaped: Any, now: Any) -> dict[str, Found]:
        """Look the addresses up, then two statements for the new ones: the subscribers,
        then their events, ids = first id + array index.

        Rows go in address order, so the unique index on email is written in one sweep.
        """
        found = self.existing(list(rows))
        new = sorted(values for email, values in rows.items() if email not in found)
        if not new:
            return found
        first, self.next_id = self.next_id, self.next_id + len(new)
        self.cursor.execute(
            f"INSERT INTO {self.subscribers} (id, {_COLUMNS}) "  # noqa: S608
            "SELECT %s + key, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
            "json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
            "json_extract(value, '$[4]'), json_extract(value, '$[5]'), "
            f"'{Source.IMPORT.value}', 4, 0 FROM json_each(%s)",
            [first, _dumps([row[:6] for row in new])],
        )
        self.cursor.execute(
            f"INSERT INTO {self.consents} "  # noqa: S608
            "(subscriber_id, action, source, detail, created_at) "
            f"SELECT %s + key, {_IMPORTED}, value, %s FROM json_each(%s)",
            [first, now, _dumps([row[6] for row in new])],
        )
        return found

    def close(self) -> None:
        """Put the page cache back to its size, close the cursor."""
        with contextlib.suppress(DatabaseError):  # never hide the error that got us here
            self.cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
        super().close()


class PostgreSQL(Database):
    """PostgreSQL: whole columns as arrays, one statement per batch (unnest … RETURNING)."""

    def __init__(self) -> None:
        super().__init__()
        import psycopg

        # The subscriber an address `x.e` names, and whether this import created it.
        self._found = (
            f"(SELECT id, status FROM {self.subscribers} WHERE email = x.e OFFSET 0) AS s "  # noqa: S608
            f"ON true LEFT JOIN LATERAL (SELECT 1 AS ours FROM {self.consents} c "
            "WHERE c.subscriber_id = s.id AND s.id > %(watermark)s AND c.action = %(imported)s "
            "AND c.created_at = %(now)s LIMIT 1) AS o ON true"
        )

        connection.ensure_connection()
        # Django's cursors bind client-side (arrays would be spelt out as SQL text); a plain
        # psycopg cursor sends them as parameters, and %b in binary: dumping a text array
        # for %s quotes each element in Python, six times slower.
        self.bound = psycopg.Cursor(connection.connection)
        # A batch's statement is estimated near the cost at which PostgreSQL compiles it
        # (JIT, about 100 ms each time): never worth it here. For this transaction only.
        self.cursor.execute("SET LOCAL jit = off")

    def suppressed(self, hashes: dict[str, str]) -> set[str]:
        """Suppressed addresses among the batch's (one query, one index probe per hash)."""
        self.bound.execute(
            "SELECT p.address_hash FROM unnest(%b::text[]) AS t(h) CROSS JOIN LATERAL "  # noqa: S608
            f"(SELECT address_hash FROM {self.suppressions} WHERE address_hash = t.h "
            "OFFSET 0) AS p",
            [list(hashes)],
        )
        return {hashes[found] for (found,) in self.bound.fetchall()}

    def shape(self, rows: dict[str, NewRow]) -> list[list[Any]]:
        """The rows as seven columns, in address order: the unique index is written in
        one sweep."""
        return [list(column) for column in zip(*sorted(rows.values()), strict=True)]

    def write(self, rows: dict[str, NewRow], shaped: Any, now: Any) -> dict[str, Found]:
        """One statement inserts the batch and its events, and tells what the addresses it
        did not insert (ON CONFLICT DO NOTHING: they were there) are.

        Ours: created by an earlier batch, which gave it an IMPORTED event at this `now`;
        anyone else's (there before, or a sign-up meanwhile) is left as it is. One index
        probe per address and per found subscriber: given `email = ANY(array)` or a join,
        the planner may expect a match per element and scan whole tables (EXISTS too, as a
        hashed subplan); OFFSET 0 and LIMIT keep each step apart.
        """
        emails, statuses, frequencies, created, confirmed, left, details = shaped
        # Named parameters: psycopg sends the addresses once for the three places they are
        # read in.
        self.bound.execute(
            f"WITH new AS (INSERT INTO {self.subscribers} ({_COLUMNS}) "  # noqa: S608
            "SELECT e, s, f, c, k, u, %(source)s, 4, 0 FROM unnest(%(emails)b::text[], "
            "%(statuses)b::text[], %(frequencies)b::text[], %(created)b::timestamptz[], "
            "%(confirmed)b::timestamptz[], %(left)b::timestamptz[]) AS t(e, s, f, c, k, u) "
            "ON CONFLICT (email) DO NOTHING RETURNING id, email), "
            f"events AS (INSERT INTO {self.consents} "
            "(subscriber_id, action, source, detail, created_at) "
            f"SELECT new.id, {_IMPORTED}, t.d, %(now)s FROM new "
            "JOIN unnest(%(emails)b::text[], %(details)b::text[]) AS t(e, d) ON t.e = new.email) "
            f"SELECT x.e, {_FOUND} FROM (SELECT t.e FROM unnest(%(emails)b::text[]) AS t(e) "
            "WHERE NOT EXISTS (SELECT 1 FROM new WHERE new.email = t.e) OFFSET 0) AS x "
            f"LEFT JOIN LATERAL {self._found}",
            {
                "source": Source.IMPORT.value,
                "emails": emails,
                "statuses": statuses,
                "frequencies": frequencies,
                "created": created,
                "confirmed": confirmed,
                "left": left,
                "details": details,
                "now": now,
                "watermark": self.watermark,
                "imported": ConsentAction.IMPORTED.value,
            },
            # Planned with the arrays' real lengths each time: a prepared (generic) plan
            # guesses 10 rows per unnest() and joins 10,000 rows by nested loops.
            prepare=False,
        )
        found = {}
        unseen = []
        for email, pk, status, ours in self.bound:
            if pk is None:
                unseen.append(email)
            else:
                found[email] = Found(pk, status, ours)
        if unseen:
            # Committed by another session while the statement ran (it waited for them):
            # its snapshot, taken when it started, does not show them; a new one does.
            self.bound.execute(
                f"SELECT x.e, {_FOUND} FROM unnest(%(emails)b::text[]) AS x(e) "  # noqa: S608
                f"LEFT JOIN LATERAL {self._found}",
                {
                    "emails": unseen,
                    "watermark": self.watermark,
                    "imported": ConsentAction.IMPORTED.value,
                    "now": now,
                },
            )
            for email, pk, status, ours in self.bound:
                found[email] = Found(pk, status, ours)
        return found

    def close(self) -> None:
        """Close the cursors."""
        self.bound.close()
        super().close()
