"""What bounces and complaints do to the audience and the ledger.

A hard bounce (the address does not exist) suppresses the address at once. Soft bounces
(mailbox full, message refused) count; NUMERIQ_SOFT_BOUNCE_LIMIT in a row suppress it.
A complaint (marked as spam) suppresses it at once. Suppressed addresses never get mail again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F

from numeriq.audience.addresses import normalise
from numeriq.audience.errors import InvalidAddressError
from numeriq.audience.models import Subscriber, SuppressionReason
from numeriq.audience.subscriptions import suppress
from numeriq.delivery import states
from numeriq.delivery.models import Delivery, DeliveryState
from numeriq.delivery.verp import Verp

log = logging.getLogger("numeriq.delivery")
# Rows whose message may have reached the reader's server: a report can bounce them.
AFTER_THE_WIRE = (
    DeliveryState.SENT,
    DeliveryState.DEFERRED,
    DeliveryState.FAILED,
    DeliveryState.BOUNCED,
)


def verp() -> Verp:
    """The VERP codec for this installation's return path and secret."""
    return Verp(settings.RETURN_PATH, settings.SECRET_KEY)


def register_bounce(address: str, *, hard: bool, detail: str = "") -> bool:
    """Count a bounce for an address; True when it is now suppressed."""
    try:
        email = normalise(address)
    except InvalidAddressError:  # an address we could not have sent to: nothing to count
        return False
    if hard:
        suppress(email, SuppressionReason.HARD_BOUNCE, detail=f"hard bounce: {detail}"[:200])
        log.info("hard bounce: address suppressed (%s)", detail[:80])
        return True
    with transaction.atomic():
        Subscriber.objects.filter(email=email).update(soft_bounces=F("soft_bounces") + 1)
        count = (
            Subscriber.objects.filter(email=email).values_list("soft_bounces", flat=True).first()
        )
    if count is not None and count >= int(settings.SOFT_BOUNCE_LIMIT):
        suppress(
            email,
            SuppressionReason.HARD_BOUNCE,
            detail=f"{count} soft bounces in a row: {detail}"[:200],
        )
        log.info("address suppressed after %d soft bounces", count)
        return True
    return False


def register_complaint(address: str, *, detail: str = "") -> None:
    """A reader marked a message as spam: never mail them again."""
    try:
        email = normalise(address)
    except InvalidAddressError:
        return
    suppress(email, SuppressionReason.COMPLAINT, detail=f"complaint: {detail}"[:200])
    log.info("complaint: address suppressed")


def bounce_row(row_id: int, *, hard: bool, detail: str) -> str | None:
    """A late bounce (DSN) for a ledger row: mark it bounced, count it; returns the address."""
    row = Delivery.objects.select_related("subscriber").filter(pk=row_id).first()
    if row is None or row.subscriber is None:
        return None
    states.move_rows(
        Delivery.objects.filter(pk=row_id),
        DeliveryState.BOUNCED,
        sources=AFTER_THE_WIRE,
        last_reply=detail[:300],
        due_at=None,
    )
    register_bounce(row.subscriber.email, hard=hard, detail=detail)
    return row.subscriber.email


def address_of_row(row_id: int) -> str | None:
    """The address a ledger row was sent to (None when the row or its reader is gone)."""
    return Delivery.objects.filter(pk=row_id).values_list("subscriber__email", flat=True).first()
