"""A tiny OpenAI-compatible chat endpoint on the loopback, for the LLM writer's tests.

    with FakeLlm() as llm:
        llm.reply = '{"brief": "…", "heading": "…"}'   # or llm.status = 500, llm.delay = 5
        ... NUMERIQ_LLM_URL = llm.base_url ...

It keeps every request body it received (the prompt the writer sent) in `requests`.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from numeriq.testing.http import QuietHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        owner.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        if owner.delay:
            time.sleep(owner.delay)
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": "not found"})
        elif owner.status != 200:
            self._send(owner.status, {"error": {"message": "fake failure"}})
        elif owner.raw is not None:
            self._send_bytes(200, owner.raw)
        else:
            answer = {
                "id": "fake-1",
                "object": "chat.completion",
                "model": body.get("model", ""),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": owner.reply}}],
            }
            self._send(200, answer)

    def _send(self, status: int, data: Any) -> None:
        self._send_bytes(status, json.dumps(data).encode())

    def _send_bytes(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


class _Server(QuietHTTPServer):
    owner: FakeLlm


class FakeLlm:
    """The fake endpoint in a background thread; a context manager."""

    def __init__(self) -> None:
        self.reply = '{"brief": "Texte.", "heading": "Titre"}'
        self.status = 200
        self.delay = 0.0
        self.raw: bytes | None = None
        self.requests: list[dict[str, Any]] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self

    @property
    def base_url(self) -> str:
        """What NUMERIQ_LLM_URL should say."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> FakeLlm:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
