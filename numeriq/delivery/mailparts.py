"""What the report parsers share (pure): the report itself, and reading the parts of a
bounce: the original message it quotes, its addresses, headers and text."""

from __future__ import annotations

import email
import email.header
import email.parser
import email.utils
import re
from dataclasses import dataclass
from email.message import Message
from enum import StrEnum

from numeriq.delivery.outcomes import is_hard_bounce


class ReportKind(StrEnum):
    """What a report asks of us."""

    HARD_BOUNCE = "hard_bounce"  # the address does not exist: suppress
    SOFT_BOUNCE = "soft_bounce"  # refused for now or for this message: count
    COMPLAINT = "complaint"  # marked as spam: suppress
    UNSUBSCRIBE = "unsubscribe_request"  # the List-Unsubscribe mailto
    DELAYED = "delayed"  # still trying: nothing to do
    IGNORED = "ignored"  # understood, nothing to do (auto-reply, success DSN, not-spam)
    UNKNOWN = "unknown"  # not understood: keep it for a human


@dataclass(frozen=True, slots=True)
class Report:
    """One incoming message, understood."""

    kind: ReportKind
    # Where the report was delivered (Delivered-To, X-Original-To, To…) and the original
    # message's envelope sender: the places a VERP address can be found, best first.
    return_paths: tuple[str, ...] = ()
    # The reader addresses it is about (Final-/Original-Recipient, Original-Rcpt-To…).
    recipients: tuple[str, ...] = ()
    # Message-IDs of the original message, when the report quotes it.
    message_ids: tuple[str, ...] = ()
    status: str = ""  # RFC 3463 enhanced status, e.g. 5.1.1
    diagnostic: str = ""  # the remote server's words, or why it was ignored

    @property
    def detail(self) -> str:
        """One line for the ledger and the logs."""
        return " ".join(part for part in (self.status, self.diagnostic) if part)[:300]


# Headers a delivery agent adds with the envelope recipient: where a VERP address shows.
_DELIVERY_HEADERS = (
    "Delivered-To",
    "X-Original-To",
    "Envelope-To",
    "X-Envelope-To",
    "X-Delivered-To",
    "X-Rcpt-To",
    "To",
)
_MAILTO = re.compile(r"<mailto:([^>?]+)", re.IGNORECASE)
STATUS_IN_TEXT = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
SMTP_STATUS_LINE = re.compile(r"(?<!\d)([45]\d\d)[ -]+(?:#?([245]\.\d{1,3}\.\d{1,3}))?")
_MESSAGE_ID_LINE = re.compile(r"^\s*>?\s*Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
MAX_RECIPIENTS = 10  # we send one message per reader: a report naming more is no proof


def own_parts(message: Message) -> list[Message]:
    """The parts of a message, not descending into attached messages."""
    if not message.is_multipart():
        return [message]
    parts: list[Message] = []
    for part in message.get_payload():
        if not isinstance(part, Message):
            continue
        if part.get_content_maintype() == "message":
            continue
        parts.extend(own_parts(part) if part.is_multipart() else [part])
    return parts


def is_hard(status: str, diagnostic: str) -> bool:
    """The hard/soft rules of `outcomes`, on a status and the words that explain it."""
    smtp = SMTP_STATUS_LINE.search(diagnostic)
    return is_hard_bounce(int(smtp.group(1)) if smtp else 0, diagnostic, status)


def original_headers(message: Message) -> Message | None:
    """The headers of the original message a report quotes (message/rfc822 or headers)."""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return payload[0]
        if content_type in ("text/rfc822-headers", "message/rfc822-headers"):
            return email.parser.HeaderParser().parsestr(decoded_text(part))
    return None


def return_paths(message: Message, original: Message | None) -> tuple[str, ...]:
    """Where a VERP address may be: the report's envelope, then the original's sender and
    its List-Unsubscribe mailto (signed, so a quoted copy is as good as the envelope)."""
    found = list(delivered_to(message))
    if original is not None:
        found += plain_addresses(original.get_all("Return-Path", []))
        for value in original.get_all("List-Unsubscribe", []):
            found += [m.strip() for m in _MAILTO.findall(unfold(str(value)))]
    return tuple(dict.fromkeys(a.lower() for a in found if a))


def delivered_to(message: Message) -> tuple[str, ...]:
    """Addresses the report was delivered to (Delivered-To, X-Original-To… To), lower-cased."""
    found: list[str] = []
    for name in _DELIVERY_HEADERS:
        found += addresses(message, name)
    return tuple(dict.fromkeys(a.lower() for a in found if a))


def message_ids(message: Message, original: Message | None) -> tuple[str, ...]:
    """The original's Message-ID: from its attached headers, else from the lines a text
    bounce quotes (all of them: the mailbox refuses a report that quotes too many)."""
    found: list[str] = []
    if original is not None:
        found += [unfold(str(v)).strip() for v in original.get_all("Message-ID", [])]
    if not found:
        for part in own_parts(message):  # text bounces quote the original inline
            if part.get_content_type() == "text/plain":
                found += _MESSAGE_ID_LINE.findall(decoded_text(part))
    return tuple(dict.fromkeys(m for m in found if m.startswith("<") and m.endswith(">")))


def addresses(message: Message, name: str) -> list[str]:
    """The addresses of one header (every occurrence), without display names."""
    values = [str(v) for v in message.get_all(name, [])]
    return [address for _, address in email.utils.getaddresses(values) if "@" in address]


def plain_addresses(values: list[str]) -> list[str]:
    """The addresses in header values such as '<user@example.org>'."""
    return [address for _, address in email.utils.getaddresses([str(v) for v in values]) if address]


def typed_address(value: str) -> str:
    """The address of an RFC 3464 'rfc822; user@example.org' field."""
    value = unfold(value)
    if ";" in value:
        kind, _, value = value.partition(";")
        if kind.strip().lower() not in ("rfc822", "utf-8"):
            return ""
    address = value.strip().strip("<>").strip()
    return address if "@" in address else ""


def unfold(value: str) -> str:
    """A header value on one line."""
    return re.sub(r"\s*\r?\n\s+", " ", str(value)).strip()


def header_text(message: Message, name: str) -> str:
    """A header decoded to text on one line ("" when absent)."""
    value = message.get(name)
    if value is None:
        return ""
    try:
        return unfold(str(email.header.make_header(email.header.decode_header(str(value)))))
    except Exception:  # a mis-encoded word: the raw value will do
        return unfold(str(value))


def strip_reply_prefix(subject: str) -> str:
    """A subject without its Re:/Fwd:/Tr: prefixes."""
    return re.sub(r"^\s*((re|fwd?|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE).strip()


def decoded_text(part: Message) -> str:
    """A text part's payload decoded with its charset."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        return payload.decode("latin-1")


def first_text(message: Message) -> str:
    """The first text/plain part of a message (not of the messages it attaches)."""
    for part in own_parts(message):
        if part.get_content_type() == "text/plain":
            return decoded_text(part)
    return ""
