"""The demo day ingested from files: what the drafting tests start from."""

from __future__ import annotations

from pathlib import Path

import pytest

from numeriq.demo.newsroom_day import demo_day, write_feeds
from numeriq.sources.ingest import FetchOptions, ingest
from numeriq.sources.models import Source


@pytest.fixture
def ingested_day(db: None, tmp_path: Path):
    """The demo feeds written under tmp_path, added as sources and ingested; the day."""
    for name, path in write_feeds(tmp_path):
        Source.objects.create(url=path.as_uri(), title=name)
    options = FetchOptions(
        timeout=5,
        max_bytes=1_000_000,
        concurrency=4,
        host_delay=0,
        user_agent="t",
        max_pages=100,
        local_root=tmp_path,
    )
    report = ingest(options=options)
    assert report.failures == 0 and report.new_items == 33
    return demo_day()
