"""VERP envelope senders: each message's Return-Path names its ledger row, signed (pure).

bounces@example.org becomes bounces+1z4.3f9a2c1b@example.org: "1z4" is the ledger row id in
base 36 and the suffix an HMAC of it, so a bounce names its reader and a forged bounce
cannot suppress anyone.
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
