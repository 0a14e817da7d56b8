"""Sending an edition end to end through a real SMTP server, and what the ledger says."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest
from django.utils import timezone

from numeriq.audience.models import Frequency, Subscriber, SubscriberStatus
from numeriq.audience.tokens import Purpose, read_token
from numeriq.delivery import bounces, ledger
from numeriq.delivery.models import Delivery, DeliveryState, SendState
from numeriq.delivery.scheduling import start_edition
from numeriq.editions.models import EditionStatus
from numeriq.testing.smtp import SmtpServer
from tests.delivery.conftest import make_readers, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_active_reader_gets_the_edition_once_with_its_headers(edition, smtp: SmtpServer):
    readers = make_readers(25)
    make_readers(3, prefix="parti", status=SubscriberStatus.UNSUBSCRIBED)
    make_readers(2, prefix="attente", status=SubscriberStatus.PENDING)
    make_readers(2, prefix="hebdo", frequency=Frequency.WEEKLY)
    make_readers(1, prefix="pause", paused_until=timezone.localdate() + dt.timedelta(days=3))

    send, created = start_edition(edition)
    assert created
    assert ledger.counts(send)["queued"] == 25

    stats = run_worker(smtp)

    assert stats.sent == 25
    counts = ledger.counts(send)
    assert counts["sent"] == 25 and sum(counts.values()) == 25
    send.refresh_from_db()
    assert send.state == SendState.DONE
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT
    received = sorted(smtp.messages, key=lambda m: m.rcpt_tos)
    assert sorted(m.rcpt_tos[0] for m in received) == sorted(r.email for r in readers)
    verp = bounces.verp()
    for message in received:
        parsed = email.message_from_bytes(message.data, policy=email.policy.default)
        to = parsed["To"]
        assert to == message.rcpt_tos[0]
        assert parsed["Subject"] == send.subject
        assert parsed["From"] and parsed["Date"] and parsed["Message-ID"]
        assert parsed["List-Id"].endswith("<quotidien.numeriq.example>")
        assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert parsed["Feedback-ID"].startswith(f"{send.pk}:edition:")
        mailto, https = (part.strip(" <>") for part in parsed["List-Unsubscribe"].split(","))
        assert mailto == f"mailto:{message.mail_from}?subject=unsubscribe"
        token = https.rstrip("/").rsplit("/", 1)[1]
        assert read_token(Purpose.UNSUBSCRIBE, token).email == to
        # The visible link in both parts is the same personal link.
        assert https in parsed.get_body(("plain",)).get_content()
        assert https in parsed.get_body(("html",)).get_content()
        # The envelope sender names the ledger row (VERP).
        row = Delivery.objects.get(pk=verp.row_id(message.mail_from))
        assert row.subscriber.email == to and row.state == DeliveryState.SENT


def test_starting_twice_sends_once(edition, smtp: SmtpServer):
    make_readers(5)
    first, created = start_edition(edition)
    again, created_again = start_edition(edition)
    assert created and not created_again and first.pk == again.pk
    run_worker(smtp)
    run_worker(smtp)
    assert len(smtp.messages) == 5


def test_the_body_is_the_rendered_edition_with_the_readers_link(edition, smtp: SmtpServer):
    make_readers(1)
    send, _ = start_edition(edition)
    run_worker(smtp)
    parsed = smtp.messages[0].parsed()
    url = parsed["List-Unsubscribe"].split(",")[1].strip(" <>")

    def lines(value: str) -> str:
        return value.replace("\r\n", "\n").rstrip("\n")

    for subtype, rendered in (("html", send.html), ("plain", send.text)):
        body = parsed.get_body((subtype,)).get_content()
        assert lines(body) == lines(rendered.replace("%%UNSUBSCRIBE_URL%%", url))


def test_a_reader_who_leaves_after_the_snapshot_is_suppressed_not_mailed(edition, smtp):
    readers = make_readers(4)
    send, _ = start_edition(edition)
    Subscriber.objects.filter(pk=readers[0].pk).update(status=SubscriberStatus.UNSUBSCRIBED)
    Subscriber.objects.filter(pk=readers[1].pk).update(
        paused_until=timezone.localdate() + dt.timedelta(days=2)
    )
    run_worker(smtp)
    counts = ledger.counts(send)
    assert counts["sent"] == 2 and counts["suppressed"] == 2
    assert {m.rcpt_tos[0] for m in smtp.messages} == {readers[2].email, readers[3].email}


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_a_relay_with_tls_and_a_login(edition, tmp_path, implicit: bool) -> None:
    import asyncio
    import ssl

    from numeriq.delivery.smtp_client import Relay
    from numeriq.delivery.transports import SmtpTransport
    from numeriq.delivery.worker import Worker
    from numeriq.testing.tls import self_signed

    make_readers(3)
    send, _ = start_edition(edition)
    cert, key = self_signed(tmp_path)
    with SmtpServer(tls=(cert, key), implicit_tls=implicit, credentials=("lea", "s3cret")) as smtp:
        trusted = ssl.create_default_context(cafile=str(cert))

        def run(password: str) -> None:
            relay = Relay.from_url(smtp.url.replace("s3cret", password), timeout=5)
            relay = Relay(**{**relay.__dict__, "ssl_context": trusted})
            transport = SmtpTransport(relay, connections=2, messages_per_connection=10)
            asyncio.run(Worker(transport, idle_poll=0.01).run(until_idle=True))

        run("wrong")  # refused login: nothing sent, rows deferred with the server's words
        assert smtp.messages == [] and ledger.counts(send)["deferred"] == 3
        assert "535" in send.deliveries.first().last_reply
        Delivery.objects.update(due_at=timezone.now())
        run("s3cret")
    assert ledger.counts(send)["sent"] == 3 and len(smtp.messages) == 3
