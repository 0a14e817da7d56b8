"""Pause, resume, cancel, resend, late readers, the schedule and the weekly recap."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.utils import timezone

from numeriq.audience.models import Frequency, Subscriber
from numeriq.delivery import ledger, scheduling
from numeriq.delivery.errors import DeliveryError
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind, SendState
from numeriq.editions import lifecycle
from numeriq.editions.models import EditionStatus
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_paused_send_sends_nothing_until_resumed(edition, smtp: SmtpServer) -> None:
    make_readers(5)
    send, _ = scheduling.start_edition(edition)
    ledger.pause(send)
    run_worker(smtp)
    assert smtp.messages == [] and ledger.counts(send)["queued"] == 5
    with pytest.raises(DeliveryError, match="cannot become"):
        ledger.pause(send)
    ledger.resume(send)
    run_worker(smtp)
    assert len(smtp.messages) == 5 and ledger.counts(send)["sent"] == 5


def test_cancel_keeps_a_record_and_resend_picks_it_up(edition, smtp: SmtpServer) -> None:
    make_readers(4)
    send, _ = scheduling.start_edition(edition)
    ledger.cancel(send)
    assert ledger.counts(send)["cancelled"] == 4
    run_worker(smtp)
    assert smtp.messages == []
    with pytest.raises(DeliveryError):
        ledger.resume(send)
    assert ledger.resend(send, [DeliveryState.CANCELLED]) == 4
    run_worker(smtp)
    assert ledger.counts(send)["sent"] == 4
    send.refresh_from_db()
    assert send.state == SendState.DONE


def test_resend_to_failed_and_send_to_readers_added_since(edition, smtp, settings) -> None:
    readers = make_readers(3)
    smtp.rcpt_replies[readers[0].email] = "451 4.3.0 Try later"
    settings.DELIVERY_RETRY_HOURS = 0  # the first temporary failure is past the deadline
    send, _ = scheduling.start_edition(edition)
    run_worker(smtp)
    assert ledger.counts(send)["failed"] == 1

    late = make_readers(2, prefix="nouveau")
    assert ledger.add_new_readers(send) == 2
    assert ledger.add_new_readers(send) == 0  # once only
    del smtp.rcpt_replies[readers[0].email]
    settings.DELIVERY_RETRY_HOURS = 24
    assert ledger.resend(send) == 1
    run_worker(smtp)
    counts = ledger.counts(send)
    assert counts["sent"] == 5 and counts["failed"] == 0
    assert {m.rcpt_tos[0] for m in smtp.messages} >= {r.email for r in late}
    assert sum(1 for m in smtp.messages if m.rcpt_tos[0] == readers[1].email) == 1


def test_a_lease_that_expires_is_taken_over(edition, smtp: SmtpServer) -> None:
    make_readers(3)
    send, _ = scheduling.start_edition(edition)
    # A worker that claimed the rows, then died without a word.
    claimed = ledger.claim("dead:1", 10)
    assert len(claimed) == 3
    run_worker(smtp)
    assert smtp.messages == []  # leased: nobody else may send them yet
    later = timezone.now() + dt.timedelta(minutes=5)
    run_worker(smtp, clock=lambda: later)
    assert ledger.counts(send)["sent"] == 3


def test_the_hourly_cap_holds_across_claims(edition, smtp: SmtpServer, settings) -> None:
    settings.DELIVERY_HOURLY_CAP = 4
    make_readers(10)
    send, _ = scheduling.start_edition(edition)
    run_worker(smtp)
    run_worker(smtp)
    assert len(smtp.messages) == 4 and ledger.counts(send)["queued"] == 6


def test_the_scheduler_publishes_and_sends_at_the_time_once(edition, caplog) -> None:
    make_readers(2)
    at = scheduling.send_time(edition.date)
    lifecycle.schedule(edition, at)
    assert scheduling.tick(at - dt.timedelta(minutes=1)) == []
    started = scheduling.tick(at)
    assert [s.key for s in started] == [f"edition-{edition.date.isoformat()}"]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED and edition.published_at == at
    assert scheduling.tick(at + dt.timedelta(minutes=1)) == []
    assert Send.objects.count() == 1


def test_a_missed_send_time_is_caught_up_with_a_log_line(edition, caplog) -> None:
    make_readers(1)
    at = scheduling.send_time(edition.date)
    lifecycle.schedule(edition, at)
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        started = scheduling.tick(at + dt.timedelta(hours=2))
    assert len(started) == 1
    assert "was missed" in caplog.text
    assert scheduling.tick(at + dt.timedelta(hours=3)) == []


def test_the_default_send_time_is_seven_in_paris(settings) -> None:
    at = scheduling.send_time(dt.date(2026, 3, 30))  # summer time
    assert at.isoformat() == "2026-03-30T07:00:00+02:00"
    settings.SEND_TIME = dt.time(6, 30)
    assert scheduling.send_time(dt.date(2026, 1, 5)).isoformat() == "2026-01-05T06:30:00+01:00"


def test_weekly_readers_get_one_recap_on_their_day(published_demo, smtp: SmtpServer) -> None:
    latest = max(published_demo, key=lambda e: e.date)
    day = latest.date
    daily = make_readers(2, prefix="quotidien")
    weekly = make_readers(2, prefix="hebdo", frequency=Frequency.WEEKLY, weekly_day=day.weekday())
    make_readers(
        1, prefix="autre-jour", frequency=Frequency.WEEKLY, weekly_day=(day.weekday() + 1) % 7
    )
    noon = scheduling.send_time(day) + dt.timedelta(hours=2)  # within NUMERIQ_SEND_STALE_MINUTES
    started = scheduling.tick(noon)
    recap = next(s for s in started if s.kind == SendKind.RECAP)
    assert ledger.counts(recap)["queued"] == 2
    scheduling.tick(noon + dt.timedelta(minutes=1))
    assert Send.objects.filter(kind=SendKind.RECAP).count() == 1
    run_worker(smtp, clock=lambda: noon + dt.timedelta(minutes=2))
    recipients = {m.rcpt_tos[0] for m in smtp.messages}
    assert recipients == {r.email for r in weekly}
    assert not recipients & {r.email for r in daily}
    html = smtp.messages[0].parsed().get_body(("html",)).get_content()
    for edition in published_demo:
        if day - dt.timedelta(days=7) < edition.date <= day:
            assert edition.get_absolute_url() in html
    # Daily sends leave weekly readers out.
    assert not Delivery.objects.filter(
        subscriber__frequency=Frequency.WEEKLY, send__kind=SendKind.EDITION
    ).exists()
    assert Subscriber.objects.count() == 5


def test_a_claim_can_walk_on_from_the_last_one(edition) -> None:
    make_readers(6)
    scheduling.start_edition(edition)
    first = ledger.claim("w:1", 2)
    cursor = (first[-1].due_at, first[-1].row_id)
    # Due again at their first time, that is before the cursor in the claim index.
    Delivery.objects.filter(id__in=[row.row_id for row in first]).update(
        state=DeliveryState.QUEUED, due_at=first[0].due_at
    )
    walked = ledger.claim("w:1", 10, after=cursor)
    assert [row.row_id for row in walked] == sorted(row.row_id for row in walked)
    assert {row.row_id for row in walked}.isdisjoint(row.row_id for row in first)
    assert len(walked) == 4
    again = ledger.claim("w:1", 10)  # from the start: the rows given back come again
    assert {row.row_id for row in again} == {row.row_id for row in first}
