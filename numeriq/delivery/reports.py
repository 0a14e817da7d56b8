"""What a message that arrives in the bounce mailbox says (pure).

Three standards and the usual strays: RFC 3464 delivery status notifications
(multipart/report; report-type=delivery-status), RFC 5965 feedback reports (ARF: a reader
marked a message as spam), and the RFC 2369 `List-Unsubscribe` mailto (a message whose
subject is "unsubscribe"). Bounces written in words (qmail, Exim, Exchange, Gmail…) and
Amazon SES notification emails are read by `prose`; Microsoft's JMRP complaints when they
attach the original message. Everything else is `unknown` and kept for a human. Whether a
failure is hard or soft is decided in one place, `outcomes.is_hard_bounce`.

The parser never decides who is meant: it returns every address that may be our VERP
return path and the recipients and Message-IDs the report names; the mailbox checks them.
"""

from __future__ import annotations

import email
import email.header
import email.parser
import email.utils
import re
from email.message import Message

from numeriq.delivery import mailparts as mp
from numeriq.delivery import prose
from numeriq.delivery.mailparts import Report, ReportKind

__all__ = ["Report", "ReportKind", "parse_report"]


MAX_REPORT_BYTES = 256 * 1024
_SES_WRAPPER = re.compile(r"^\s*[45]\.\d{1,3}\.\d{1,3} - [A-Za-z ]+ error\s+(?=[45]\d\d\b)")
# Action words of DSNs in the wild, as RFC 3464 names them.
_ACTIONS = {"failure": "failed", "error": "failed", "fail": "failed", "delay": "delayed"}
_COMPLAINT_TYPES = frozenset({"abuse", "fraud", "virus"})


def parse_report(raw: bytes) -> Report:
    """Understand one incoming message; never raises (junk is `unknown`)."""
    try:
        # What a report says comes first (its text, its status fields, the original's
        # headers); the rest is the original's body, which only costs time to read.
        message = email.message_from_bytes(raw[:MAX_REPORT_BYTES])
    except Exception:  # the parser is lenient; this is for the truly broken
        return Report(ReportKind.UNKNOWN, diagnostic="unreadable message")
    try:
        return _classify(message)
    except Exception as exc:  # malformed structure in a part we looked into
        return Report(ReportKind.UNKNOWN, diagnostic=f"unreadable: {type(exc).__name__}")


def _classify(message: Message) -> Report:
    if message.get_content_type() == "multipart/report":
        report_type = str(message.get_param("report-type", "", header="content-type")).lower()
        if report_type == "delivery-status":
            return _delivery_status(message)
        if report_type == "feedback-report":
            return _feedback_report(message)
    for part in message.walk():  # a report forwarded or wrapped by a relay
        if part.get_content_type() == "message/delivery-status":
            return _delivery_status(message)
        if part.get_content_type() == "message/feedback-report":
            return _feedback_report(message)
    if _is_jmrp(message):
        return _jmrp_complaint(message)
    if not message.is_multipart() and "notificationType" in (body := mp.first_text(message)):
        ses = prose.ses_report(body)
        if ses is not None:
            return ses
    subject = mp.header_text(message, "Subject")
    if mp.strip_reply_prefix(subject).lower() == "unsubscribe":
        return Report(
            ReportKind.UNSUBSCRIBE,
            return_paths=mp.delivered_to(message),
            recipients=tuple(mp.addresses(message, "From")),
            diagnostic="List-Unsubscribe mailto",
        )
    if prose.looks_like_bounce(message, subject):
        return prose.text_bounce(message)
    if prose.is_auto_reply(message, subject):
        return Report(
            ReportKind.IGNORED, return_paths=mp.delivered_to(message), diagnostic="auto-reply"
        )
    return Report(
        ReportKind.UNKNOWN, return_paths=mp.delivered_to(message), diagnostic=subject[:120]
    )


# --- RFC 3464 delivery status notifications --------------------------------------------


def _delivery_status(message: Message) -> Report:
    blocks = _status_blocks(message)
    failed: list[tuple[str, str, str]] = []  # (recipient, status, diagnostic)
    delayed: list[str] = []
    others: list[str] = []
    envelope_id = ""
    for block in blocks:
        words = block.get("Action", "").strip().lower().split()
        action = _ACTIONS.get(words[0], words[0]) if words else ""
        # The address we sent to; the final one may be an alias's target or a local name.
        recipient = mp.typed_address(block.get("Original-Recipient", "")) or mp.typed_address(
            block.get("Final-Recipient", "")
        )
        if not action:
            envelope_id = envelope_id or block.get("Original-Envelope-Id", "").strip()
            continue
        addresses = [recipient] if recipient else []
        diagnostic = mp.unfold(block.get("Diagnostic-Code", ""))
        diagnostic = re.sub(r"^\s*(smtp|x-[\w-]+)\s*;\s*", "", diagnostic, flags=re.IGNORECASE)
        # Amazon SES wraps the remote reply in its own words and code: "5.1.0 - Unknown
        # address error 550-'5.2.2 … Mailbox Full'". The remote server's reply speaks.
        diagnostic = _SES_WRAPPER.sub("", diagnostic)
        diagnostic = _join_continuations(diagnostic)
        status = _best_status(block.get("Status", ""), diagnostic)
        if action == "failed":
            failed.extend((address, status, diagnostic) for address in addresses or [""])
        elif action == "delayed":
            delayed.extend(addresses)
        else:
            others.extend(addresses)
    original = mp.original_headers(message)
    return_paths = mp.return_paths(message, original)
    message_ids = mp.message_ids(message, original)
    if failed:
        # Without a diagnostic, the report's own words (in its text part) explain a
        # generic status.
        own_words = prose.bounce_words(message)

        def hard_failure(status: str, diagnostic: str) -> bool:
            return mp.is_hard(status, diagnostic or own_words)

        hard = any(hard_failure(status, diagnostic) for _, status, diagnostic in failed)
        # The report is about one message to one reader; its first hard failure speaks.
        chosen = next((f for f in failed if hard_failure(f[1], f[2]) == hard), failed[0])
        return Report(
            ReportKind.HARD_BOUNCE if hard else ReportKind.SOFT_BOUNCE,
            return_paths=return_paths,
            recipients=tuple(dict.fromkeys(a for a, _, _ in failed if a)),
            message_ids=message_ids,
            status=chosen[1],
            diagnostic=chosen[2][:240],
        )
    if delayed:
        return Report(
            ReportKind.DELAYED,
            return_paths=return_paths,
            recipients=tuple(dict.fromkeys(delayed)),
            message_ids=message_ids,
            diagnostic="delivery delayed",
        )
    if others:
        return Report(
            ReportKind.IGNORED,
            return_paths=return_paths,
            recipients=tuple(dict.fromkeys(others)),
            message_ids=message_ids,
            diagnostic="delivered or relayed",
        )
    # A report without per-recipient fields: some MTAs; try its words.
    return prose.text_bounce(message)


def _status_blocks(message: Message) -> list[Message]:
    """The header blocks of the message/delivery-status part(s): per message, per recipient."""
    blocks: list[Message] = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            blocks.extend(p for p in payload if isinstance(p, Message))
        else:
            blocks.extend(_header_blocks(mp.decoded_text(part)))
    if not blocks:
        # Mislabelled as text/plain by some gateways: find the fields in any text part.
        for part in message.walk():
            if part.get_content_maintype() == "text" and "Action:" in mp.decoded_text(part):
                blocks.extend(_header_blocks(mp.decoded_text(part)))
    return blocks


def _header_blocks(text: str) -> list[Message]:
    parser = email.parser.HeaderParser()
    chunks = re.split(r"\r?\n[ \t]*\r?\n", text.strip())
    return [parser.parsestr(chunk.strip() + "\n") for chunk in chunks if chunk.strip()]


def _join_continuations(diagnostic: str) -> str:
    """'550-5.1.1 The account … 550-5.1.1 does not exist' → 'The account … does not exist'
    after the first code: multi-line SMTP replies repeat it on every line."""
    first = re.match(r"(\d{3})[ -](?:(\d\.\d{1,3}\.\d{1,3})\s)?", diagnostic)
    if not first:
        return diagnostic
    repeat = rf"\s{first.group(1)}[ -]" + (
        rf"{re.escape(first.group(2))}\s+" if first.group(2) else ""
    )
    head = f"{first.group(1)} {first.group(2)} " if first.group(2) else f"{first.group(1)} "
    return head + re.sub(repeat, " ", diagnostic[first.end() :]).strip()


def _best_status(status_field: str, diagnostic: str) -> str:
    """The Status field, unless it is generic (x.0.0) and the diagnostic says more."""
    match = mp.STATUS_IN_TEXT.search(status_field)
    status = ".".join(match.groups()) if match else ""
    if not status or status.endswith(".0.0"):
        found = mp.STATUS_IN_TEXT.search(diagnostic)
        if found and (not status or found.group(1) == status[0]):
            return ".".join(found.groups())
    return status


# --- RFC 5965 feedback reports (ARF) and Microsoft JMRP --------------------------------


def _feedback_report(message: Message) -> Report:
    fields: Message | None = None
    for part in message.walk():
        if part.get_content_type() != "message/feedback-report":
            continue
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            fields = payload[0]
        else:
            blocks = _header_blocks(mp.decoded_text(part))
            fields = blocks[0] if blocks else None
        break
    original = mp.original_headers(message)
    feedback_type = (fields.get("Feedback-Type", "") if fields else "").strip().lower()
    senders: list[str] = []
    recipients: list[str] = []
    if fields is not None:
        senders = mp.plain_addresses(fields.get_all("Original-Mail-From", []))
        recipients = mp.plain_addresses(fields.get_all("Original-Rcpt-To", []))
        recipients += mp.plain_addresses(fields.get_all("Removal-Recipient", []))
    if original is not None:
        recipients += mp.addresses(original, "To")
    return_paths = tuple(dict.fromkeys([*senders, *mp.return_paths(message, original)]))
    kind = ReportKind.COMPLAINT if feedback_type in _COMPLAINT_TYPES else ReportKind.IGNORED
    user_agent = fields.get("User-Agent", "").strip() if fields else ""
    return Report(
        kind,
        return_paths=return_paths,
        recipients=tuple(dict.fromkeys(r for r in recipients if r)),
        message_ids=mp.message_ids(message, original),
        diagnostic=f"feedback-type {feedback_type or '?'} {user_agent}".strip()[:240],
    )


def _is_jmrp(message: Message) -> bool:
    """Microsoft's complaint loop: not ARF, the original attached, a telltale header."""
    if message.get("X-HmXmrOriginalRecipient"):
        return True
    text = mp.first_text(message)
    return "email abuse report" in text.lower() and mp.original_headers(message) is not None


def _jmrp_complaint(message: Message) -> Report:
    original = mp.original_headers(message)
    recipients = mp.plain_addresses(message.get_all("X-HmXmrOriginalRecipient", []))
    if original is not None:
        recipients += mp.plain_addresses(original.get_all("X-HmXmrOriginalRecipient", []))
        recipients += mp.addresses(original, "To")
    return Report(
        ReportKind.COMPLAINT,
        return_paths=mp.return_paths(message, original),
        recipients=tuple(dict.fromkeys(r for r in recipients if r)),
        message_ids=mp.message_ids(message, original),
        diagnostic="feedback loop (JMRP)",
    )
