"""A feed server for the sources tests, and ingest options with short limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from numeriq.sources.ingest import FetchOptions
from numeriq.sources.safehttp import networks
from numeriq.testing.feeds import FeedServer

LOOPBACK = networks(["127.0.0.0/8", "::1"])


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A real HTTP server on the loopback, stopped after the test."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def fast_options(tmp_path: Path) -> FetchOptions:
    """Limits small enough for tests: 1 s timeout, 1 MB bodies, no host delay.

    The feed server is on the loopback: these options allow private addresses explicitly
    (the default refuses them, tests/sources/test_ssrf.py); local files under tmp_path.
    """
    return FetchOptions(
        timeout=1.0,
        max_bytes=1_000_000,
        concurrency=8,
        host_delay=0.0,
        user_agent="numeriq-test/0.1 (+http://numeriq.example)",
        max_pages=20,
        allow=LOOPBACK,
        local_root=tmp_path,
    )
