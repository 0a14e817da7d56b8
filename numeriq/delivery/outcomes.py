"""What an SMTP reply means for a ledger row, and when to try again (pure).

4xx and dropped connections are temporary: the row is deferred with exponential backoff and
jitter until the send's deadline. 5xx is permanent: bounced at once; a hard bounce (unknown
address) suppresses the address, a soft one (mailbox full, message refused) only counts.
421/450 replies that say "too many" or "rate" slow the whole receiving domain down.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """The row's fate after one attempt."""

    SENT = "sent"
    DEFERRED = "deferred"
    BOUNCED = "bounced"
    FAILED = "failed"  # temporary failures until the send's deadline


@dataclass(frozen=True, slots=True)
class Reply:
    """An SMTP reply: code and text (code 0: no reply, the connection was lost)."""

    code: int
    text: str

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()[:300] if self.code else self.text[:300]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What to do with a row after an attempt."""

    verdict: Verdict
    hard: bool = False  # a bounce that proves the address does not exist
    throttle: bool = False  # the receiving domain asked us to slow down


_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")
_THROTTLE_WORDS = re.compile(
    r"too many|rate limit|ratelimit|try again later|throttl|slow down|excessive", re.IGNORECASE
)


def enhanced_status(text: str) -> tuple[int, int, int] | None:
    """The RFC 3463 enhanced status code at the start of a reply text, if any."""
    match = _ENHANCED.match(text)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def classify(reply: Reply) -> Outcome:
    """The outcome of one attempt from the server's final reply."""
    if 200 <= reply.code < 300:
        return Outcome(Verdict.SENT)
    if 500 <= reply.code < 600:
        return Outcome(Verdict.BOUNCED, hard=is_hard_bounce(reply.code, reply.text))
    throttle = reply.code in (421, 450, 451, 452) and bool(_THROTTLE_WORDS.search(reply.text))
    return Outcome(Verdict.DEFERRED, throttle=throttle)


# The one place that says which failures are the reader's address's fault (hard: the
# address is suppressed at once) and which are not (soft: counted). Only recipient faults
# are hard: unknown user or host, moved, disabled or refused mailbox. Our own faults (the
# sender address refused, 5.1.7/5.1.8, SPF, blocklists) and passing troubles (quota,
# size, spam filters, timeouts) are soft, whatever the code.
_SENDER_FAULT = re.compile(
    r"sender (?:address |domain )?(?:rejected|refused|denied|unknown|invalid|blocked)|"
    r"sender verif\w* fail|bad sender|not accepting mail from|\bspf\b[^.\n]{0,30}fail|"
    r"dmarc[^.\n]{0,30}(?:fail|reject|policy)|blacklist|blocklist|block list|"
    r"sender.{0,40}not (?:allowed|authori[sz]ed|permitted)",
    re.IGNORECASE,
)
_RECIPIENT_FAULT = re.compile(
    r"user unknown|unknown (?:or illegal )?user|unknown recipient|recipient unknown|"
    r"addressee unknown|user not (?:known|found)|recipient not found|"
    r"no such (?:user|mailbox|recipient|address|person|account|domain)|"
    r"(?:user|mailbox|account|address|recipient|domain)(?: name)?"
    r" (?:does ?n[o']t|did ?n[o']t) exist|does not exist|doesn'?t exist|"
    r"doesn'?t have an? [\w.-]+ account|not (?:a )?valid (?:user|recipient|mailbox)|"
    r"invalid (?:recipient|mailbox|address|user|final delivery userid)|"
    r"(?:recipient|user) name is not recognized|not listed in|no mailbox here|"
    r"mailbox unavailable|unrouteable address|host unknown|unknown host|"
    r"host (?:or domain name )?not found|domain not found|address (?:could ?n[o']t|cannot) "
    r"be found|address not found|may not exist|no longer (?:valid|active|in use)|"
    r"(?:account|mailbox) (?:has been |is )?(?:disabled|discontinued|deactivated|closed)|"
    r"disabled or discontinued|wrong or no longer valid|has moved|no matches to nameserver|"
    r"final (?:e-?mail )?delivery point|did not exactly match|recipientnotfound|"
    r"inconnu|n'existe pas|non recens",
    re.IGNORECASE,
)
# Words that make a recipient fault a passing one after all ("Host not found, try again"
# is a DNS failure, not a missing domain).
_PASSING = re.compile(r"not found, try again|temporar|try again later", re.IGNORECASE)
_STATUS_ANYWHERE = re.compile(r"(?<![\d.])([45])\.(\d{1,3})\.(\d{1,3})(?![\d.])")


def is_hard_bounce(code: int, text: str, status: str = "") -> bool:
    """Whether a permanent failure says the reader's address itself is bad.

    `status` is the RFC 3463 code when known (a DSN's Status field), else the first one in
    `text`; `code` the SMTP reply code (0: unknown). Specific codes decide (5.1.x but
    5.1.7/5.1.8, 5.2.1: hard; 5.2.x, 5.3.4, 5.6.x, 5.7.x: soft); generic ones (5.0.0,
    5.3.0, 5.4.x…) and plain replies are judged on their words.
    """
    if _SENDER_FAULT.search(text):
        return False
    parts = enhanced_status(status) if status else None
    if parts is None:
        found = _STATUS_ANYWHERE.search(text)
        parts = (int(found[1]), int(found[2]), int(found[3])) if found else None
    if parts is not None:
        klass, subject, detail = parts
        if klass != 5:
            return False
        if subject == 1:
            return detail not in (7, 8)
        if subject == 2:
            return detail == 1
        if (subject, detail) == (3, 4) or subject in (6, 7):
            return False
    elif 400 <= code < 500:
        return False
    return bool(_RECIPIENT_FAULT.search(text)) and not _PASSING.search(text)


def backoff_seconds(
    attempts: int, *, first: float = 60.0, cap: float = 3600.0, rng: random.Random | None = None
) -> float:
    """Delay before the next attempt: first × 2^(attempts-1), capped, with ±25 % jitter."""
    base: float = min(cap, first * 2.0 ** max(0, attempts - 1))
    jitter: float = (rng or random).uniform(0.75, 1.25)
    return base * jitter


def throttle_seconds(strikes: int, *, first: float = 60.0, cap: float = 1800.0) -> float:
    """How long a domain that said "too many" is left alone: doubles with each strike."""
    return float(min(cap, first * 2.0 ** max(0, strikes - 1)))


def recipient_domain(address: str) -> str:
    """The domain part of an address, lower-cased."""
    return address.rpartition("@")[2].lower()
