"""Every morning without anyone: ingest the due sources all day, draft the day's edition at
its cut-off. One chain of tasks in the job queue (like the audience's housekeeping), started
by `numeriq worker` (and so by `numeriq run`) when NUMERIQ_NEWSROOM_AUTO is on.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from numeriq.jobs import plan_once

log = logging.getLogger("numeriq.newsroom")


@dataclass(frozen=True)
class Round:
    """What one round did and when the next one is due."""

    new_items: int
    failures: int
    drafted: str
    next_at: dt.datetime


def newsroom_round(now: dt.datetime) -> Round:
    """Ingest what is due; after today's cut-off, draft today once (never over an edition)."""
    from numeriq.editions.models import Edition
    from numeriq.newsroom.drafting import draft_edition
    from numeriq.newsroom.errors import NewsroomError
    from numeriq.sources.ingest import ingest

    report = ingest(now=now)
    local = timezone.localtime(now)
    cutoff = timezone.make_aware(dt.datetime.combine(local.date(), settings.DRAFT_CUTOFF))
    drafted = ""
    if now >= cutoff and not Edition.objects.filter(date=local.date()).exists():
        try:
            drafted = draft_edition(local.date()).describe().splitlines()[0]
        except NewsroomError as error:
            drafted = f"not drafted: {error}"
        log.info("newsroom round: %s", drafted)
    next_at = now + dt.timedelta(minutes=max(1, settings.SOURCES_INTERVAL_MINUTES))
    if now < cutoff < next_at:
        next_at = cutoff  # be there at the cut-off, not up to an interval later
    return Round(report.new_items, report.failures, drafted, next_at)


@task()
def newsroom_task() -> str:
    """One round, then plan the next one (one chain, whatever the number of workers)."""
    result = newsroom_round(timezone.now())
    schedule_newsroom(result.next_at)
    return result.drafted or f"{result.new_items} new item(s)"


def schedule_newsroom(at: dt.datetime | None = None) -> None:
    """Enqueue the next round unless one is already waiting, when NUMERIQ_NEWSROOM_AUTO."""
    if settings.NEWSROOM_AUTO:
        plan_once(newsroom_task, at)
