"""API tokens: create, verify, list, revoke; and the `numeriq api-token` verbs.

Only a token's SHA-256 digest is stored, so a database leak gives away no token. A token
is 32 random bytes, so looking it up by digest leaks nothing useful through timing.
Models are imported inside functions: the CLI builds its parser before django.setup().
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from numeriq.audience.errors import ApiTokenError

if TYPE_CHECKING:
    from numeriq.audience.models import ApiToken

# last_used_at is for humans ("is this integration still alive?"): minute precision is
# plenty, and it spares a write on every request.
TOUCH_INTERVAL = dt.timedelta(minutes=1)
NAME_MAX_LENGTH = 100


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(name: str) -> tuple[ApiToken, str]:
    """Create a named token; returns the row and the token itself, which is never stored."""
    from django.db import IntegrityError, transaction

    from numeriq.audience.models import ApiToken

    name = name.strip()
    if not name:
        raise ApiTokenError(name, "the name is empty")
    if len(name) > NAME_MAX_LENGTH:
        raise ApiTokenError(name, f"the name is longer than {NAME_MAX_LENGTH} characters")
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            row = ApiToken.objects.create(name=name, digest=token_digest(token))
    except IntegrityError:
        raise ApiTokenError(name, "a token with this name already exists") from None
    return row, token


def verify_token(token: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The token row a presented token belongs to, or None; notes when it was last used."""
    from django.db.models import Q
    from django.utils import timezone

    from numeriq.audience.models import ApiToken

    if not token:
        return None
    digest = token_digest(token)
    row = ApiToken.objects.filter(digest=digest).first()
    if row is None or not hmac.compare_digest(row.digest, digest):
        return None
    now = now or timezone.now()
    horizon = now - TOUCH_INTERVAL
    if row.last_used_at is None or row.last_used_at < horizon:
        # Conditional, so concurrent requests of the same minute write at most once.
        ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=horizon)).filter(
            pk=row.pk
        ).update(last_used_at=now)
        row.last_used_at = now
    return row


def list_tokens() -> list[ApiToken]:
    """Every token, by name."""
    from numeriq.audience.models import ApiToken

    return list(ApiToken.objects.order_by("name"))


def revoke_token(name: str) -> None:
    """Delete a token by name: it stops working at once."""
    from numeriq.audience.models import ApiToken

    deleted, _ = ApiToken.objects.filter(name=name.strip()).delete()
    if not deleted:
        raise ApiTokenError(name, "no token has this name")
