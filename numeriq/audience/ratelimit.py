"""Fixed-window rate limits kept in the database, so every process and host shares them."""

from __future__ import annotations

import time

from django.db import connection

from numeriq import config
from numeriq.audience.models import RateCounter
from numeriq.config import Rate

_TABLE = RateCounter._meta.db_table
_UPSERT = f"""
INSERT INTO {_TABLE} (bucket, window_start, hits) VALUES (%s, %s, 1)
ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN {_TABLE}.window_start = excluded.window_start
                THEN {_TABLE}.hits + 1 ELSE 1 END,
    window_start = excluded.window_start
RETURNING hits
"""  # noqa: S608 (the table name is ours; values are parameters)


def parse_rate(rate: str | Rate) -> Rate:
    """'10/hour' → Rate(10, 3600): the settings hold parsed rates; a text is parsed here."""
    return config.parse_rate(rate)


def allow(bucket: str, rate: str | Rate, now: float | None = None) -> bool:
    """Count one hit in `bucket`; False once the rate ('N/unit') is exceeded in this window."""
    limit, period = parse_rate(rate)
    window = int((time.time() if now is None else now) // period) * period  # epoch seconds
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [bucket[:200], window])
        hits = cursor.fetchone()[0]
    return int(hits) <= limit


def forget_old(now: float | None = None, keep_seconds: int = 2 * 86400) -> int:
    """Delete counters of windows long gone; returns how many."""
    horizon = (time.time() if now is None else now) - keep_seconds
    deleted, _ = RateCounter.objects.filter(window_start__lt=int(horizon)).delete()
    return deleted
