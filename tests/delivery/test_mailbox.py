"""The bounce mailbox: DSNs, complaints and unsubscribe mails in a maildir (and IMAP) act on
the right reader, once, and forged ones on nobody."""

from __future__ import annotations

import datetime as dt
import mailbox
import re
from pathlib import Path

import pytest
from django.utils import timezone

from numeriq.audience.models import ConsentEvent, Source, Subscriber, SubscriberStatus
from numeriq.audience.suppression import is_suppressed
from numeriq.delivery import bounces
from numeriq.delivery.errors import MailboxError
from numeriq.delivery.mailbox import Summary, process_imap, process_mailbox, process_maildir
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind
from numeriq.testing import tls

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


def test_imap_needs_tls():
    with pytest.raises(MailboxError, match="TLS"):
        process_imap("imap://user:pw@imap.numeriq.example/INBOX")


# --- A real IMAP conversation over TLS ------------------------------------------------------


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 (the client trusts exactly this certificate)."""
    return tls.self_signed(tmp_path, "imap")


class ImapServer:
    """The few IMAP4rev1 commands a bounce reader uses, over TLS, one client at a time."""

    def __init__(self, cert: Path, key: Path, messages: dict[int, bytes]) -> None:
        import socket
        import ssl
        import threading

        self.messages = messages
        self.flags: dict[int, set[str]] = {uid: set() for uid in messages}
        self.logins: list[tuple[str, str]] = []
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self._listener = context.wrap_socket(listener, server_side=True)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._listener.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as reader:
                self._session(conn, reader)

    def _session(self, conn, reader) -> None:
        conn.sendall(b"* OK IMAP4rev1 test server ready\r\n")
        for line in reader:
            words = re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', line.decode().strip())
            tag, command, *args = [re.sub(r"\\(.)", r"\1", q) if q else w for q, w in words]
            command = command.upper()
            out: list[bytes] = []
            if command == "CAPABILITY":
                out.append(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
            elif command == "LOGIN":
                self.logins.append((args[0], args[1]))
            elif command == "SELECT":
                out.append(f"* {len(self.messages)} EXISTS\r\n".encode())
            elif command == "UID" and args[0].upper() == "SEARCH":
                unseen = [str(u) for u in self.messages if "\\Seen" not in self.flags[u]]
                out.append(("* SEARCH " + " ".join(unseen)).rstrip().encode() + b"\r\n")
            elif command == "UID" and args[0].upper() == "FETCH":
                uid = int(args[1])
                data = self.messages[uid]
                out.append(f"* {uid} FETCH (UID {uid} BODY[] {{{len(data)}}}\r\n".encode())
                out.append(data + b")\r\n")
            elif command == "UID" and args[0].upper() == "STORE":
                uid = int(args[1])
                self.flags[uid].update(" ".join(args[3:]).strip("()").split())
                flags = " ".join(sorted(self.flags[uid]))
                out.append(f"* {uid} FETCH (UID {uid} FLAGS ({flags}))\r\n".encode())
            elif command == "LOGOUT":
                conn.sendall(b"* BYE\r\n" + f"{tag} OK LOGOUT completed\r\n".encode())
                return
            else:
                conn.sendall(f"{tag} BAD unknown command\r\n".encode())
                continue
            conn.sendall(b"".join(out) + f"{tag} OK {command} completed\r\n".encode())


def test_a_real_imap_conversation_over_tls(tmp_path):
    import imaplib
    import ssl

    lea, paul = ledger("lea.martin@example.fr", "paul.durand@outlook.com")
    cert, key = self_signed(tmp_path)
    server = ImapServer(
        cert,
        key,
        {
            7: fixture_for("postfix_hard.eml", lea),
            8: fixture_for("outlook_mailbox_full.eml", paul),
            9: (FIXTURES / "junk.eml").read_bytes(),
        },
    )
    trusted = ssl.create_default_context(cafile=str(cert))

    def connect(host: str, port: int) -> imaplib.IMAP4:
        # The production connect with this test's certificate as the only trusted one.
        return imaplib.IMAP4_SSL(host, port, ssl_context=trusted, timeout=5)

    url = f"imaps://bounces%40numeriq.example:s%3Acret@127.0.0.1:{server.port}/INBOX"
    try:
        assert process_imap(url, connect=connect) == Summary(
            read=3, bounced_hard=1, bounced_soft=1, unknown=1
        )
        assert process_imap(url, connect=connect) == Summary()
    finally:
        server.close()

    assert server.logins[0] == ("bounces@numeriq.example", "s:cret")
    assert server.flags == {7: {"\\Seen"}, 8: {"\\Seen"}, 9: {"\\Seen", "\\Flagged"}}
    assert status_of(lea) == SubscriberStatus.BOUNCED
    # An untrusted certificate is refused: the password never leaves.
    with pytest.raises(MailboxError):
        process_imap(url)
