"""The threaded HTTP server the local test servers share (feeds, fake LLM endpoint)."""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer
from typing import Any


class QuietHTTPServer(ThreadingHTTPServer):
    """A threaded server that keeps quiet about clients that went away."""

    daemon_threads = True
    owner: Any  # the test server object its handlers report to

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a timeout, a size cap) is expected here, not an error.

        Without this, socketserver prints a traceback to stderr, possibly seconds later,
        into whichever test is running then.
        """
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)
