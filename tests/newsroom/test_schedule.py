"""The newsroom's round: ingest what is due, draft today once after the cut-off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from numeriq.demo.newsroom_day import demo_day, write_feeds
from numeriq.editions.models import Edition
from numeriq.newsroom.schedule import newsroom_round
from numeriq.sources.models import Source

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A local time on that day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_round_ingests_then_drafts_after_the_cutoff(tmp_path: Path, settings) -> None:
    """Before 05:00 it only ingests and comes back at 05:00; after, it drafts once."""
    settings.SOURCES_MAX_PAGES = 0
    settings.SOURCES_LOCAL_DIR = tmp_path
    for name, path in write_feeds(tmp_path):
        Source.objects.create(url=path.as_uri(), title=name)
    day = demo_day()
    early = newsroom_round(at(day, 4, 50))
    assert early.new_items == 33 and early.drafted == ""
    assert early.next_at == at(day, 5)
    assert not Edition.objects.exists()

    late = newsroom_round(at(day, 5, 0))
    assert late.new_items == 0 and late.drafted.startswith(f"drafted {day.isoformat()}")
    assert late.next_at == at(day, 5, 30)
    again = newsroom_round(at(day, 5, 30))
    assert again.drafted == "" and Edition.objects.count() == 1

    empty_day = day + dt.timedelta(days=30)
    nothing = newsroom_round(at(empty_day, 8))
    assert nothing.drafted.startswith("not drafted: no item published")
