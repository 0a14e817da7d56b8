"""The bounce mailbox: read what came back (maildir or IMAP) and act on it.

Each message is parsed by `reports`, matched to its ledger row through the signed VERP
address it was sent to, and handed to `bounces` (hard → suppressed, soft → counted),
to the suppression list (complaints) or to `unsubscribe` (the List-Unsubscribe mailto).

Without a valid VERP address, a report is matched only when it quotes one of our
Message-IDs *and* names the reader that ledger row was sent to: Message-IDs are not signed,
so the pair is what makes a forged bounce useless. A report whose VERP address carries a
bad signature is dropped whole.

A message is handled once: in a maildir it moves to the `.Processed` folder (`.Unknown`
for those not understood, kept for a human); on IMAP it is flagged \\Seen (and \\Flagged
when not understood). A message whose handling failed stays where it was, for next time.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import mailbox
import os
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction

from numeriq.audience.addresses import normalise
from numeriq.audience.errors import InvalidAddressError
from numeriq.audience.models import Source, Subscriber
from numeriq.audience.subscriptions import unsubscribe
from numeriq.delivery import bounces
from numeriq.delivery.errors import MailboxError
from numeriq.delivery.reports import Report, ReportKind, parse_report

log = logging.getLogger("numeriq.delivery")

PROCESSED_FOLDER = "Processed"
UNKNOWN_FOLDER = "Unknown"
STALE_CLAIM_SECONDS = 3600  # a claimed message older than this was left by a dead process

_OUR_MESSAGE_ID = re.compile(r"^<numeriq\.(\d+)\.(\d+)@[^>]+>$")


@dataclass
class Summary:
    """What one pass over the mailbox did."""

    read: int = 0
    bounced_hard: int = 0
    bounced_soft: int = 0
    complaints: int = 0
    unsubscribed: int = 0
    ignored: int = 0  # delay warnings, auto-replies, success notices
    unmatched: int = 0  # understood, but no reader of ours (or a forged VERP)
    unknown: int = 0  # not understood: kept for a human
    errors: int = 0  # handling failed: left in place, tried again next time

    def count(self, outcome: str) -> None:
        """Add one message with this outcome (a field name)."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in asdict(self).items())


Handler = Callable[[bytes], str]  # raw message → Summary field name


# --- What a report does -----------------------------------------------------------------


def _forged(report: Report) -> bool:
    """Whether the report names a VERP address of ours whose signature is wrong."""
    codec = bounces.verp()
    prefix, suffix = f"{codec.local}+".lower(), f"@{codec.domain}".lower()
    return any(
        address.lower().startswith(prefix)
        and address.lower().endswith(suffix)
        and codec.row_id(address) is None
        for address in report.return_paths
    )


def match_row(report: Report) -> int | None:
    """The ledger row a report is about: its signed VERP address, or a quoted Message-ID
    of ours whose row went to a reader the report names."""
    codec = bounces.verp()
    for address in report.return_paths:
        row_id = codec.row_id(address)
        if row_id is not None:
            return row_id
    if _forged(report):
        return None
    named = set()
    for address in report.recipients:
        try:
            named.add(normalise(address))
        except InvalidAddressError:  # not an address: it names nobody
            continue
    for message_id in report.message_ids:
        match = _OUR_MESSAGE_ID.match(message_id.strip())
        if match and named:
            row_id = int(match.group(2))
            if bounces.address_of_row(row_id) in named:
                return row_id
    return None


def apply(report: Report) -> str:
    """Act on one report; returns what it was (a Summary field name)."""
    if report.kind == ReportKind.UNKNOWN:
        return "unknown"
    if report.kind in (ReportKind.DELAYED, ReportKind.IGNORED):
        return "ignored"
    if _forged(report):
        log.warning("bounce mailbox: forged VERP address ignored (%s)", report.kind)
        return "unmatched"
    row_id = match_row(report)
    if row_id is None:
        return "unmatched"
    if report.kind in (ReportKind.HARD_BOUNCE, ReportKind.SOFT_BOUNCE):
        hard = report.kind == ReportKind.HARD_BOUNCE
        if bounces.bounce_row(row_id, hard=hard, detail=report.detail or report.kind) is None:
            return "unmatched"
        return "bounced_hard" if hard else "bounced_soft"
    address = bounces.address_of_row(row_id)
    if address is None:
        return "unmatched"
    if report.kind == ReportKind.COMPLAINT:
        bounces.register_complaint(address, detail=report.diagnostic or "feedback report")
        return "complaints"
    if report.kind == ReportKind.UNSUBSCRIBE:
        subscriber = Subscriber.objects.filter(email=address).first()
        if subscriber is not None and unsubscribe(
            subscriber, source=Source.FORM, detail="List-Unsubscribe mailto"
        ):
            return "unsubscribed"
        return "ignored"  # already gone
    return "unknown"


def handle_message(raw: bytes) -> str:
    """Parse and act on one incoming message, in one transaction."""
    report = parse_report(raw)
    with transaction.atomic():
        return apply(report)


# --- Maildir ----------------------------------------------------------------------------


def process_maildir(path: str | Path, *, handle: Handler = handle_message) -> Summary:
    """Handle every message in a maildir's new/ and cur/, moving each one out once done."""
    root = Path(path)
    if not (root / "new").is_dir() or not (root / "cur").is_dir():
        raise MailboxError(f"NUMERIQ_BOUNCE_MAILBOX: {root} is not a maildir (new/, cur/)")
    inbox = mailbox.Maildir(root, create=False)
    for folder in (PROCESSED_FOLDER, UNKNOWN_FOLDER):
        inbox.add_folder(folder)  # Maildir++: .Folder/ beside new/ and cur/; kept if there
    done, unknown = root / f".{PROCESSED_FOLDER}", root / f".{UNKNOWN_FOLDER}"
    _release_stale_claims(done / "tmp", root / "new")
    summary = Summary()
    for sub in ("new", "cur"):
        for name in sorted(os.listdir(root / sub)):
            if name.startswith("."):
                continue
            claimed = done / "tmp" / name
            try:
                # The rename is the claim: two processes never handle the same message.
                os.rename(root / sub / name, claimed)
            except FileNotFoundError:
                continue
            summary.read += 1
            try:
                outcome = handle(claimed.read_bytes())
            except Exception:
                log.exception("bounce mailbox: %s could not be handled", name)
                os.rename(claimed, root / sub / name)
                summary.errors += 1
                continue
            summary.count(outcome)
            base = name.split(":", 1)[0]
            if outcome == "unknown":
                os.rename(claimed, unknown / "new" / base)
            else:
                os.rename(claimed, done / "cur" / f"{base}:2,S")
    return summary


def _release_stale_claims(claims: Path, inbox_new: Path) -> None:
    """Messages a dead process had claimed go back to the inbox."""
    limit = time.time() - STALE_CLAIM_SECONDS
    for entry in claims.iterdir():
        try:
            if entry.stat().st_mtime < limit:
                os.rename(entry, inbox_new / entry.name.split(":", 1)[0])
        except FileNotFoundError:
            continue


# --- IMAP -------------------------------------------------------------------------------


Connect = Callable[[str, int], Any]  # (host, port) → an imaplib.IMAP4-like client


def _imaps(host: str, port: int) -> imaplib.IMAP4:
    return imaplib.IMAP4_SSL(host, port, ssl_context=ssl.create_default_context(), timeout=30)


def process_imap(
    url: str, *, connect: Connect = _imaps, handle: Handler = handle_message, limit: int = 1000
) -> Summary:
    """Handle the UNSEEN messages of an IMAP folder (imaps://user:password@host/INBOX)."""
    parts = urlsplit(url)
    if parts.scheme != "imaps" or not parts.hostname:
        raise MailboxError("NUMERIQ_BOUNCE_MAILBOX: IMAP is read over TLS: imaps://user:pw@host/")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    summary = Summary()
    try:
        client = connect(parts.hostname, parts.port or 993)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"bounce mailbox {parts.hostname}: {exc}") from exc
    try:
        client.login(unquote(parts.username or ""), unquote(parts.password or ""))
        status, _ = client.select(_quoted(folder))
        if status != "OK":
            raise MailboxError(f"bounce mailbox: no folder {folder!r}")
        status, data = client.uid("SEARCH", "UNSEEN")
        uids = data[0].split() if status == "OK" and data and data[0] else []
        for uid in uids[:limit]:
            # PEEK: the message stays unseen until it has been handled.
            status, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched or [] if isinstance(item, tuple)), None)
            if status != "OK" or raw is None:
                continue
            summary.read += 1
            try:
                outcome = handle(bytes(raw))
            except Exception:
                log.exception("bounce mailbox: message %s could not be handled", uid)
                summary.errors += 1
                continue
            summary.count(outcome)
            flags = r"(\Seen \Flagged)" if outcome == "unknown" else r"(\Seen)"
            client.uid("STORE", uid, "+FLAGS", flags)
    except imaplib.IMAP4.error as exc:
        raise MailboxError(f"bounce mailbox {parts.hostname}: {exc}") from exc
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()
    return summary


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Entry point ------------------------------------------------------------------------


def process_mailbox(url: str | None = None) -> Summary:
    """Read the bounce mailbox (NUMERIQ_BOUNCE_MAILBOX by default) once; nothing when unset."""
    location = settings.BOUNCE_MAILBOX if url is None else url
    if not location:
        return Summary()
    if location.startswith("imaps://") or location.startswith("imap://"):
        summary = process_imap(location)
    else:
        summary = process_maildir(location.removeprefix("maildir://"))
    if summary.read:
        log.info("bounce mailbox: %s", summary)
    return summary
