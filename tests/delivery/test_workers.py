"""Real `numeriq worker` processes sharing one send on PostgreSQL: scale-out, SIGKILL, SIGTERM.

These run on the PostgreSQL pass of the suite (the processes need a database they can all
reach; the SQLite pass uses an in-memory test database).
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from numeriq.delivery import ledger
from numeriq.delivery.models import Delivery, DeliveryState
from numeriq.delivery.scheduling import start_edition
from numeriq.delivery.worker import FLUSH_MAX
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql"),
        reason="several worker processes need PostgreSQL (the PostgreSQL pass runs this)",
    ),
]

CONNECTIONS = 4
REPORT: list[str] = []


def _database_url() -> str:
    info = connection.settings_dict
    user = info["USER"] or "postgres"
    return f"postgres://{user}@{info['HOST'] or '127.0.0.1'}:{info['PORT'] or 5432}/{info['NAME']}"


def _spawn(smtp: SmtpServer, **env: str) -> subprocess.Popen[bytes]:
    environment = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        NUMERIQ_EMAIL_URL=smtp.url,
        NUMERIQ_DELIVERY_CONNECTIONS=str(CONNECTIONS),
        NUMERIQ_DELIVERY_BATCH="100",
        NUMERIQ_DELIVERY_LEASE_SECONDS="3",
        NUMERIQ_TASKS_BACKEND="immediate",
        **env,
    )
    return subprocess.Popen(
        [sys.executable, "-m", "numeriq.cli", "worker", "--no-jobs"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _received(smtp: SmtpServer) -> collections.Counter[str]:
    with smtp.lock:
        return collections.Counter(rcpt for message in smtp.messages for rcpt in message.rcpt_tos)


def test_four_workers_share_one_send_and_each_reader_gets_it_once(edition, workers) -> None:
    readers = make_readers(4000)
    send, _ = start_edition(edition)
    with SmtpServer(keep_data=False) as smtp:
        workers.extend(_spawn(smtp) for _ in range(4))
        _wait(lambda: ledger.is_complete(send), 120, "the send to complete")
        received = _received(smtp)
    assert ledger.counts(send)["sent"] == 4000
    assert set(received) == {r.email for r in readers}
    assert max(received.values()) == 1
    senders = set(Delivery.objects.filter(send=send).values_list("worker", flat=True))
    assert len(senders) == 4  # every worker took part
    REPORT.append(f"4 workers: 4000 messages, 0 duplicates, rows per worker spread over {senders}")


def test_a_worker_killed_mid_send_loses_nothing(edition, workers) -> None:
    readers = make_readers(20_000)
    send, _ = start_edition(edition)
    with SmtpServer(keep_data=False) as smtp:
        workers.extend(_spawn(smtp) for _ in range(3))
        _wait(lambda: len(smtp.messages) >= 5000, 120, "5,000 messages")
        victim = workers[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        killed_rows = Delivery.objects.filter(
            send=send, state=DeliveryState.SENDING, worker__endswith=f":{victim.pid}"
        ).count()
        _wait(lambda: ledger.is_complete(send), 240, "the send to complete")
        received = _received(smtp)
    counts = ledger.counts(send)
    assert counts["sent"] == 20_000, counts
    assert set(received) == {r.email for r in readers}  # every reader got the edition
    duplicates = sum(received.values()) - len(received)
    # Re-sent at most: the messages on the killed worker's wire, plus results not yet written.
    bound = CONNECTIONS + 2 * FLUSH_MAX
    REPORT.append(
        f"SIGKILL of 1 of 3 workers during a 20,000 send: {duplicates} duplicate(s) "
        f"(bound {bound}); {killed_rows} of its leased rows were taken over"
    )
    assert duplicates <= bound


def test_sigterm_finishes_what_is_on_the_wire_and_gives_the_rest_back(edition, workers) -> None:
    readers = make_readers(3000)
    send, _ = start_edition(edition)
    with SmtpServer(keep_data=False) as smtp:
        worker = _spawn(smtp)
        workers.append(worker)
        _wait(lambda: len(smtp.messages) >= 500, 60, "500 messages")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
        counts = ledger.counts(send)
        assert counts["sending"] == 0  # nothing left leased: the rest went back to the queue
        sent_before = counts["sent"]
        assert sent_before == len(smtp.messages)  # every message on the wire was recorded
        assert 0 < sent_before < 3000
        workers.append(_spawn(smtp))
        _wait(lambda: ledger.is_complete(send), 120, "the send to complete")
        received = _received(smtp)
    assert set(received) == {r.email for r in readers}
    assert max(received.values()) == 1  # a clean stop re-sends nothing
    REPORT.append(f"SIGTERM after {sent_before} messages: exit 0, 0 duplicates")
