"""Signed identities of our messages: VERP envelope senders and Message-IDs (pure).

bounces@example.org becomes bounces+1z4.3f9a2c1b@example.org: "1z4" is the ledger row id in
base 36 and the suffix an HMAC of it, so a bounce names its reader and a forged bounce
cannot suppress anyone.

Message-IDs carry the same kind of proof for reports that quote the original message but
not its envelope (feedback loops, relays that rewrite the return path):
<numeriq.7.42.0123456789abcdef@example.org> is send 7, ledger row 42, and 64 bits of an HMAC
of both. An unsigned or wrongly signed Message-ID names no row.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    if number < 0:
        raise ValueError("a row id is positive")
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
        if not number:
            return out


def _signature(secret: bytes, tag: str) -> str:
    return hmac.new(secret, tag.encode(), hashlib.sha256).hexdigest()[:8]


class Verp:
    """Encode and decode VERP addresses for one bounce address and secret."""

    def __init__(self, bounce_address: str, secret: str) -> None:
        local, _, domain = bounce_address.rpartition("@")
        if not local or not domain:
            raise ValueError(f"not an address: {bounce_address!r}")
        self.local = local
        self.domain = domain
        self._secret = secret.encode()
        self._pattern = re.compile(
            rf"^{re.escape(local)}\+([0-9a-z]+)\.([0-9a-f]{{8}})@{re.escape(domain)}$",
            re.IGNORECASE,
        )

    def address(self, row_id: int) -> str:
        """The envelope sender for one ledger row."""
        tag = _base36(row_id)
        return f"{self.local}+{tag}.{_signature(self._secret, tag)}@{self.domain}"

    def row_id(self, address: str) -> int | None:
        """The ledger row a VERP address names, or None (not ours, or forged)."""
        match = self._pattern.match(address.strip().strip("<>"))
        if not match:
            return None
        tag = match.group(1).lower()
        if not hmac.compare_digest(_signature(self._secret, tag), match.group(2).lower()):
            return None
        return int(tag, 36)


_MESSAGE_ID = re.compile(r"^<?numeriq\.(\d{1,18})\.(\d{1,18})\.([0-9a-f]{16})@[^<>\s]+>?$", re.I)


class MessageIds:
    """Make and check signed Message-IDs: send and ledger row, with an HMAC of both."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def _signature(self, send_id: int, row_id: int) -> str:
        tag = f"message-id:{send_id}.{row_id}".encode()
        return hmac.new(self._secret, tag, hashlib.sha256).hexdigest()[:16]

    def make(self, send_id: int, row_id: int, domain: str) -> str:
        """The Message-ID of one ledger row's message."""
        return f"<numeriq.{send_id}.{row_id}.{self._signature(send_id, row_id)}@{domain}>"

    def parse(self, message_id: str) -> tuple[int, int] | None:
        """(send id, row id) of a Message-ID we made, or None (not ours, or forged)."""
        match = _MESSAGE_ID.match(message_id.strip())
        if not match:
            return None
        send_id, row_id = int(match.group(1)), int(match.group(2))
        if not hmac.compare_digest(self._signature(send_id, row_id), match.group(3).lower()):
            return None
        return send_id, row_id
