"""Rate limits shared through the database, and the queue of SQLite writers."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from numeriq.audience import ratelimit
from numeriq.audience.models import RateCounter
from numeriq.writelock import serialized_writes


def test_parse_rate() -> None:
    """'N/unit' in seconds; a bad unit is refused."""
    assert ratelimit.parse_rate("20/hour") == (20, 3600)
    assert ratelimit.parse_rate("3/days") == (3, 86400)
    with pytest.raises(KeyError):
        ratelimit.parse_rate("3/fortnight")


@pytest.mark.django_db
def test_fixed_window_counts_and_resets() -> None:
    """N hits pass, the next is refused, a new window starts afresh; old counters go."""
    start = 1_800_000_000.0
    assert [ratelimit.allow("k", "3/minute", now=start + i) for i in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert ratelimit.allow("other", "3/minute", now=start)
    assert ratelimit.allow("k", "3/minute", now=start + 60)
    assert RateCounter.objects.get(bucket="k").hits == 1
    assert ratelimit.forget_old(now=start + 3 * 86400) == 2


@pytest.mark.django_db(transaction=True)
def test_sqlite_writers_wait_their_turn() -> None:
    """Blocks under serialized_writes never overlap (a no-op on PostgreSQL)."""
    inside: list[int] = []
    overlaps: list[int] = []

    def write(n: int) -> None:
        with serialized_writes():
            inside.append(n)
            if len(inside) > 1:
                overlaps.append(n)
            time.sleep(0.01)
            inside.remove(n)
        connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "sqlite":
        assert overlaps == []
