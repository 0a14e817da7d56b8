"""Signed links for subscribers: confirm, unsubscribe, preferences, personal data.

A token names the subscriber and a fingerprint of the address, signed with the secret key
and a salt per purpose, so a token for one purpose never works for another and any change
to it is refused. Confirmation and personal-data links expire; unsubscribe and preference
links work for as long as the emails that carry them.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from django.conf import settings
from django.core import signing

from numeriq.audience.errors import InvalidTokenError
from numeriq.audience.models import Subscriber


class Purpose(StrEnum):
    """What a signed link allows."""

    CONFIRM = "confirm"
    UNSUBSCRIBE = "unsubscribe"
    PREFERENCES = "preferences"
    PERSONAL_DATA = "personal-data"


def max_age(purpose: Purpose) -> int | None:
    """Seconds a link of that purpose stays valid (None: no limit)."""
    if purpose == Purpose.CONFIRM:
        return int(settings.CONFIRMATION_HOURS) * 3600
    if purpose == Purpose.PERSONAL_DATA:
        return int(settings.PERSONAL_DATA_LINK_HOURS) * 3600
    return None


def _fingerprint(email: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), email.encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def make_token(purpose: Purpose, subscriber: Subscriber) -> str:
    """A URL-safe signed token for this subscriber and purpose."""
    return token_for(purpose, subscriber.pk, subscriber.email)


def token_for(purpose: Purpose, subscriber_id: int, email: str) -> str:
    """make_token from the subscriber's id and address alone (delivery has no model objects)."""
    return signing.dumps([subscriber_id, _fingerprint(email)], salt=f"numeriq.audience.{purpose}")


def read_token(purpose: Purpose, token: str) -> Subscriber:
    """The subscriber a token names, or InvalidTokenError."""
    try:
        value = signing.loads(token, salt=f"numeriq.audience.{purpose}", max_age=max_age(purpose))
    except signing.SignatureExpired:
        raise InvalidTokenError("expired") from None
    except signing.BadSignature:
        raise InvalidTokenError("bad signature") from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise InvalidTokenError("malformed")
    subscriber = Subscriber.objects.filter(pk=value[0]).first()
    if subscriber is None or not hmac.compare_digest(_fingerprint(subscriber.email), str(value[1])):
        raise InvalidTokenError("unknown subscriber")
    return subscriber
