"""Keep a child process running: `numeriq run` restarts its worker when it exits, with backoff.

The child gets its own process group, so a Ctrl+C meant for the web server does not stop it
behind the supervisor's back: it is stopped by `stop()` (at exit) and by nothing else it
should survive. Each exit is logged with its code; a child that keeps dying is restarted
after 1, 2, 4… seconds, at most a minute apart; one that had run a while, after a second.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

log = logging.getLogger("numeriq.server")

FIRST_DELAY = 1.0
MAX_DELAY = 60.0
STABLE_AFTER = 60.0  # a child that ran this long was healthy: its next restart is quick
POLL_SECONDS = 0.5


def restart_delay(quick_exits: int, *, first: float = FIRST_DELAY, cap: float = MAX_DELAY) -> float:
    """Seconds to wait before the next start after this many quick exits in a row."""
    if quick_exits <= 0:
        return 0.0
    return float(min(cap, first * 2 ** (quick_exits - 1)))


class Supervisor:
    """Runs `command`, restarts it whenever it exits, until stop()."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str = "worker",
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        stable_after: float = STABLE_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = list(command)
        self.name = name
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stable_after = stable_after
        self.clock = clock
        self.process: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self.restarts = 0
        self.delays: list[float] = []  # every wait before a restart, for the logs and tests
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> Supervisor:
        """Start the child and the thread that watches it."""
        self._spawn()
        self._thread = threading.Thread(target=self._watch, name=f"numeriq-{self.name}-watch")
        self._thread.daemon = True
        self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            # process_group=0: not in the terminal's group, so Ctrl+C reaches only the server.
            self.process = subprocess.Popen(self.command, process_group=0)  # noqa: S603 (ours)
            self._started = self.clock()

    def _watch(self) -> None:
        quick_exits = 0
        while not self._stopping.is_set():
            process = self.process
            if process is None or process.poll() is None:
                self._stopping.wait(POLL_SECONDS)
                continue
            if self._stopping.is_set():
                return
            ran = self.clock() - self._started
            quick_exits = 1 if ran >= self.stable_after else quick_exits + 1
            delay = restart_delay(quick_exits, first=self.first_delay, cap=self.max_delay)
            log.warning(
                "the %s exited (code %s) after %.0f s: restarting it in %.1f s",
                self.name,
                process.returncode,
                ran,
                delay,
            )
            self.delays.append(delay)
            if self._stopping.wait(delay):
                return
            self._spawn()
            self.restarts += 1
            if self.process is not None:
                log.info("the %s is running again (pid %d)", self.name, self.process.pid)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching, then end the child: SIGTERM, and SIGKILL after `timeout`."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=timeout)
