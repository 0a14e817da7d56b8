"""Temporary and permanent failures end in exact ledger counts; retries back off; deadlines fail."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from numeriq.audience.models import Subscriber, SubscriberStatus, Suppression
from numeriq.delivery import ledger
from numeriq.delivery.models import Delivery, DeliveryState, DomainThrottle
from numeriq.delivery.outcomes import Reply, Verdict, backoff_seconds, classify
from numeriq.delivery.scheduling import start_edition
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("code", "text", "verdict", "hard"),
    [
        (250, "2.0.0 Ok: queued as 4XyZ", Verdict.SENT, False),
        (421, "4.7.0 Too many connections, slow down", Verdict.DEFERRED, False),
        (450, "4.2.1 Mailbox busy", Verdict.DEFERRED, False),
        (451, "4.3.0 Local error", Verdict.DEFERRED, False),
        (0, "connection lost", Verdict.DEFERRED, False),
        (550, "5.1.1 User unknown", Verdict.BOUNCED, True),
        (550, "No such user here", Verdict.BOUNCED, True),
        (552, "5.2.2 Mailbox full", Verdict.BOUNCED, False),
        (554, "5.7.1 Message refused as spam", Verdict.BOUNCED, False),
    ],
)
def test_classify(code: int, text: str, verdict: Verdict, hard: bool) -> None:
    outcome = classify(Reply(code, text))
    assert outcome.verdict == verdict and outcome.hard == hard


def test_throttle_is_only_for_too_many() -> None:
    assert classify(Reply(421, "4.7.0 Too many messages from your IP")).throttle
    assert classify(Reply(450, "4.7.1 Rate limit exceeded")).throttle
    assert not classify(Reply(450, "4.2.1 Mailbox busy")).throttle


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    rng = random.Random(1)
    delays = [backoff_seconds(n, first=60, cap=3600, rng=rng) for n in range(1, 10)]
    for attempt, delay in enumerate(delays, start=1):
        base = min(3600, 60 * 2 ** (attempt - 1))
        assert 0.75 * base <= delay <= 1.25 * base


def test_every_kind_of_failure_ends_in_exact_counts(edition, smtp: SmtpServer) -> None:
    readers = make_readers(11)
    slow = make_readers(2, prefix="lent", email_domain="autre.fr")
    mail = [r.email for r in readers]
    smtp.rcpt_replies[mail[0]] = "550 5.1.1 User unknown"
    smtp.rcpt_replies[mail[1]] = "450 4.2.1 Mailbox busy"
    smtp.rcpt_replies[mail[2]] = "451 4.3.0 Local problem"
    # A domain that says "too many" is held back: its second reader is not even tried.
    smtp.rcpt_replies[slow[0].email] = "421 4.7.0 Too many messages, slow down"
    smtp.data_replies[mail[4]] = "552 5.2.2 Mailbox full"
    smtp.data_replies[mail[5]] = "550 5.7.1 Rejected as spam"
    smtp.data_replies[mail[6]] = "451 4.7.1 Greylisted, try later"
    smtp.drop_data_once[mail[7]] = True
    send, _ = start_edition(edition)

    run_worker(smtp, connections=1)  # one line: rows go in order

    counts = ledger.counts(send)
    assert counts == {
        "queued": 0,
        "sending": 0,
        "sent": 4,
        "deferred": 6,
        "bounced": 3,
        "failed": 0,
        "suppressed": 0,
        "cancelled": 0,
    }
    rows = {row.subscriber.email: row for row in Delivery.objects.select_related("subscriber")}
    assert rows[mail[0]].last_reply == "550 5.1.1 User unknown"
    assert rows[mail[7]].last_reply.startswith("connection lost")
    assert all(rows[m].attempts == 1 for m in mail[:8])
    # Hard bounce: suppressed at once; soft bounces only count.
    assert Subscriber.objects.get(email=mail[0]).status == SubscriberStatus.BOUNCED
    assert Suppression.objects.count() == 1
    assert Subscriber.objects.get(email=mail[4]).soft_bounces == 1
    assert Subscriber.objects.get(email=mail[5]).status == SubscriberStatus.ACTIVE
    # The domain that said "too many" is held back for every worker.
    assert DomainThrottle.objects.filter(domain="autre.fr").exists()
    assert smtp.attempts.get(slow[0].email) == 1 and slow[1].email not in smtp.attempts
    held = Delivery.objects.get(subscriber=slow[1])
    assert held.attempts == 0 and held.last_reply.startswith("held: autre.fr")
    deferred = rows[mail[1]]
    assert deferred.due_at > timezone.now() + dt.timedelta(seconds=30)


def test_deferred_rows_are_retried_later_and_sent(edition, smtp: SmtpServer) -> None:
    readers = make_readers(3)
    smtp.rcpt_replies_once[readers[0].email] = ["451 4.3.0 Try later", "451 4.3.0 Try later"]
    smtp.drop_data_once[readers[1].email] = True
    send, _ = start_edition(edition)
    run_worker(smtp)
    assert ledger.counts(send)["deferred"] == 2

    later = timezone.now() + dt.timedelta(minutes=3)
    run_worker(smtp, clock=lambda: later)
    assert ledger.counts(send)["deferred"] == 1  # the first reader is refused a second time
    much_later = later + dt.timedelta(minutes=10)
    run_worker(smtp, clock=lambda: much_later)

    counts = ledger.counts(send)
    assert counts["sent"] == 3 and counts["deferred"] == 0
    row = Delivery.objects.get(subscriber=readers[0])
    assert row.attempts == 3
    assert smtp.attempts[readers[0].email] == 3


def test_temporary_failures_past_the_deadline_fail(edition, smtp: SmtpServer, settings) -> None:
    settings.DELIVERY_RETRY_HOURS = 1
    readers = make_readers(2)
    smtp.rcpt_replies[readers[0].email] = "451 4.3.0 Try later"
    send, _ = start_edition(edition)
    clock = timezone.now()
    for _ in range(12):
        run_worker(smtp, clock=lambda c=clock: c)
        clock += dt.timedelta(minutes=30)
        if ledger.counts(send)["deferred"] == 0:
            break
    counts = ledger.counts(send)
    assert counts["failed"] == 1 and counts["sent"] == 1
    failed = Delivery.objects.get(subscriber=readers[0])
    assert failed.last_reply == "451 4.3.0 Try later" and failed.attempts >= 2


def test_a_stalled_server_defers_and_the_worker_goes_on(edition, smtp: SmtpServer) -> None:
    make_readers(2)
    smtp.stall_seconds = 1.0
    send, _ = start_edition(edition)
    run_worker(smtp, timeout=0.3)
    counts = ledger.counts(send)
    assert counts["deferred"] == 2
    assert all(r.last_reply.startswith("connection lost: timeout") for r in send.deliveries.all())


def test_an_unreachable_relay_defers_everything(edition) -> None:
    make_readers(3)
    send, _ = start_edition(edition)
    with SmtpServer() as server:
        pass  # its port is closed again
    run_worker(server)
    assert ledger.counts(send)["deferred"] == 3
    assert all(row.state == DeliveryState.DEFERRED for row in send.deliveries.all())


def test_the_token_bucket_spaces_messages() -> None:
    import asyncio
    import time

    from numeriq.delivery.worker import TokenBucket

    async def take(count: int) -> float:
        bucket = TokenBucket(50)
        started = time.monotonic()
        for _ in range(count):
            await bucket.take()
        return time.monotonic() - started

    # 50 tokens at once (a full bucket), then 25 more at 50 per second: about half a second.
    assert 0.4 <= asyncio.run(take(75)) < 2
