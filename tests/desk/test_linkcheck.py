"""The desk's link check: through the SSRF guard, and one neutral reason for every failure."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from numeriq.desk.linkcheck import probe
from numeriq.desk.models import LinkState
from numeriq.testing.smtp import free_port

NEUTRAL = (LinkState.UNREACHABLE, None, "injoignable depuis le serveur")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


def test_loopback_links_are_refused_by_default(http_server: str) -> None:
    """A link to the server's own loopback is not fetched: the same reason as a dead host."""
    assert probe(f"{http_server}/rapport", 2) == NEUTRAL
    port = http_server.rsplit(":", 1)[1]
    for url in (
        f"http://localhost:{port}/rapport",
        f"http://[::1]:{port}/",
        f"http://0.0.0.0:{port}/",
        f"http://2130706433:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
    ):
        assert probe(url, 2) == NEUTRAL, url


def test_refused_and_timed_out_read_the_same(http_server: str, silent_port: int, settings) -> None:
    """Open, closed and silent ports of a host cannot be told apart (no port scanner)."""
    settings.FETCH_ALLOW_PRIVATE = ("127.0.0.1/32",)
    assert probe(f"{http_server}/rapport", 2) == (LinkState.OK, 200, "HTTP 200")
    assert probe(f"{http_server}/absent", 2) == (LinkState.BROKEN, 404, "HTTP 404")
    closed = probe(f"http://127.0.0.1:{free_port()}/", 0.5)
    silent = probe(f"http://127.0.0.1:{silent_port}/", 0.5)
    assert closed == silent == NEUTRAL
    assert probe("ftp://exemple.fr/x", 1)[0] == LinkState.BROKEN
