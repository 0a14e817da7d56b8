"""Bounces written in words (pure): what the standards do not cover.

qmail, Exim, old and new Exchange, Gmail and Google Groups, Yahoo… write their bounces for
people. flufl.bounce's detectors (Mailman's) find who failed and whether for good; the
failure's words, through the rules of `outcomes`, say hard or soft; delay warnings are no
bounce. Amazon SES notifications that arrive by email are read here too.
"""

from __future__ import annotations

import email
import email.header
import email.parser
import email.utils
import html
import re
from email.message import Message

from flufl.bounce import all_failures

from numeriq.delivery import mailparts as mp
from numeriq.delivery.mailparts import Report, ReportKind
from numeriq.delivery.ses_mail import parse_ses_notification

# Bounded parts (RFC 5321's limits): unbounded ones take quadratic time on a long word.
_ADDRESS = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}(?![\w-])", re.ASCII
)
MAX_TEXT = 256 * 1024  # a bounce's own words are short: what follows is the original
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


# --- Amazon SES notifications by email --------------------------------------------------


def ses_report(body: str) -> Report | None:
    """The report an Amazon SES notification email makes, or None when it is none."""
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
        hard = mp.is_hard(event.status, diagnostic) if diagnostic or event.status else True
        kind = ReportKind.HARD_BOUNCE if hard else ReportKind.SOFT_BOUNCE
    return Report(
        kind,
        return_paths=return_paths,
        recipients=event.recipients[: mp.MAX_RECIPIENTS],
        message_ids=message_ids,
        status=event.status,
        diagnostic=f"Amazon SES {event.kind} {event.diagnostic}".strip()[:240],
    )


# --- Non-standard bounces and other mail -----------------------------------------------


def looks_like_bounce(message: Message, subject: str) -> bool:
    """Whether a message that is no standard report is a bounce all the same."""
    sender = message.get("Return-Path", "").strip()
    from_address = ",".join(mp.addresses(message, "From")).lower()
    if sender == "<>" and not is_auto_reply(message, subject):
        return True
    if any(from_address.startswith(daemon) for daemon in _DAEMONS):
        return True
    if _BOUNCE_SUBJECT.search(subject) and not _AUTO_REPLY_SUBJECT.search(subject):
        return True
    temporary, permanent = _detected_failures(message)
    return bool(temporary or permanent) and not _AUTO_REPLY_SUBJECT.search(subject)


def text_bounce(message: Message) -> Report:
    """A bounce in words: flufl.bounce's detectors (Mailman's) find who failed and whether
    for good; the failure's words, through the rules of `outcomes`, say hard or soft."""
    original = mp.original_headers(message)
    text = _bounce_text(message)
    return_paths = mp.return_paths(message, original)
    message_ids = mp.message_ids(message, original)
    temporary, permanent = _detected_failures(message)
    status, diagnostic = _failure_line(text)
    recipients = (
        permanent
        or temporary
        or mp.plain_addresses(message.get_all("X-Failed-Recipients", []))
        or _addresses_in(text, {*return_paths, *(a.lower() for a in mp.addresses(message, "From"))})
        or _quoted_recipients(message, original)
    )
    recipients = list(dict.fromkeys(recipients))[: mp.MAX_RECIPIENTS]
    subject = mp.header_text(message, "Subject")
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
    words = bounce_words(message)
    if not recipients and not diagnostic and not _REASON_WORDS.search(words):
        return Report(
            ReportKind.UNKNOWN,
            return_paths=return_paths,
            message_ids=message_ids,
            diagnostic="bounce without a status",
        )
    hard = not status.startswith("4") and mp.is_hard(status, words)
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
        smtp = mp.SMTP_STATUS_LINE.search(line)
        enhanced = mp.STATUS_IN_TEXT.search(line)
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
            mp.decoded_text(p) for p in mp.own_parts(message) if p.get_content_maintype() == "text"
        )
        cut = _COPY_STARTS.search(text)
        if cut is None:
            return []
        original = email.parser.HeaderParser().parsestr(text[cut.end() :].lstrip("\r\n -"))
    if not str(original.get("Message-ID", "")).strip().lower().startswith("<numeriq."):
        return []  # not a copy of one of our messages: its To names someone else
    found = mp.addresses(original, "X-Original-To") + mp.addresses(original, "To")
    return list(dict.fromkeys(found))[:1]


def bounce_words(message: Message) -> str:
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
    for part in mp.own_parts(message):
        if part.get_content_maintype() == "text" and part.get_content_type() != (
            "text/rfc822-headers"
        ):
            texts.append(mp.decoded_text(part))
    text = "\n".join(texts)
    text = text[:MAX_TEXT]
    cut = _COPY_STARTS.search(text)
    return text[: cut.start()] if cut else text


def is_auto_reply(message: Message, subject: str) -> bool:
    """Whether a message is an automatic reply (out of office, vacation…)."""
    auto = message.get("Auto-Submitted", "").strip().lower()
    if auto and auto != "no":
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if message.get("Precedence", "").strip().lower() == "auto_reply":
        return True
    return bool(_AUTO_REPLY_SUBJECT.search(subject))
