"""gunicorn's threaded worker with a deadline on each request's line and headers (Slowloris).

gunicorn's gthread worker gives a new connection 5 s to send its first byte, but once a
request has started, a thread reads its headers for as long as the client takes: a few
clients sending one header line a minute hold every thread. Here each request must send its
request line and headers within NUMERIQ_HEADER_TIMEOUT_SECONDS; past that its connection is
closed and its thread freed. The body is not bound by this deadline (uploads may be slow;
gunicorn's own timeouts still apply).
"""

from __future__ import annotations

import socket
import time
from typing import Any

from django.conf import settings
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker


class HeaderDeadlineSocket:
    """A client socket whose recv() gives up once the current request's deadline passes."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.deadline: float | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def recv(self, size: int, *flags: int) -> bytes:
        """Read from the client; past the deadline, as if the client had gone."""
        if self.deadline is None:
            return self._sock.recv(size, *flags)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise NoMoreData(b"")
        previous = self._sock.gettimeout()
        self._sock.settimeout(remaining)
        try:
            return self._sock.recv(size, *flags)
        except TimeoutError:
            raise NoMoreData(b"") from None
        finally:
            self._sock.settimeout(previous)


class HeaderTimeoutWorker(ThreadWorker):  # type: ignore[misc]
    """ThreadWorker whose requests must send their headers within a deadline."""

    def enqueue_req(self, conn: Any) -> None:
        """Wrap a new connection's socket before its parser is made (which keeps it)."""
        if not isinstance(conn.sock, HeaderDeadlineSocket) and conn.parser is None:
            conn.sock = HeaderDeadlineSocket(conn.sock)
        super().enqueue_req(conn)

    def handle(self, conn: Any) -> Any:
        """Arm the header deadline for the request this connection is about to send."""
        if isinstance(conn.sock, HeaderDeadlineSocket):
            conn.sock.deadline = time.monotonic() + float(settings.HEADER_TIMEOUT_SECONDS)
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        """The headers are in: the application reads the body without the deadline."""
        if isinstance(conn.sock, HeaderDeadlineSocket):
            conn.sock.deadline = None
        return super().handle_request(req, conn)
