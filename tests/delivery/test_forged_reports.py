"""Forged bounces and complaints: without proof that a report answers a message we sent to
a reader (the signed VERP address, or a signed Message-ID), it acts on nobody; with it, on
that one row only (issue 12, point 1)."""

from __future__ import annotations

import mailbox
import secrets
from pathlib import Path

import pytest

from numeriq.audience.models import SubscriberStatus
from numeriq.audience.suppression import is_suppressed
from numeriq.delivery import bounces, worker
from numeriq.delivery.mailbox import MAX_MESSAGE_IDS, Summary, process_maildir
from numeriq.delivery.models import Delivery, DeliveryState
from numeriq.delivery.verp import MessageIds

from .test_mailbox import ledger, status_of

pytestmark = pytest.mark.django_db

DOMAIN = "numeriq.example"


@pytest.fixture
def maildir(tmp_path: Path) -> mailbox.Maildir:
    return mailbox.Maildir(tmp_path / "bounces", create=True)


def guessed_ids(send_id: int, count: int = 400) -> str:
    """The attack's Message-ID lines: every row of a send, unsigned or with a made-up HMAC."""
    lines = []
    for row in range(1, count + 1):
        lines.append(f"Message-ID: <numeriq.{send_id}.{row}@{DOMAIN}>")
        lines.append(f"Message-ID: <numeriq.{send_id}.{row}.{secrets.token_hex(8)}@{DOMAIN}>")
    return "\r\n".join(lines)


def dsn(victim: str, *, text: str, original_id: str | None = None) -> bytes:
    """A DSN to the plain bounce address (no VERP) naming `victim` as Final-Recipient."""
    headers = f"Message-ID: {original_id}\r\n" if original_id else ""
    return (
        "Return-Path: <>\r\n"
        f"Delivered-To: bounces@{DOMAIN}\r\n"
        "From: MAILER-DAEMON@mx.attacker.example\r\n"
        f"To: bounces@{DOMAIN}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"Your message could not be delivered.\r\n{text}\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.attacker.example\r\n\r\n"
        f"Final-Recipient: rfc822; {victim}\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: edition@{DOMAIN}\r\nTo: {victim}\r\n{headers}\r\n"
        "--B--\r\n"
    ).encode()


def arf(victim: str, *, text: str, original_id: str | None = None) -> bytes:
    """An ARF abuse report to the plain feedback address naming `victim`."""
    headers = f"Message-ID: {original_id}\r\n" if original_id else ""
    return (
        "From: feedback@fbl.attacker.example\r\n"
        f"To: fbl@{DOMAIN}\r\n"
        "Subject: abuse report\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=feedback-report; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\n"
        f"This is an email abuse report.\r\n{text}\r\n"
        "--B\r\nContent-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\nUser-Agent: forged/1.0\r\nVersion: 1\r\n"
        f"Original-Mail-From: <bounces@{DOMAIN}>\r\n"
        f"Original-Rcpt-To: <{victim}>\r\n\r\n"
        "--B\r\nContent-Type: message/rfc822\r\n\r\n"
        f"From: edition@{DOMAIN}\r\nTo: {victim}\r\n{headers}\r\nBonjour.\r\n"
        "--B--\r\n"
    ).encode()


def signed(row: Delivery) -> str:
    return bounces.message_ids().make(row.send_id, row.pk, DOMAIN)


@pytest.mark.parametrize("report", [dsn, arf])
def test_400_guessed_message_ids_and_the_victim_as_recipient_do_nothing(maildir, report):
    rows = ledger("victime@example.fr", *(f"lecteur{n}@example.fr" for n in range(3)))
    victim = rows[0]
    maildir.add(report("victime@example.fr", text=guessed_ids(victim.send_id)))
    # The same guesses, one of them in the attached original's headers.
    guess = f"<numeriq.{victim.send_id}.{victim.pk}.{'0' * 16}@{DOMAIN}>"
    maildir.add(report("victime@example.fr", text="", original_id=guess))
    unsigned = f"<numeriq.{victim.send_id}.{victim.pk}@{DOMAIN}>"
    maildir.add(report("victime@example.fr", text="", original_id=unsigned))

    assert process_maildir(maildir._path) == Summary(read=3, unmatched=3)
    for row in rows:
        assert status_of(row) == SubscriberStatus.ACTIVE
        assert Delivery.objects.get(pk=row.pk).state == DeliveryState.SENT
    assert not is_suppressed("victime@example.fr")


def test_a_real_bounce_without_verp_acts_through_its_signed_message_id(maildir):
    lea, paul = ledger("lea@example.fr", "paul@example.fr")
    maildir.add(dsn("lea@example.fr", text="", original_id=signed(lea)))

    assert process_maildir(maildir._path) == Summary(read=1, bounced_hard=1)
    assert status_of(lea) == SubscriberStatus.BOUNCED
    assert Delivery.objects.get(pk=lea.pk).state == DeliveryState.BOUNCED
    assert status_of(paul) == SubscriberStatus.ACTIVE


def test_a_real_complaint_without_verp_acts_through_its_signed_message_id(maildir):
    (lea,) = ledger("lea@example.fr")
    maildir.add(arf("lea@example.fr", text="", original_id=signed(lea)))

    assert process_maildir(maildir._path) == Summary(read=1, complaints=1)
    assert status_of(lea) == SubscriberStatus.COMPLAINED


@pytest.mark.parametrize("report", [dsn, arf])
def test_a_signed_message_id_is_not_a_key_to_another_reader(maildir, report):
    # Léa holds her own signed Message-ID (it is in the mail she got) and names Paul.
    lea, paul = ledger("lea@example.fr", "paul@example.fr")
    maildir.add(report("paul@example.fr", text="", original_id=signed(lea)))

    assert process_maildir(maildir._path) == Summary(read=1, unmatched=1)
    assert status_of(lea) == SubscriberStatus.ACTIVE
    assert status_of(paul) == SubscriberStatus.ACTIVE


def test_a_signed_message_id_lost_among_many_counts_for_nothing(maildir):
    (lea,) = ledger("lea@example.fr")
    noise = "\r\n".join(f"Message-ID: <x{n}@example.org>" for n in range(MAX_MESSAGE_IDS))
    maildir.add(dsn("lea@example.fr", text=f"Message-ID: {signed(lea)}\r\n{noise}"))

    assert process_maildir(maildir._path) == Summary(read=1, unmatched=1)
    assert status_of(lea) == SubscriberStatus.ACTIVE


def test_two_signed_message_ids_of_different_rows_count_for_nothing(maildir):
    lea, paul = ledger("lea@example.fr", "paul@example.fr")
    text = f"Message-ID: {signed(lea)}\r\nMessage-ID: {signed(paul)}"
    maildir.add(dsn("lea@example.fr", text=text))

    assert process_maildir(maildir._path) == Summary(read=1, unmatched=1)
    assert status_of(lea) == SubscriberStatus.ACTIVE


def test_the_verp_address_alone_proves_the_row_and_recipients_do_not_choose(maildir):
    lea, paul = ledger("lea@example.fr", "paul@example.fr")
    raw = dsn("paul@example.fr", text="").replace(
        f"Delivered-To: bounces@{DOMAIN}".encode(),
        f"Delivered-To: {bounces.verp().address(lea.pk)}".encode(),
    )
    maildir.add(raw)

    assert process_maildir(maildir._path) == Summary(read=1, bounced_hard=1)
    assert status_of(lea) == SubscriberStatus.BOUNCED  # the row the VERP address signs
    assert status_of(paul) == SubscriberStatus.ACTIVE  # not the one the report names


def test_message_ids_are_signed_per_send_and_row_and_checked():
    codec = MessageIds("a-secret")
    made = codec.make(7, 42, DOMAIN)
    assert made.startswith("<numeriq.7.42.") and made.endswith(f"@{DOMAIN}>")
    assert codec.parse(made) == (7, 42)
    assert codec.parse(made.upper().replace("NUMERIQ.EXAMPLE", DOMAIN)) == (7, 42)
    assert MessageIds("another-secret").parse(made) is None
    tampered = made.replace("<numeriq.7.42.", "<numeriq.7.43.")
    assert codec.parse(tampered) is None
    assert codec.parse(f"<numeriq.7.42@{DOMAIN}>") is None


def test_a_signed_message_id_names_its_row_only_within_its_send():
    (lea,) = ledger("lea@example.fr")
    assert bounces.row_of_message_id(signed(lea)) == lea.pk
    other_send = bounces.message_ids().make(lea.send_id + 1, lea.pk, DOMAIN)
    assert bounces.row_of_message_id(other_send) is None


def test_the_worker_signs_the_message_ids_it_sends():
    (lea,) = ledger("lea@example.fr")
    prepared = worker.prepare(lea.send_id).prepared
    assert bounces.row_of_message_id(prepared.message_id(lea.pk)) == lea.pk


def test_an_esp_event_finds_its_row_only_through_a_signed_message_id():
    from anymail.signals import AnymailTrackingEvent, EventType

    from numeriq.delivery import webhooks

    (lea,) = ledger("lea@example.fr")

    def event(message_id: str) -> AnymailTrackingEvent:
        return AnymailTrackingEvent(
            event_type=EventType.BOUNCED, recipient="lea@example.fr", message_id=message_id
        )

    assert webhooks.row_of(event(signed(lea))) == lea.pk
    assert webhooks.row_of(event(f"<numeriq.{lea.send_id}.{lea.pk}@{DOMAIN}>")) is None


def test_an_esp_rejection_is_hard_only_when_the_address_is_at_fault():
    from anymail.signals import AnymailTrackingEvent, EventType, RejectReason

    from numeriq.delivery import webhooks

    def rejected(reason: str) -> AnymailTrackingEvent:
        return AnymailTrackingEvent(
            event_type=EventType.REJECTED, recipient="lea@example.fr", reject_reason=reason
        )

    assert webhooks.is_hard(rejected(RejectReason.INVALID))
    assert webhooks.is_hard(rejected(RejectReason.BOUNCED))
    assert not webhooks.is_hard(rejected(RejectReason.BLOCKED))
    assert not webhooks.is_hard(rejected(RejectReason.SPAM))
