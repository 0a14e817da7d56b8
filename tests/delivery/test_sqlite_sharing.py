"""On the embedded default, the web and `numeriq worker` share one SQLite file."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from numeriq.audience.models import Subscriber
from numeriq.delivery import ledger
from numeriq.delivery.scheduling import start_edition
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] in ("postgres", "postgresql"),
    reason="the SQLite file shared by two processes (the PostgreSQL pass tests several workers)",
)


@override_settings(SUBSCRIBE_RATE_PER_IP="1000/hour")
def test_a_reader_signs_up_on_the_web_while_the_worker_sends(edition) -> None:
    readers = make_readers(600)
    send, _ = start_edition(edition)
    database = connection.settings_dict["NAME"]
    assert os.path.exists(database)  # a real file, not an in-memory database
    environment = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        NUMERIQ_DELIVERY_BATCH="100",
        NUMERIQ_TASKS_BACKEND="immediate",
    )
    client = Client()
    with SmtpServer(keep_data=False) as smtp:
        environment["NUMERIQ_EMAIL_URL"] = smtp.url
        worker = subprocess.Popen(
            [sys.executable, "-m", "numeriq.cli", "worker", "--no-jobs"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            answers, during = [], 0
            deadline = time.monotonic() + 120
            while not ledger.is_complete(send) and time.monotonic() < deadline:
                # Sign-ups go on while the worker writes its results to the same file.
                sent_before = ledger.counts(send)["sent"]
                email = f"web-{len(answers)}@exemple.fr"
                answers.append(client.post("/abonnement/", {"email": email, "consent": "on"}))
                if sent_before > 0 and not ledger.is_complete(send):
                    during += 1
        finally:
            worker.terminate()
            _out, err = worker.communicate(timeout=30)
        with smtp.lock:
            received = collections.Counter(r for m in smtp.messages for r in m.rcpt_tos)
    assert during >= 3, "sign-ups and sending overlapped"
    assert {answer.status_code for answer in answers} == {302}
    assert Subscriber.objects.filter(email__startswith="web-").count() == len(answers)
    assert ledger.is_complete(send), err.decode()[-2000:]
    assert ledger.counts(send)["sent"] == len(readers)
    assert set(received) == {reader.email for reader in readers}
    assert max(received.values()) == 1
    assert b"Traceback" not in err and b"database is locked" not in err
