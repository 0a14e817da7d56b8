"""`numeriq run` restarts a worker that exits, with backoff, and says so."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from numeriq.server import start_worker_process
from numeriq.supervisor import Supervisor, restart_delay

# libfaketime (the shifted-clock pass of scripts/test.sh) breaks the short sleeps and timed
# waits these tests are made of; they depend on no date, and the PostgreSQL pass runs them.
pytestmark = pytest.mark.skipif(
    "FAKETIME" in os.environ, reason="timed waits under libfaketime; run at the real clock"
)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [restart_delay(n, first=1, cap=60) for n in range(0, 9)] == [
        0,
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def _wait_for(check, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_worker_that_exits_is_restarted_with_backoff(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A worker that dies at once (a poisoned row, a bug) is started again and again."""
    starts = tmp_path / "starts"
    crash = f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"
    clock = iter(range(0, 10_000)).__next__  # each start/exit 1 "second" apart: quick exits
    supervisor = Supervisor(
        [sys.executable, "-c", crash],
        first_delay=0.01,
        max_delay=0.04,
        stable_after=60,
        clock=lambda: float(clock()),
    )
    with caplog.at_level(logging.INFO, logger="numeriq.server"):
        supervisor.start()
        try:
            _wait_for(lambda: supervisor.restarts >= 4)
        finally:
            supervisor.stop()
    assert starts.read_text().count("x") >= 4  # the first start and at least 3 restarts ran
    assert supervisor.delays[:4] == [0.01, 0.02, 0.04, 0.04]  # doubling, capped
    exits = [r.getMessage() for r in caplog.records if "exited" in r.getMessage()]
    assert exits[0].startswith("the worker exited (code 3)")
    assert "restarting it in" in exits[0]
    assert any("running again" in r.getMessage() for r in caplog.records)


def test_a_healthy_run_resets_the_backoff() -> None:
    times = iter([0.0, 1.0, 100.0, 200.0, 201.0, 202.0, 203.0, 204.0, 205.0]).__next__
    supervisor = Supervisor(
        [sys.executable, "-c", "pass"],
        first_delay=0.01,
        max_delay=1,
        stable_after=60,
        clock=lambda: times(),
    )
    supervisor.start()
    try:
        _wait_for(lambda: len(supervisor.delays) >= 3)
    finally:
        supervisor.stop()
    # ran 1 s (quick) → 0.01; then ran 99 s (healthy) → 0.01 again; then quick → 0.02.
    assert supervisor.delays[:3] == [0.01, 0.01, 0.02]


def test_stop_ends_the_worker_and_does_not_restart_it(tmp_path: Path) -> None:
    """At exit the worker gets SIGTERM, and stays stopped."""
    supervisor = start_worker_process([sys.executable, "-c", "import time; time.sleep(60)"])
    process = supervisor.process
    assert process is not None and process.poll() is None
    supervisor.stop()
    assert process.poll() is not None
    time.sleep(0.6)  # longer than the watcher's poll: it would have restarted by now
    assert supervisor.process is process and supervisor.restarts == 0
