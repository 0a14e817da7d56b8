"""Optional DKIM signatures (dkimpy): RSA-2048 or Ed25519, key from a file or the environment."""

from __future__ import annotations

import base64
import functools
from pathlib import Path

from django.conf import settings

from numeriq.delivery.errors import DkimKeyError
from numeriq.delivery.message import Signer

# RFC 8058 requires List-Unsubscribe and List-Unsubscribe-Post to be covered by the signature.
SIGNED_HEADERS = [
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"list-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"feedback-id",
    b"mime-version",
    b"content-type",
]


def load_key(pem: bytes) -> tuple[bytes, bytes]:
    """(dkimpy key, algorithm) from a PEM private key: RSA as is, Ed25519 as its raw seed."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise DkimKeyError(f"DKIM key: {error}") from None
    if isinstance(key, ed25519.Ed25519PrivateKey):
        seed = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return base64.b64encode(seed), b"ed25519-sha256"
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 1024:
            raise DkimKeyError("DKIM key: RSA keys need at least 1024 bits (2048 advised)")
        return pem, b"rsa-sha256"
    raise DkimKeyError("DKIM key: only RSA and Ed25519 keys are supported")


def make_signer(domain: str, selector: str, pem: bytes) -> Signer:
    """A function returning the DKIM-Signature header line for a message."""
    import dkim

    key, algorithm = load_key(pem)

    def sign(message: bytes) -> bytes:
        return bytes(
            dkim.sign(
                message,
                selector.encode(),
                domain.encode(),
                key,
                include_headers=SIGNED_HEADERS,
                signature_algorithm=algorithm,
                linesep=b"\r\n",
            )
        )

    return sign


@functools.cache
def _configured(domain: str, selector: str, key_file: str, key_env: str) -> Signer | None:
    if not domain:
        return None
    if key_env:
        pem = key_env.encode()
    elif key_file:
        try:
            pem = Path(key_file).read_bytes()
        except OSError as error:
            raise DkimKeyError(f"DKIM key file {key_file}: {error.strerror}") from None
    else:
        raise DkimKeyError("NUMERIQ_DKIM_DOMAIN is set but no key (NUMERIQ_DKIM_KEY_FILE)")
    return make_signer(domain, selector, pem)


def signer_from_settings() -> Signer | None:
    """The signer the settings describe, or None when DKIM is off."""
    return _configured(
        settings.DKIM_DOMAIN,
        settings.DKIM_SELECTOR,
        settings.DKIM_KEY_FILE,
        settings.DKIM_PRIVATE_KEY,
    )
