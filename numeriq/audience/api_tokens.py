"""API tokens: create, verify, list, revoke; and the `numeriq api-token` verbs.

Only a token's SHA-256 digest is stored, so a database leak gives away no token. A token
is 32 random bytes, so looking it up by digest leaks nothing useful through timing.
Models are imported inside functions: the CLI builds its parser before django.setup().
"""

from __future__ import annotations

import argparse
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


# --- CLI verbs ---------------------------------------------------------------------------


def cmd_create(args: argparse.Namespace) -> None:
    """Create a token and print it once (only its digest is kept)."""
    from numeriq.cli import console, errors

    row, token = create_token(args.name)
    console.print(token)
    errors.print(
        f"token {row.name!r} created; copy it now, it cannot be shown again. "
        "Send it as 'Authorization: Bearer <token>'."
    )


def cmd_list(args: argparse.Namespace) -> None:
    """List tokens with their creation and last use (never the tokens themselves)."""
    from django.utils import timezone
    from rich.table import Table

    from numeriq.cli import console

    def when(value: dt.datetime | None) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"

    table = Table("name", "created", "last used")
    for row in list_tokens():
        table.add_row(row.name, when(row.created_at), when(row.last_used_at))
    console.print(table)


def cmd_revoke(args: argparse.Namespace) -> None:
    """Revoke a token by name."""
    from numeriq.cli import console

    revoke_token(args.name)
    console.print(f"token {args.name!r} revoked")


def add_commands(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `numeriq api-token create|list|revoke` to the command's sub-parsers."""
    parser = verbs.add_parser("api-token", help="create, list and revoke JSON API tokens")
    actions = parser.add_subparsers(dest="api_token_verb", required=True, metavar="ACTION")

    create = actions.add_parser("create", help=cmd_create.__doc__)
    create.add_argument("name", help="who uses it, e.g. crm-sync")
    create.set_defaults(func=cmd_create)

    actions.add_parser("list", help=cmd_list.__doc__).set_defaults(func=cmd_list)

    revoke = actions.add_parser("revoke", help=cmd_revoke.__doc__)
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_revoke)
