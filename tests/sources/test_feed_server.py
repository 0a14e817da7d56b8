"""The test feed server itself: a client that leaves early prints nothing into other tests."""

from __future__ import annotations

import socket
import time

import pytest

from numeriq.testing.feeds import FeedServer


def test_no_traceback_after_the_client_left(capfd: pytest.CaptureFixture[str]) -> None:
    """The slow route answers a closed connection: no traceback on stderr."""
    with FeedServer() as server:
        server.slow_seconds = 0.2
        client = socket.create_connection(("127.0.0.1", server.port))
        client.sendall(b"GET /broken/slow HTTP/1.1\r\nHost: x\r\n\r\n")
        client.close()
        time.sleep(0.5)  # the handler wakes up and writes to the closed socket meanwhile
    assert "Traceback" not in capfd.readouterr().err
