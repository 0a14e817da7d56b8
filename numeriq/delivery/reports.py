"""What a message that arrives in the bounce mailbox says (pure).

Three standards and the usual strays: RFC 3464 delivery status notifications
(multipart/report; report-type=delivery-status), RFC 5965 feedback reports (ARF: a reader
marked a message as spam), and the RFC 2369 `List-Unsubscribe` mailto (a message whose
subject is "unsubscribe"). Non-standard bounces (qmail, Exim, old Exchange) are understood
when their text carries an SMTP status; Microsoft's JMRP complaints when they attach the
original message. Everything else is `unknown` and kept for a human.

The parser never decides who is meant: it returns every address that may be our VERP
return path and the recipients and Message-IDs the report names; the mailbox checks them.
"""

from __future__ import annotations

import email
import email.header
import email.parser
import email.utils
import html
import re
from dataclasses import dataclass
from email.message import Message
from enum import StrEnum

from flufl.bounce import all_failures

from numeriq.delivery.outcomes import is_hard_bounce
from numeriq.delivery.ses_mail import parse_ses_notification


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
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_MAILTO = re.compile(r"<mailto:([^>?]+)", re.IGNORECASE)
_STATUS_IN_TEXT = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_SMTP_STATUS_LINE = re.compile(r"(?<!\d)([45]\d\d)[ -]+(?:#?([245]\.\d{1,3}\.\d{1,3}))?")
_MESSAGE_ID_LINE = re.compile(r"^\s*>?\s*Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_DAEMONS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "mdaemon")
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery status notification|failure notice|returned mail|"
    r"mail delivery failed|delivery fail|could not be delivered|returning message to sender|"
    r"non remis|non délivr|échec de (?:la )?(?:remise|distribution)|rejected|nondeliverable|"
    r"\bmail error\b|delivery (?:problem|failure|notification)|not delivered",
    re.IGNORECASE,
)
_AUTO_REPLY_SUBJECT = re.compile(
    r"out of (?:the )?office|auto(?:matic)?[ -]?reply|r[ée]ponse automatique|absence|"
    r"absent|vacation|cong[ée]s?\b|autoreply|abwesenheit",
    re.IGNORECASE,
)
_SES_WRAPPER = re.compile(r"^\s*[45]\.\d{1,3}\.\d{1,3} - [A-Za-z ]+ error\s+(?=[45]\d\d\b)")
# Action words of DSNs in the wild, as RFC 3464 names them.
_ACTIONS = {"failure": "failed", "error": "failed", "fail": "failed", "delay": "delayed"}
MAX_RECIPIENTS = 10  # we send one message per reader: a report naming more is no proof
_COMPLAINT_TYPES = frozenset({"abuse", "fraud", "virus"})
_WARNING = re.compile(
    r"delivery (?:status notification \(delay|delayed|warning)|\bdelayed\b|"
    r"(?:has )?not yet been delivered|this is (?:just )?a warning|warning only|"
    r"will (?:continue|keep) (?:to )?try|still (?:being retried|trying)|"
    r"delivery attempts will continue|message will be retried|has been postponed",
    re.IGNORECASE,
)
# Where a bounce's copy of the original message begins.
_COPY_STARTS = re.compile(
    r"^[\s*|>-]*(?:Below this line is a copy|This is a copy of the message|Original message"
    r"|Forwarded message|Header of the source mail|Message header follows"
    r"|(?:Start of )?returned (?:message|mail)|Undelivered message|Original message follows)"
    r".*$",
    re.IGNORECASE | re.MULTILINE,
)
_WARNING_SUBJECT = re.compile(
    r"^\s*warning:.*(?:delay|not yet|retr)|\bdelayed\b|\(delay\)|still being retried|"
    r"not yet been delivered",
    re.IGNORECASE,
)
_REASON_WORDS = re.compile(
    r"(?:can ?not|could ?n[o']t|was not|were not) be delivered|undeliverable|not delivered|"
    r"unknown|not (?:exist|found|known|valid|listed|recognized)|no such|invalid|quota|full|"
    r"disabled|refused|rejected|denied|failed|error|inconnu",
    re.IGNORECASE,
)
# A Message-ID of ours is not an address ("numeriq.7.42.f00d@numeriq.example").
_OUR_ID_LOCAL = re.compile(r"^<?numeriq\.\d+\.\d+(?:\.[0-9a-f]+)?@", re.IGNORECASE)
_ID_LINE = re.compile(
    r"^\s*>?\s*(?:Message-ID|References|In-Reply-To|X-Message-ID)\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_HEADER = re.compile(
    r"^\s*>?\s*(?:Received|Received-SPF|Return-Path|Authentication-Results|DKIM-Signature|"
    r"ARC-[\w-]+|X-[\w-]+|Message-ID|References|In-Reply-To|MIME-Version|Content-[\w-]+|"
    r"List-[\w-]+)\s*:.*(?:\n[ \t]+.*)*$",
    re.IGNORECASE | re.MULTILINE,
)


def parse_report(raw: bytes) -> Report:
    """Understand one incoming message; never raises (junk is `unknown`)."""
    try:
        message = email.message_from_bytes(raw)
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
    if not message.is_multipart() and "notificationType" in (body := _first_text(message)):
        ses = _ses_report(body)
        if ses is not None:
            return ses
    subject = _header_text(message, "Subject")
    if _looks_like_bounce(message, subject):
        return _text_bounce(message)
    if _strip_reply_prefix(subject).lower() == "unsubscribe":
        return Report(
            ReportKind.UNSUBSCRIBE,
            return_paths=_delivered_to(message),
            recipients=tuple(_addresses(message, "From")),
            diagnostic="List-Unsubscribe mailto",
        )
    if _is_auto_reply(message, subject):
        return Report(
            ReportKind.IGNORED, return_paths=_delivered_to(message), diagnostic="auto-reply"
        )
    return Report(ReportKind.UNKNOWN, return_paths=_delivered_to(message), diagnostic=subject[:120])


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
        recipient = _typed_address(block.get("Original-Recipient", "")) or _typed_address(
            block.get("Final-Recipient", "")
        )
        if not action:
            envelope_id = envelope_id or block.get("Original-Envelope-Id", "").strip()
            continue
        addresses = [recipient] if recipient else []
        diagnostic = _unfold(block.get("Diagnostic-Code", ""))
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
    original = _original_headers(message)
    return_paths = _return_paths(message, original)
    message_ids = _message_ids(message, original)
    if failed:
        # Without a diagnostic, the report's own words (in its text part) explain a
        # generic status.
        prose = _bounce_words(message)

        def hard_failure(status: str, diagnostic: str) -> bool:
            return _is_hard(status, diagnostic or prose)

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
    return _text_bounce(message)


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
            blocks.extend(_header_blocks(_decoded_text(part)))
    if not blocks:
        # Mislabelled as text/plain by some gateways: find the fields in any text part.
        for part in message.walk():
            if part.get_content_maintype() == "text" and "Action:" in _decoded_text(part):
                blocks.extend(_header_blocks(_decoded_text(part)))
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
    match = _STATUS_IN_TEXT.search(status_field)
    status = ".".join(match.groups()) if match else ""
    if not status or status.endswith(".0.0"):
        found = _STATUS_IN_TEXT.search(diagnostic)
        if found and (not status or found.group(1) == status[0]):
            return ".".join(found.groups())
    return status


def _is_hard(status: str, diagnostic: str) -> bool:
    """The hard/soft rules of `outcomes`, on a status and the words that explain it."""
    smtp = _SMTP_STATUS_LINE.search(diagnostic)
    return is_hard_bounce(int(smtp.group(1)) if smtp else 0, diagnostic, status)


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
            blocks = _header_blocks(_decoded_text(part))
            fields = blocks[0] if blocks else None
        break
    original = _original_headers(message)
    feedback_type = (fields.get("Feedback-Type", "") if fields else "").strip().lower()
    senders: list[str] = []
    recipients: list[str] = []
    if fields is not None:
        senders = _plain_addresses(fields.get_all("Original-Mail-From", []))
        recipients = _plain_addresses(fields.get_all("Original-Rcpt-To", []))
        recipients += _plain_addresses(fields.get_all("Removal-Recipient", []))
    if original is not None:
        recipients += _addresses(original, "To")
    return_paths = tuple(dict.fromkeys([*senders, *_return_paths(message, original)]))
    kind = ReportKind.COMPLAINT if feedback_type in _COMPLAINT_TYPES else ReportKind.IGNORED
    user_agent = fields.get("User-Agent", "").strip() if fields else ""
    return Report(
        kind,
        return_paths=return_paths,
        recipients=tuple(dict.fromkeys(r for r in recipients if r)),
        message_ids=_message_ids(message, original),
        diagnostic=f"feedback-type {feedback_type or '?'} {user_agent}".strip()[:240],
    )


def _is_jmrp(message: Message) -> bool:
    """Microsoft's complaint loop: not ARF, the original attached, a telltale header."""
    if message.get("X-HmXmrOriginalRecipient"):
        return True
    text = _first_text(message)
    return "email abuse report" in text.lower() and _original_headers(message) is not None


def _jmrp_complaint(message: Message) -> Report:
    original = _original_headers(message)
    recipients = _plain_addresses(message.get_all("X-HmXmrOriginalRecipient", []))
    if original is not None:
        recipients += _plain_addresses(original.get_all("X-HmXmrOriginalRecipient", []))
        recipients += _addresses(original, "To")
    return Report(
        ReportKind.COMPLAINT,
        return_paths=_return_paths(message, original),
        recipients=tuple(dict.fromkeys(r for r in recipients if r)),
        message_ids=_message_ids(message, original),
        diagnostic="feedback loop (JMRP)",
    )


# --- Amazon SES notifications by email --------------------------------------------------


def _ses_report(body: str) -> Report | None:
    event = parse_ses_notification(body)
    if event is None:
        return None
    return_paths = (event.source.lower(),) if event.source else ()
    message_ids = (event.message_id,) if event.message_id.startswith("<") else ()
    if event.kind == "complaint":
        kind = ReportKind.COMPLAINT
    elif event.kind != "bounce":
        kind = ReportKind.IGNORED
    elif not event.permanent:
        kind = ReportKind.SOFT_BOUNCE
    else:
        diagnostic = re.sub(r"^\s*smtp\s*;\s*", "", event.diagnostic, flags=re.IGNORECASE)
        # A permanent bounce is the address's fault unless its words say otherwise.
        hard = _is_hard(event.status, diagnostic) if diagnostic or event.status else True
        kind = ReportKind.HARD_BOUNCE if hard else ReportKind.SOFT_BOUNCE
    return Report(
        kind,
        return_paths=return_paths,
        recipients=event.recipients[:MAX_RECIPIENTS],
        message_ids=message_ids,
        status=event.status,
        diagnostic=f"Amazon SES {event.kind} {event.diagnostic}".strip()[:240],
    )


# --- Non-standard bounces and other mail -----------------------------------------------


def _looks_like_bounce(message: Message, subject: str) -> bool:
    sender = message.get("Return-Path", "").strip()
    from_address = ",".join(_addresses(message, "From")).lower()
    if sender == "<>" and not _is_auto_reply(message, subject):
        return True
    if any(from_address.startswith(daemon) for daemon in _DAEMONS):
        return True
    if _BOUNCE_SUBJECT.search(subject) and not _AUTO_REPLY_SUBJECT.search(subject):
        return True
    temporary, permanent = _detected_failures(message)
    return bool(temporary or permanent) and not _AUTO_REPLY_SUBJECT.search(subject)


def _text_bounce(message: Message) -> Report:
    """A bounce in words: flufl.bounce's detectors (Mailman's) find who failed and whether
    for good; the failure's words, through the rules of `outcomes`, say hard or soft."""
    original = _original_headers(message)
    text = _bounce_text(message)
    return_paths = _return_paths(message, original)
    message_ids = _message_ids(message, original)
    temporary, permanent = _detected_failures(message)
    status, diagnostic = _failure_line(text)
    recipients = (
        permanent
        or temporary
        or _plain_addresses(message.get_all("X-Failed-Recipients", []))
        or _addresses_in(text, {*return_paths, *(a.lower() for a in _addresses(message, "From"))})
        or _quoted_recipients(message, original)
    )
    recipients = list(dict.fromkeys(recipients))[:MAX_RECIPIENTS]
    subject = _header_text(message, "Subject")
    warning = _WARNING_SUBJECT.search(subject) or (
        not permanent and (temporary or _WARNING.search(f"{subject}\n{text}"))
    )
    if warning:
        return Report(
            ReportKind.DELAYED,
            return_paths=return_paths,
            recipients=tuple(recipients),
            message_ids=message_ids,
            diagnostic="delivery delayed",
        )
    words = _bounce_words(message)
    if not recipients and not diagnostic and not _REASON_WORDS.search(words):
        return Report(
            ReportKind.UNKNOWN,
            return_paths=return_paths,
            message_ids=message_ids,
            diagnostic="bounce without a status",
        )
    hard = not status.startswith("4") and _is_hard(status, words)
    return Report(
        ReportKind.HARD_BOUNCE if hard else ReportKind.SOFT_BOUNCE,
        return_paths=return_paths,
        recipients=tuple(recipients),
        message_ids=message_ids,
        status=status,
        diagnostic=(diagnostic or _reason_line(words))[:240],
    )


def _detected_failures(message: Message) -> tuple[list[str], list[str]]:
    """(temporary, permanent) failed recipients found by flufl.bounce's detectors."""
    try:
        temporary, permanent = all_failures(message)
    except Exception:  # a detector tripped on a malformed message: ours still try
        return [], []

    def decoded(found: frozenset[bytes]) -> list[str]:
        out = (a.decode("utf-8", "replace").strip() for a in found)
        return sorted(a for a in out if "@" in a and not _OUR_ID_LOCAL.match(a))

    return decoded(temporary), decoded(permanent)


def _failure_line(text: str) -> tuple[str, str]:
    """(enhanced status, line) of the first SMTP failure the text quotes, if any."""
    status = diagnostic = ""
    for line in text.splitlines():
        smtp = _SMTP_STATUS_LINE.search(line)
        enhanced = _STATUS_IN_TEXT.search(line)
        if (smtp and smtp.group(1)[0] == "5") or (enhanced and enhanced.group(1) in "45"):
            status = ".".join(enhanced.groups()) if enhanced else ""
            diagnostic = line.strip()
            if smtp or status.startswith("5"):
                break
    return status, diagnostic


def _reason_line(words: str) -> str:
    """The line of a prose bounce that gives the reason, for the ledger."""
    lines = [line.strip() for line in words.splitlines() if line.strip()]
    for line in lines:
        if _REASON_WORDS.search(line):
            return line
    return lines[0] if lines else ""


def _addresses_in(text: str, ours: set[str]) -> list[str]:
    """Addresses a prose bounce names, but Message-IDs, ours and the daemons'."""
    text = _ID_LINE.sub("", text)
    return [
        a
        for a in dict.fromkeys(_ADDRESS.findall(text))
        if a.lower() not in ours
        and not a.lower().startswith(_DAEMONS)
        and not _OUR_ID_LOCAL.match(a)
    ]


def _quoted_recipients(message: Message, original: Message | None) -> list[str]:
    """Who the original was sent to, from the copy of its headers a prose bounce quotes."""
    if original is None:
        text = "\n".join(
            _decoded_text(p) for p in _own_parts(message) if p.get_content_maintype() == "text"
        )
        cut = _COPY_STARTS.search(text)
        if cut is None:
            return []
        original = email.parser.HeaderParser().parsestr(text[cut.end() :].lstrip("\r\n -"))
    if not str(original.get("Message-ID", "")).strip().lower().startswith("<numeriq."):
        return []  # not a copy of one of our messages: its To names someone else
    found = _addresses(original, "X-Original-To") + _addresses(original, "To")
    return list(dict.fromkeys(found))[:1]


def _bounce_words(message: Message) -> str:
    """The bounce's own text without quoted header lines (Received, SPF results…), whose
    words ("unknown", "fail") say nothing of this failure."""
    text = _QUOTED_HEADER.sub("", _bounce_text(message))
    if "<" in text and re.search(r"<(?:html|body|br|p|font|div)\b", text, re.IGNORECASE):
        text = html.unescape(re.sub(r"<[^<>]*>", " ", text)).replace("\xa0", " ")
    return text


def _bounce_text(message: Message) -> str:
    """The bounce's own words: its text parts, not the quoted original (which says "5.1.1"
    only by accident), cut where a copy of the original begins."""
    texts = []
    for part in _own_parts(message):
        if part.get_content_maintype() == "text" and part.get_content_type() != (
            "text/rfc822-headers"
        ):
            texts.append(_decoded_text(part))
    text = "\n".join(texts)
    cut = _COPY_STARTS.search(text)
    return text[: cut.start()] if cut else text


def _own_parts(message: Message) -> list[Message]:
    """The parts of a message, not descending into attached messages."""
    if not message.is_multipart():
        return [message]
    parts: list[Message] = []
    for part in message.get_payload():
        if not isinstance(part, Message):
            continue
        if part.get_content_maintype() == "message":
            continue
        parts.extend(_own_parts(part) if part.is_multipart() else [part])
    return parts


def _is_auto_reply(message: Message, subject: str) -> bool:
    auto = message.get("Auto-Submitted", "").strip().lower()
    if auto and auto != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if message.get("Precedence", "").strip().lower() == "auto_reply":
        return True
    return bool(_AUTO_REPLY_SUBJECT.search(subject))


# --- Shared helpers --------------------------------------------------------------------


def _original_headers(message: Message) -> Message | None:
    """The headers of the original message a report quotes (message/rfc822 or headers)."""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return payload[0]
        if content_type in ("text/rfc822-headers", "message/rfc822-headers"):
            return email.parser.HeaderParser().parsestr(_decoded_text(part))
    return None


def _return_paths(message: Message, original: Message | None) -> tuple[str, ...]:
    """Where a VERP address may be: the report's envelope, then the original's sender and
    its List-Unsubscribe mailto (signed, so a quoted copy is as good as the envelope)."""
    found = list(_delivered_to(message))
    if original is not None:
        found += _plain_addresses(original.get_all("Return-Path", []))
        for value in original.get_all("List-Unsubscribe", []):
            found += [m.strip() for m in _MAILTO.findall(_unfold(str(value)))]
    return tuple(dict.fromkeys(a.lower() for a in found if a))


def _delivered_to(message: Message) -> tuple[str, ...]:
    found: list[str] = []
    for name in _DELIVERY_HEADERS:
        found += _addresses(message, name)
    return tuple(dict.fromkeys(a.lower() for a in found if a))


def _message_ids(message: Message, original: Message | None) -> tuple[str, ...]:
    """The original's Message-ID: from its attached headers, else from the lines a text
    bounce quotes (all of them: the mailbox refuses a report that quotes too many)."""
    found: list[str] = []
    if original is not None:
        found += [_unfold(str(v)).strip() for v in original.get_all("Message-ID", [])]
    if not found:
        for part in _own_parts(message):  # text bounces quote the original inline
            if part.get_content_type() == "text/plain":
                found += _MESSAGE_ID_LINE.findall(_decoded_text(part))
    return tuple(dict.fromkeys(m for m in found if m.startswith("<") and m.endswith(">")))


def _addresses(message: Message, name: str) -> list[str]:
    values = [str(v) for v in message.get_all(name, [])]
    return [address for _, address in email.utils.getaddresses(values) if "@" in address]


def _plain_addresses(values: list[str]) -> list[str]:
    return [address for _, address in email.utils.getaddresses([str(v) for v in values]) if address]


def _typed_address(value: str) -> str:
    """The address of an RFC 3464 'rfc822; user@example.org' field."""
    value = _unfold(value)
    if ";" in value:
        kind, _, value = value.partition(";")
        if kind.strip().lower() not in ("rfc822", "utf-8"):
            return ""
    address = value.strip().strip("<>").strip()
    return address if "@" in address else ""


def _unfold(value: str) -> str:
    return re.sub(r"\s*\r?\n\s+", " ", str(value)).strip()


def _header_text(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return _unfold(str(email.header.make_header(email.header.decode_header(str(value)))))
    except Exception:  # a mis-encoded word: the raw value will do
        return _unfold(str(value))


def _strip_reply_prefix(subject: str) -> str:
    return re.sub(r"^\s*((re|fwd?|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE).strip()


def _decoded_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        return payload.decode("latin-1")


def _first_text(message: Message) -> str:
    for part in _own_parts(message):
        if part.get_content_type() == "text/plain":
            return _decoded_text(part)
    return ""
