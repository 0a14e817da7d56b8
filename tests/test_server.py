"""`numeriq run`'s web server: half-sent requests (Slowloris) cannot hold its threads."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str, timeout: float) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
        return data


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    """`numeriq run --no-worker` with 1 process × 2 threads and a 1 s header deadline."""
    port = _free_port()
    env = {
        **os.environ,
        "NUMERIQ_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'web.sqlite3'}",
        "NUMERIQ_HEADER_TIMEOUT_SECONDS": "1",
        "NUMERIQ_TASKS_BACKEND": "immediate",
    }
    command = [sys.executable, "-m", "numeriq.cli", "run", "--no-worker"]
    command += ["--port", str(port), "--workers", "1", "--threads", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, "/robots.txt", 2).startswith(b"HTTP/1.1 200"):
                    break
            except OSError:
                pass
            assert process.poll() is None, "the server did not start"
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_half_sent_requests_do_not_block_a_normal_one(server: int) -> None:
    """Four clients that never finish their headers, against two threads."""
    slow = []
    for number in range(4):
        conn = socket.create_connection(("127.0.0.1", server), timeout=10)
        conn.sendall(f"GET /?slow={number} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ".encode())
        slow.append(conn)
    try:
        time.sleep(0.3)  # the slow ones hold both threads now (without the deadline, for good)
        answer = _get(server, "/robots.txt", timeout=8)
        assert answer.startswith(b"HTTP/1.1 200")
        assert b"Sitemap:" in answer
        # And the slow ones were cut off: the server closed their connections.
        for conn in slow:
            assert conn.recv(1024) == b""
    finally:
        for conn in slow:
            conn.close()
