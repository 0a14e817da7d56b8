"""Email addresses: validation and normalisation, so one person is one subscriber (pure)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from numeriq.audience.errors import InvalidAddressError

_SPECIAL = frozenset(SPECIAL_USE_DOMAIN_NAMES)  # refused by email-validator: the fast path too


def _special_use(domain: str) -> bool:
    """Whether the domain is, or is under, a special-use name (one set lookup per label)."""
    if domain in _SPECIAL:
        return True
    dot = domain.find(".")
    while dot != -1:
        if domain[dot + 1 :] in _SPECIAL:
            return True
        dot = domain.find(".", dot + 1)
    return False


_SIMPLE = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@"
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def normalise(address: str) -> str:
    """The canonical form of an address (NFC, lower case, validated) or InvalidAddressError.

    Local parts are compared case-insensitively, as every large mailbox provider does,
    so 'Jean@Exemple.fr' and 'jean@exemple.fr' are one subscriber.
    """
    text = unicodedata.normalize("NFC", address.strip()).lower()
    if "\r" in text or "\n" in text:
        raise InvalidAddressError(address, "it contains a line break")
    if len(text) <= 254 and _SIMPLE.fullmatch(text):
        local, domain = text.split("@")
        # "--" in a label (e.g. "ab--c", or Punycode "xn--") has IDNA rules of its own.
        if len(local) <= 64 and "--" not in domain and not _special_use(domain):
            return text  # the common case, which email-validator would accept unchanged
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidAddressError(address, str(error)) from None
    return unicodedata.normalize("NFC", checked.normalized.lower())


def address_hash(normalised_address: str) -> str:
    """Stable anonymous fingerprint of an address, kept on the suppression list after erasure."""
    return hashlib.sha256(b"numeriq-suppression:" + normalised_address.encode()).hexdigest()
