"""The worker's heartbeat: one row per process, updated every BEAT seconds by a thread."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from numeriq.ops.models import Heartbeat

log = logging.getLogger("numeriq.ops")
BEAT = dt.timedelta(seconds=15)
FORGET_AFTER = dt.timedelta(days=1)  # rows of workers gone this long are deleted


def beat(worker: str, roles: str, started_at: dt.datetime, now: dt.datetime | None = None) -> None:
    """Record that `worker` is alive now (one small upsert)."""
    now = now or timezone.now()
    updated = Heartbeat.objects.filter(worker=worker).update(seen_at=now, roles=roles)
    if not updated:
        Heartbeat.objects.update_or_create(
            worker=worker, defaults={"roles": roles, "started_at": started_at, "seen_at": now}
        )
        Heartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def stop(worker: str) -> None:
    """Remove the row of a worker that exits cleanly."""
    Heartbeat.objects.filter(worker=worker).delete()


def last_seen() -> dt.datetime | None:
    """When any worker was last seen alive."""
    latest = Heartbeat.objects.order_by("-seen_at").first()
    return latest.seen_at if latest else None


class Beating:
    """A daemon thread beating for one worker until stopped (its own database connection)."""

    def __init__(self, worker: str, roles: str, *, clock: Callable[[], dt.datetime] = timezone.now):
        self.worker, self.roles, self.clock = worker, roles, clock
        self.started_at = clock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="numeriq-heartbeat", daemon=True)

    def start(self) -> Beating:
        """Beat once now (a failure here is the caller's), then keep beating in the thread."""
        beat(self.worker, self.roles, self.started_at, self.clock())
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(BEAT.total_seconds()):
            try:
                close_old_connections()
                beat(self.worker, self.roles, self.started_at, self.clock())
            except DatabaseError as error:  # the database is away: /healthz will say so
                log.warning("heartbeat of %s not written: %s", self.worker, error)
        connection.close()

    def stop(self) -> None:
        """Stop beating and remove this worker's row (from the calling thread)."""
        self._stop.set()
        self._thread.join(timeout=10)
        with contextlib.suppress(DatabaseError):
            stop(self.worker)
