"""Back up during a send (a worker process sending to the test SMTP server), then restore
into an empty var dir: the same counts and the same ledger; a live database is never
overwritten without --force.

Everything runs as real `numeriq` processes on their own SQLite file, on both passes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from numeriq.testing.smtp import SmtpServer
from tests.conftest import DEMO_FILES

ROOT = Path(__file__).resolve().parents[2]
READERS = 1500
LEDGER = "SELECT id, send_id, subscriber_id, state, attempts, sent_at FROM delivery_delivery"


def _environment(var_dir: Path, **env: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NUMERIQ_") and key != "DATABASE_URL"
    }
    environment.update(NUMERIQ_VAR_DIR=str(var_dir), NUMERIQ_TASKS_BACKEND="immediate", **env)
    return environment


def numeriq(
    var_dir: Path, *args: str, check: bool = True, database_url: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run one `numeriq` verb on the var dir (and its SQLite file, unless told); its output."""
    done = subprocess.run(
        [sys.executable, "-m", "numeriq.cli", *args],
        env=_environment(var_dir, DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _query(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchall()


def _counts(path: Path) -> dict[str, int]:
    tables = ("audience_subscriber", "editions_edition", "delivery_send", "delivery_delivery")
    return {table: _query(path, f"SELECT COUNT(*) FROM {table}")[0][0] for table in tables}  # noqa: S608


def _sent(path: Path) -> int:
    return _query(path, "SELECT COUNT(*) FROM delivery_delivery WHERE state = 'sent'")[0][0]


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A var dir with readers and an edition whose send has started, nothing sent yet."""
    var = tmp_path / "live"
    numeriq(var, "migrate")
    readers = tmp_path / "readers.csv"
    readers.write_text(
        "email\n" + "".join(f"lecteur-{i}@exemple.fr\n" for i in range(READERS)), encoding="utf-8"
    )
    numeriq(var, "subscribers", "import", str(readers))
    numeriq(var, "edition", "import", str(DEMO_FILES[-1]))
    numeriq(var, "delivery", "start", DEMO_FILES[-1].stem)
    return var


@pytest.fixture
def slow_smtp() -> Iterator[SmtpServer]:
    with SmtpServer(keep_data=False) as server:
        server.stall_seconds = 0.02  # ~100 messages a second over two connections
        yield server


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_backup_during_a_send_restores_the_same_ledger(
    live: Path, tmp_path: Path, slow_smtp: SmtpServer
) -> None:
    database = live / "numeriq.sqlite3"
    worker = subprocess.Popen(
        [sys.executable, "-m", "numeriq.cli", "worker", "--no-jobs"],
        env=_environment(
            live,
            NUMERIQ_EMAIL_URL=slow_smtp.url,
            NUMERIQ_DELIVERY_CONNECTIONS="2",
            NUMERIQ_DELIVERY_BATCH="50",
        ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(lambda: len(slow_smtp.messages) >= 150, 60, "the send to be under way")
        # The worker's heartbeat is in the database while it runs.
        assert _query(database, "SELECT roles FROM ops_heartbeat") == [("send",)]
        target = tmp_path / "sauvegarde" / "numeriq.sqlite3"
        done = numeriq(live, "backup", str(target))
        received_after = len(slow_smtp.messages)
        assert worker.poll() is None, "the worker kept running during the backup"
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    assert f"backup written to {target}" in done.stdout
    assert f"secret key: {live / 'secret_key'}" in done.stdout
    assert (tmp_path / "sauvegarde" / "numeriq.sqlite3.manifest.json").exists()
    assert target.stat().st_mode & 0o077 == 0  # every subscriber is in it: owner only
    assert _query(target, "PRAGMA integrity_check") == [("ok",)]
    # A snapshot taken mid-send: some rows sent, not all, never more than the server got.
    backed_up = _counts(target)
    assert backed_up["delivery_delivery"] == READERS
    assert 150 <= _sent(target) <= received_after < READERS
    ledger = sorted(_query(target, LEDGER))

    fresh = tmp_path / "fresh"  # an empty var dir on another machine, say
    done = numeriq(fresh, "restore", str(target))
    assert "secret key" in done.stdout  # reminds which key file to bring along
    restored = fresh / "numeriq.sqlite3"
    assert _counts(restored) == backed_up
    assert sorted(_query(restored, LEDGER)) == ledger
    status = numeriq(fresh, "delivery", "status", DEMO_FILES[-1].stem).stdout
    assert f"edition-{DEMO_FILES[-1].stem}  sending" in status
    numeriq(fresh, "migrate")  # the restored database is a working one

    # Now live: never overwritten without --force, nor a backup file by another backup.
    numeriq(fresh, "edition", "import", str(DEMO_FILES[0]))
    refused = numeriq(fresh, "restore", str(target), check=False)
    assert refused.returncode == 1
    assert "holds a database already" in refused.stderr and "--force" in refused.stderr
    assert _counts(restored)["editions_edition"] == backed_up["editions_edition"] + 1
    numeriq(fresh, "restore", str(target), "--force")
    assert _counts(restored) == backed_up
    again = numeriq(live, "backup", str(target), check=False)
    assert again.returncode == 1 and "exists already" in again.stderr


def test_a_file_that_is_not_a_backup_is_refused_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "pas-une-base.sqlite3"
    junk.write_text("bonjour", encoding="utf-8")
    done = numeriq(tmp_path / "vide", "restore", str(junk), check=False)
    assert done.returncode == 1 and "is not a numeriq SQLite backup" in done.stderr
    assert "Traceback" not in done.stderr
