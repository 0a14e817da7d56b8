"""The bounce mailbox: DSNs, complaints and unsubscribe mails in a maildir (and IMAP) act on
the right reader, once, and forged ones on nobody."""

from __future__ import annotations

import datetime as dt
import mailbox
from pathlib import Path

import pytest
from django.utils import timezone

from numeriq.audience.models import ConsentEvent, Source, Subscriber, SubscriberStatus
from numeriq.audience.subscriptions import is_suppressed
from numeriq.delivery import bounces
from numeriq.delivery.mailbox import (
    MailboxError,
    Summary,
    process_imap,
    process_mailbox,
    process_maildir,
)
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
# What the fixtures say, replaced by the rows of each test.
FIXTURE_VERP = b"bounces+2s.0a1b2c3d@numeriq.example"
FIXTURE_MESSAGE_ID = b"numeriq.7.100@numeriq.example"
FIXTURE_READERS = (
    b"lea.martin@example.fr",
    b"lea.martin@gmail.com",
    b"lea.martin@yahoo.fr",
    b"paul.durand@outlook.com",
)


def ledger(*addresses: str) -> list[Delivery]:
    """Readers and one sent ledger row each."""
    now = timezone.now()
    send = Send.objects.create(
        key=f"test-{now.timestamp()}",
        kind=SendKind.EDITION,
        subject="L’IA entre au rayon fruits et légumes",
        html="<p>x</p>",
        text="x",
        created_at=now,
        snapshot_at=now,
        retry_until=now + dt.timedelta(hours=24),
    )
    rows = []
    for address in addresses:
        reader = Subscriber.objects.create(
            email=address,
            status=SubscriberStatus.ACTIVE,
            source=Source.FORM,
            created_at=now - dt.timedelta(days=30),
        )
        rows.append(
            Delivery.objects.create(
                send=send, subscriber=reader, state=DeliveryState.SENT, attempts=1, sent_at=now
            )
        )
    return rows


def fixture_for(name: str, row: Delivery, *, verp: bytes | None = None) -> bytes:
    """A fixture message about this row: its VERP address, reader and Message-ID."""
    raw = (FIXTURES / name).read_bytes()
    address = verp if verp is not None else bounces.verp().address(row.pk).encode()
    raw = raw.replace(FIXTURE_VERP, address)
    raw = raw.replace(
        FIXTURE_MESSAGE_ID, f"numeriq.{row.send_id}.{row.pk}@numeriq.example".encode()
    )
    for reader in FIXTURE_READERS:
        raw = raw.replace(reader, row.subscriber.email.encode())
    return raw


@pytest.fixture
def maildir(tmp_path: Path) -> mailbox.Maildir:
    return mailbox.Maildir(tmp_path / "bounces", create=True)


def status_of(row: Delivery) -> str:
    return Subscriber.objects.get(pk=row.subscriber_id).status


def test_a_dsn_in_the_maildir_suppresses_the_right_reader_once(maildir):
    bounced, other = ledger("lea.martin@example.fr", "autre@example.fr")
    maildir.add(fixture_for("postfix_hard.eml", bounced))

    summary = process_mailbox(maildir._path)

    assert summary == Summary(read=1, bounced_hard=1)
    assert status_of(bounced) == SubscriberStatus.BOUNCED
    assert is_suppressed("lea.martin@example.fr")
    assert status_of(other) == SubscriberStatus.ACTIVE
    row = Delivery.objects.get(pk=bounced.pk)
    assert row.state == DeliveryState.BOUNCED and "5.1.1" in row.last_reply
    assert Delivery.objects.get(pk=other.pk).state == DeliveryState.SENT
    # The message moved to the Processed folder: a second run has nothing to do.
    assert len(maildir) == 0 and len(maildir.get_folder("Processed")) == 1
    assert process_mailbox(maildir._path) == Summary()
    assert status_of(bounced) == SubscriberStatus.BOUNCED


def test_a_forged_verp_address_does_nothing(maildir):
    (row,) = ledger("lea.martin@example.fr")
    good = bounces.verp().address(row.pk)
    local, _, domain = good.rpartition("@")
    forged = f"{local[:-8]}{'0' * 8}@{domain}"
    # Forged signature, yet the Message-ID and recipient are right: still nothing.
    maildir.add(fixture_for("postfix_hard.eml", row, verp=forged.encode()))

    summary = process_maildir(maildir._path)

    assert summary == Summary(read=1, unmatched=1)
    assert status_of(row) == SubscriberStatus.ACTIVE
    assert not is_suppressed("lea.martin@example.fr")
    assert Delivery.objects.get(pk=row.pk).state == DeliveryState.SENT


def test_without_verp_a_quoted_message_id_must_match_the_named_reader(maildir):
    lea, paul = ledger("lea.martin@example.fr", "paul@example.fr")
    no_verp = b"bounces@numeriq.example"
    maildir.add(fixture_for("postfix_hard.eml", lea, verp=no_verp))
    # Names Paul's row but Léa's address: matches nobody.
    mismatched = fixture_for("postfix_hard.eml", lea, verp=no_verp).replace(
        f"numeriq.{lea.send_id}.{lea.pk}@".encode(), f"numeriq.{paul.send_id}.{paul.pk}@".encode()
    )
    maildir.add(mismatched)

    summary = process_maildir(maildir._path)

    assert summary == Summary(read=2, bounced_hard=1, unmatched=1)
    assert status_of(lea) == SubscriberStatus.BOUNCED
    assert status_of(paul) == SubscriberStatus.ACTIVE


def test_soft_bounces_count_until_the_limit(maildir, settings):
    settings.SOFT_BOUNCE_LIMIT = 2
    (row,) = ledger("paul.durand@outlook.com")
    maildir.add(fixture_for("outlook_mailbox_full.eml", row))

    assert process_maildir(maildir._path) == Summary(read=1, bounced_soft=1)
    reader = Subscriber.objects.get(pk=row.subscriber_id)
    assert (reader.status, reader.soft_bounces) == (SubscriberStatus.ACTIVE, 1)

    maildir.add(fixture_for("outlook_mailbox_full.eml", row))
    assert process_maildir(maildir._path) == Summary(read=1, bounced_soft=1)
    assert status_of(row) == SubscriberStatus.BOUNCED


@pytest.mark.parametrize("name", ["yahoo_arf.eml", "microsoft_jmrp.eml"])
def test_a_complaint_suppresses_the_reader(maildir, name):
    (row,) = ledger("lea.martin@yahoo.fr")
    maildir.add(fixture_for(name, row))

    assert process_maildir(maildir._path) == Summary(read=1, complaints=1)
    assert status_of(row) == SubscriberStatus.COMPLAINED
    assert is_suppressed("lea.martin@yahoo.fr")


def test_the_unsubscribe_mailto_unsubscribes_the_reader(maildir):
    (row,) = ledger("lea.martin@gmail.com")
    maildir.add(fixture_for("unsubscribe_mailto.eml", row))

    assert process_maildir(maildir._path) == Summary(read=1, unsubscribed=1)
    reader = Subscriber.objects.get(pk=row.subscriber_id)
    assert reader.status == SubscriberStatus.UNSUBSCRIBED
    assert ConsentEvent.objects.filter(subscriber=reader, detail="List-Unsubscribe mailto").exists()


def test_delays_auto_replies_and_junk_change_nothing_and_junk_is_kept(maildir):
    (row,) = ledger("lea.martin@example.fr")
    maildir.add(fixture_for("postfix_delayed.eml", row))
    maildir.add(fixture_for("out_of_office.eml", row))
    maildir.add((FIXTURES / "junk.eml").read_bytes())
    maildir.add((FIXTURES / "garbage.eml").read_bytes())

    assert process_maildir(maildir._path) == Summary(read=4, ignored=2, unknown=2)
    assert status_of(row) == SubscriberStatus.ACTIVE
    assert Delivery.objects.get(pk=row.pk).state == DeliveryState.SENT
    assert len(maildir.get_folder("Unknown")) == 2
    assert process_maildir(maildir._path) == Summary()


def test_messages_in_cur_are_read_too_and_a_failure_leaves_the_message(maildir):
    (row,) = ledger("lea.martin@example.fr")
    key = maildir.add(fixture_for("postfix_hard.eml", row))
    message = maildir[key]
    message.set_subdir("cur")
    message.add_flag("S")  # read by a human in a mail client
    maildir[key] = message

    def broken(raw: bytes) -> str:
        raise RuntimeError("database down")

    assert process_maildir(maildir._path, handle=broken) == Summary(read=1, errors=1)
    assert len(maildir) == 1
    assert process_maildir(maildir._path) == Summary(read=1, bounced_hard=1)
    assert len(maildir) == 0


def test_a_missing_maildir_is_a_clear_error(tmp_path):
    with pytest.raises(MailboxError, match="not a maildir"):
        process_mailbox(str(tmp_path / "nowhere"))
    assert process_mailbox("") == Summary()


class FakeImap:
    """The few imaplib.IMAP4 calls process_imap makes, over an in-memory folder (the seam:
    `connect`); a real IMAP server over TLS is not started in the tests."""

    def __init__(self, messages: dict[bytes, bytes]) -> None:
        self.messages = messages
        self.flags: dict[bytes, set[str]] = {uid: set() for uid in messages}
        self.calls: list[tuple] = []

    def login(self, user, password):
        self.calls.append(("login", user, password))
        return "OK", [b"Logged in"]

    def select(self, folder):
        self.calls.append(("select", folder))
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        self.calls.append((command, *args))
        if command == "SEARCH":
            assert args == ("UNSEEN",)
            unseen = [uid for uid in self.messages if "\\Seen" not in self.flags[uid]]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid, what = args
            assert what == "(BODY.PEEK[])"
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {1}", self.messages[uid]), b")"]
        if command == "STORE":
            uid, _, flags = args
            self.flags[uid].update(flags.strip("()").split())
            return "OK", [b""]
        raise AssertionError(command)

    def logout(self):
        self.calls.append(("logout",))
        return "BYE", [b""]


def test_imap_unseen_messages_are_handled_and_flagged_seen():
    lea, paul = ledger("lea.martin@example.fr", "paul.durand@outlook.com")
    server = FakeImap(
        {
            b"7": fixture_for("postfix_hard.eml", lea),
            b"8": fixture_for("outlook_mailbox_full.eml", paul),
            b"9": (FIXTURES / "junk.eml").read_bytes(),
        }
    )
    opened = []

    def connect(host, port):
        opened.append((host, port))
        return server

    url = "imaps://bounces%40numeriq.example:s%3Acret@imap.numeriq.example/Bounces"
    summary = process_imap(url, connect=connect)

    assert summary == Summary(read=3, bounced_hard=1, bounced_soft=1, unknown=1)
    assert opened == [("imap.numeriq.example", 993)]
    assert ("login", "bounces@numeriq.example", "s:cret") in server.calls
    assert ("select", '"Bounces"') in server.calls
    assert server.flags == {
        b"7": {"\\Seen"},
        b"8": {"\\Seen"},
        b"9": {"\\Seen", "\\Flagged"},
    }
    assert status_of(lea) == SubscriberStatus.BOUNCED
    assert process_imap(url, connect=connect) == Summary()


def test_imap_needs_tls():
    with pytest.raises(MailboxError, match="TLS"):
        process_imap("imap://user:pw@imap.numeriq.example/INBOX")
