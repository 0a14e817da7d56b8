"""The ledger's SQL: the statements the ORM cannot say as fast, tables named from `_meta`.

The snapshot (one INSERT … SELECT for a million readers), the claim's walk of the partial
index `delivery_claimable`, and one UPDATE … FROM (VALUES …) for a batch of outcomes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from numeriq.delivery.models import OPEN_STATES, Delivery

_DELIVERY = Delivery._meta.db_table
_CLAIM_INDEX = "delivery_claimable"


def insert_snapshot(send_id: int, state: str, due: dt.datetime, readers: Any) -> int:
    """One queued row per reader of the `readers` query not yet in the send; how many added."""
    readers_sql, readers_params = readers.values_list("id").query.sql_with_params()
    # "WHERE true": SQLite would read ON CONFLICT as a join constraint without a WHERE.
    sql = f"""
        INSERT INTO {_DELIVERY}
            (send_id, subscriber_id, state, attempts, due_at, worker, last_reply)
        SELECT %s, readers.id, %s, 0, %s, '', ''
        FROM ({readers_sql}) readers
        WHERE true
        ORDER BY readers.id
        ON CONFLICT DO NOTHING
    """  # noqa: S608 (the audience's own SQL and placeholders only)
    params = [send_id, state, connection.ops.adapt_datetimefield_value(due), *readers_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        added = max(cursor.rowcount, 0)
        if connection.vendor == "postgresql" and added >= 10_000:
            # Fresh statistics, or the planner believes the ledger is tiny and sorts every
            # open row on each claim instead of walking the claim index (600 ms vs 1 ms).
            cursor.execute(f"ANALYZE {_DELIVERY}")
    return added


def due_rows(
    sends: list[int], now: dt.datetime, limit: int, after: tuple[dt.datetime, int] | None
) -> list[int]:
    """Ids of due open rows, oldest due first, read in the order of the partial index.

    Written in SQL so that both databases walk `delivery_claimable` (due_at, id) and stop
    after `limit` rows, instead of sorting every open row of a million-row send. `after`
    starts the walk past the rows this worker claimed last: on PostgreSQL the index keeps
    entries of rows already sent until a vacuum, and walking them again on every claim
    grows with the send.
    """
    states = ", ".join(f"'{state.value}'" for state in OPEN_STATES)
    marks = ", ".join(["%s"] * len(sends))
    if connection.vendor == "sqlite":
        source, lock = f"{_DELIVERY} INDEXED BY {_CLAIM_INDEX}", ""
    else:
        source, lock = _DELIVERY, "FOR UPDATE SKIP LOCKED"
    adapt = connection.ops.adapt_datetimefield_value
    start, start_params = "", []
    if after is not None:
        start, start_params = "AND (due_at, id) > (%s, %s)", [adapt(after[0]), after[1]]
    sql = f"""
        SELECT id FROM {source}
        WHERE state IN ({states}) AND due_at <= %s AND send_id IN ({marks}) {start}
        ORDER BY due_at, id LIMIT %s {lock}
    """  # noqa: S608 (only constants and placeholders are interpolated)
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(now), *sends, *start_params, limit])
        return [row[0] for row in cursor.fetchall()]


def record_outcomes(rows: list[tuple[Any, ...]]) -> None:
    """One UPDATE … FROM (VALUES …) for the whole batch: (id, state, due, sent_at, reply, tries)."""
    ops = connection.ops
    values = [
        (
            row_id,
            state,
            ops.adapt_datetimefield_value(due),
            ops.adapt_datetimefield_value(sent_at),
            reply,
            tries,
        )
        for row_id, state, due, sent_at, reply, tries in rows
    ]
    if connection.vendor == "postgresql":
        row_sql = (
            "(%s::bigint, %s::varchar, %s::timestamptz, %s::timestamptz, %s::varchar, %s::int)"
        )
    else:
        row_sql = "(%s, %s, %s, %s, %s, %s)"
    placeholders = ", ".join([row_sql] * len(values))
    sql = f"""
        WITH v(id, state, due_at, sent_at, reply, tries) AS (VALUES {placeholders})
        UPDATE {_DELIVERY} SET
            state = v.state, due_at = v.due_at, last_reply = v.reply,
            sent_at = COALESCE(v.sent_at, {_DELIVERY}.sent_at),
            attempts = {_DELIVERY}.attempts + v.tries
        FROM v WHERE {_DELIVERY}.id = v.id
    """  # noqa: S608 (only placeholders and the table's name are interpolated)
    with connection.cursor() as cursor:
        cursor.execute(sql, [field for value in values for field in value])
