"""Feed volume caps: per feed per fetch and per source per day, newest first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine

from numeriq.sources.ingest import FetchOptions, ingest
from numeriq.sources.models import Item, Source
from numeriq.testing.feeds import FeedServer, rss

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 26, 0, 0, tzinfo=dt.UTC)


def entries(count: int, first: int = 0) -> list[dict[str, str]]:
    """`count` items, one a minute, in no particular order of date in the feed."""
    made = []
    for n in range(first, first + count):
        when = START + dt.timedelta(minutes=(n * 37) % 5000)
        made.append(
            {
                "title": f"Article {n}",
                "link": f"https://fil.example/{n}",
                "guid": f"g{n}",
                "pubDate": when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            }
        )
    return made


@time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_feed_with_more_items_than_the_cap_stores_the_newest(
    feed_server: FeedServer, fast_options: FetchOptions
) -> None:
    url = feed_server.add("/flot.xml", rss("flot", entries(2000)))
    source = Source.objects.create(url=url)
    options = dataclasses.replace(fast_options, max_pages=0, max_items_per_fetch=50)
    report = ingest(options=options)
    assert report.outcomes[0].entries == 2000 and report.new_items == 50
    assert Item.objects.count() == 50
    dates = sorted(START + dt.timedelta(minutes=(n * 37) % 5000) for n in range(2000))
    assert min(Item.objects.values_list("published_at", flat=True)) >= dates[-50]
    source.refresh_from_db()
    assert "only the newest 50 read" in source.last_warning and source.health == "ok"


def test_a_source_stores_at_most_the_daily_cap(
    feed_server: FeedServer, fast_options: FetchOptions
) -> None:
    """Three fetches a day of fresh items: the cap holds; the next day has room again."""
    url = feed_server.add("/fil.xml", rss("fil", entries(40)))
    source = Source.objects.create(url=url)
    options = dataclasses.replace(
        fast_options, max_pages=0, max_items_per_fetch=100, max_items_per_day=60
    )
    with time_machine.travel(dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC), tick=False):
        assert ingest(options=options).new_items == 40
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC), tick=False):
        feed_server.add("/fil.xml", rss("fil", entries(40, first=40)))
        assert ingest(force=True, options=options).new_items == 20
        source.refresh_from_db()
        assert "20 new item(s) left out: 60 a day at most" in source.last_warning
        feed_server.add("/fil.xml", rss("fil", entries(40, first=80)))
        assert ingest(force=True, options=options).new_items == 0
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC), tick=False):
        assert ingest(force=True, options=options).new_items == 40
    assert Item.objects.filter(source=source).count() == 100
