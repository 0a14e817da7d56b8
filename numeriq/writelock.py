"""Queue the writers of the embedded SQLite database instead of letting them collide.

SQLite lets one writer in at a time; the others poll with growing sleeps (up to 100 ms),
which under load costs far more than the writes. Writers of a busy path take this lock
first: an exclusive flock on a file beside the database (shared by every process of the
host) behind a thread lock, so each waits in a kernel queue and enters the moment the
previous one leaves. On PostgreSQL it does nothing: rows are locked, not the database.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_thread_lock = threading.Lock()
_lock_file: int | None = None


def _file() -> int:
    global _lock_file
    if _lock_file is None:
        path = Path(settings.VAR_DIR) / "sqlite-writers.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        _lock_file = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    return _lock_file


@contextmanager
def serialized_writes() -> Iterator[None]:
    """Hold the writers' queue for the block (SQLite only)."""
    if connection.vendor != "sqlite":
        yield
        return
    with _thread_lock:
        descriptor = _file()
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
