"""A send whose message cannot be prepared fails alone, with its reason; the worker goes on."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
from typing import Any

import pytest
from django.db import connection

from numeriq.delivery import ledger
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendState
from numeriq.delivery.scheduling import start_edition
from numeriq.delivery.smtp_client import Relay
from numeriq.delivery.transports import SmtpTransport
from numeriq.delivery.worker import Worker
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

POISONED_SOURCE = "---\ndate: 2026-05-04\nheadline: Jour sans\n---\n\n## Titre\nTexte.\n"


def poisoned_send(subject: str) -> Send:
    """A send of an edition whose subject was saved before the validation existed."""
    edition = import_markdown(POISONED_SOURCE)
    Edition.objects.filter(pk=edition.pk).update(subject=subject)  # bypasses the validation
    send, _ = start_edition(Edition.objects.get(pk=edition.pk))
    return send


@pytest.mark.parametrize(
    "subject", ["Objet\r\nBcc: tous@exemple.fr", "Objet avec un\x00nul", "Objet\u2028coupé"]
)
def test_a_poisoned_send_beside_a_good_one(edition: Any, smtp: SmtpServer, subject: str) -> None:
    if "\x00" in subject and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store a NUL: no such row can exist there")
    readers = make_readers(5)
    good, _ = start_edition(edition)
    bad = poisoned_send(subject)
    assert bad.deliveries.count() == 5

    stats = run_worker(smtp, batch=3)  # claims mix both sends

    assert ledger.counts(good)["sent"] == 5
    assert {m.rcpt_tos[0] for m in smtp.messages} == {r.email for r in readers}
    for message in smtp.messages:
        parsed = email.message_from_bytes(message.data, policy=email.policy.default)
        assert parsed["Subject"] == good.subject
    counts = ledger.counts(bad)
    assert counts["failed"] == 5 and counts["sent"] == 0
    replies = set(Delivery.objects.filter(send=bad).values_list("last_reply", flat=True))
    assert len(replies) == 1
    (reply,) = replies
    assert reply.startswith("cannot prepare the message: ")
    assert "Subject header" in reply
    assert stats.failed == 5
    bad.refresh_from_db()
    assert bad.state == SendState.DONE  # every row is final: it no longer holds anything


def test_a_poisoned_send_already_claimed_from_before(edition: Any, smtp: SmtpServer) -> None:
    """Rows a dead worker left 'sending' (lease over) fail too, instead of killing the next."""
    make_readers(3)
    bad = poisoned_send("Objet\nsur deux lignes")
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Delivery.objects.filter(send=bad).update(
        state=DeliveryState.SENDING, worker="mort:1", due_at=past, attempts=1
    )
    run_worker(smtp)
    assert ledger.counts(bad)["failed"] == 3
    assert not smtp.messages


def test_the_worker_still_runs_and_sends_what_comes_next(edition: Any, smtp: SmtpServer) -> None:
    """A worker run until stopped (as `numeriq worker` does) survives the poisoned send."""
    readers = make_readers(4)
    bad = poisoned_send("Objet\r\nBcc: tous@exemple.fr")

    async def scenario() -> tuple[bool, dict[str, int], dict[str, int]]:
        transport = SmtpTransport(
            Relay(smtp.host, smtp.port, tls="none", timeout=5),
            connections=2,
            messages_per_connection=100,
        )
        worker = Worker(transport, name="test-worker", idle_poll=0.01)
        # The test's queries run on the worker's database thread: SQLite's in-memory test
        # database takes one thread at a time.
        on_db = worker._on_db
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        try:
            await _until(on_db, lambda: ledger.counts(bad)["failed"] == 4)
            # A good send started after the poisoned one is delivered by the same worker.
            good, _ = await on_db(start_edition, edition)
            await _until(on_db, lambda: ledger.counts(good)["sent"] == 4)
            alive = not task.done()
            return alive, await on_db(ledger.counts, bad), await on_db(ledger.counts, good)
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)

    alive, bad_counts, good_counts = asyncio.run(scenario())
    assert alive
    assert bad_counts["failed"] == 4 and bad_counts["sent"] == 0
    assert good_counts["sent"] == 4
    assert len(smtp.messages) == len(readers)


async def _until(on_db: Any, check: Any, timeout: float = 20.0) -> None:
    """Let the worker run until `check()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await on_db(check):
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_a_published_edition_whose_send_failed_whole_is_not_marked_sent(
    edition: Any, smtp: SmtpServer
) -> None:
    """The poisoned send ends done (every row is final), but not one reader got it: its
    edition stays published, so it can be corrected and sent again; the good one is sent."""
    from numeriq.editions import lifecycle
    from numeriq.editions.models import EditionStatus

    make_readers(3)
    lifecycle.publish(edition)
    good, _ = start_edition(Edition.objects.get(pk=edition.pk))
    bad_edition = import_markdown(POISONED_SOURCE)
    lifecycle.publish(bad_edition)
    Edition.objects.filter(pk=bad_edition.pk).update(subject="Objet\nsur deux lignes")
    bad, _ = start_edition(Edition.objects.get(pk=bad_edition.pk))

    run_worker(smtp)

    assert ledger.counts(good)["sent"] == 3 and ledger.counts(bad)["failed"] == 3
    bad.refresh_from_db()
    assert bad.state == SendState.DONE
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.SENT
    assert Edition.objects.get(pk=bad_edition.pk).status == EditionStatus.PUBLISHED
