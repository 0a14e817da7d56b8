"""Hourly housekeeping of the audience: purge unconfirmed subscribers and old rate counters."""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task
from django.utils import timezone

from numeriq.audience.subscriptions import purge_unconfirmed
from numeriq.jobs import plan_once

log = logging.getLogger("numeriq.audience")
EVERY = dt.timedelta(hours=1)


@task()
def housekeeping() -> int:
    """Purge, then plan the next run in an hour (one chain, whatever the number of workers)."""
    purged = purge_unconfirmed()
    if purged:
        log.info("purged %d unconfirmed subscriber(s)", purged)
    schedule_housekeeping(timezone.now() + EVERY)
    return purged


def schedule_housekeeping(at: dt.datetime | None = None) -> None:
    """Enqueue the next housekeeping run unless one is already waiting."""
    plan_once(housekeeping, at)
