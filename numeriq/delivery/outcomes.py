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


def is_hard_bounce(code: int, text: str) -> bool:
    """Whether a permanent failure says the address itself is bad (X.1.x, or 550/551/553)."""
    status = enhanced_status(text)
    if status is not None:
        # 5.1.x: addressing (unknown user, bad domain); 5.2.1: mailbox disabled.
        return status[0] == 5 and (status[1] == 1 or status[1:] == (2, 1))
    return code in (550, 551, 553)


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
