"""A real HTTP server on the loopback serving feeds and pages, good and broken.

Used by tests and benchmarks:

    with FeedServer() as server:
        server.add("/flux.xml", rss_bytes, "application/rss+xml", etag='"v1"')
        url = server.url("/flux.xml")

Built-in broken routes: /broken/404, /broken/500, /broken/redirect-loop, /broken/huge
(50 MB streamed, no Content-Length), /broken/slow (answers after `slow_seconds`).
Every request is counted per path and its headers kept, so tests can check the
User-Agent and the conditional GET.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler
from typing import Any

from numeriq.testing.http import QuietHTTPServer

HUGE_BYTES = 50 * 1024 * 1024


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every keep-alive response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read the counters instead."""

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        with owner.lock:
            owner.hits[path] += 1
            owner.requests.append((path, self.headers))
            owner.in_flight += 1
            owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
        try:
            self._dispatch(owner, path)
        finally:
            with owner.lock:
                owner.in_flight -= 1

    def _dispatch(self, owner: FeedServer, path: str) -> None:
        if path == "/broken/redirect-loop":
            self._answer(302, b"", {"Location": "/broken/redirect-loop-2"})
        elif path == "/broken/redirect-loop-2":
            self._answer(302, b"", {"Location": "/broken/redirect-loop"})
        elif path == "/broken/404":
            self._answer(404, b"not here", {"Content-Type": "text/plain"})
        elif path == "/broken/500":
            self._answer(500, b"oops", {"Content-Type": "text/plain"})
        elif path == "/broken/huge":
            self._huge()
        elif path == "/broken/slow":
            time.sleep(owner.slow_seconds)
            self._answer(200, owner.slow_body, {"Content-Type": "application/rss+xml"})
        else:
            route = owner.routes.get(path)
            if route is None:
                self._answer(404, b"no such fixture", {"Content-Type": "text/plain"})
            else:
                self._route(route)

    def _route(self, route: Route) -> None:
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.etag:
            headers["ETag"] = route.etag
            if self.headers.get("If-None-Match") == route.etag:
                self._answer(304, b"", {"ETag": route.etag})
                return
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
            if self.headers.get("If-Modified-Since") == route.last_modified and not route.etag:
                self._answer(304, b"", {})
                return
        body = route.body
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and len(body) > 512:
            body = gzip.compress(body, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
            with self.server.owner.lock:
                self.server.owner.gzipped += 1
        self._answer(route.status, body, headers)

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _huge(self) -> None:
        """50 MB without a Content-Length: the client must stop reading by itself."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<!-- " + b"x" * (64 * 1024 - 10) + b" -->\n"
        sent = 0
        try:
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            while sent < HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return


class _Server(QuietHTTPServer):
    owner: FeedServer


class FeedServer:
    """The server in a background thread; a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, Message]] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0  # requests served at the same time, at most
        self.gzipped = 0  # responses sent gzip-compressed
        self.slow_seconds = 3.0
        self.slow_body = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
        self._server = _Server((host, port), _Handler)
        self._server.owner = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"http://{self._server.server_address[0]}:{self.port}{path}"

    def add(self, path: str, body: bytes | str, content_type: str = "", **options: Any) -> str:
        """Serve body on path; return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(data, **options)
        if content_type:
            route.content_type = content_type
        self.routes[path] = route
        return self.url(path)

    def start(self) -> FeedServer:
        """Start serving in a daemon thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def rss(title: str, items: list[dict[str, str]], *, link: str = "https://example.org/") -> str:
    """An RSS 2.0 document; each item's values (title, link, guid, description, pubDate)."""
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>{escape(link)}</link><language>fr</language>",
    ]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "description", "pubDate", "author"):
            if key in item:
                parts.append(f"<{key}>{escape(item[key])}</{key}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)
