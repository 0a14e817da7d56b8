"""A subscriber's life, one function per transition; each writes the consent log.

pending → active → unsubscribed; bounced and complained come from delivery. Callers never
learn from the result whether an address was known (no enumeration): the outcome is for
logs and tests only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from numeriq.audience import ratelimit
from numeriq.audience.addresses import address_hash, normalise
from numeriq.audience.models import (
    ConsentAction,
    ConsentEvent,
    ConsentText,
    Frequency,
    Source,
    Subscriber,
    SubscriberStatus,
    Suppression,
    SuppressionReason,
)
from numeriq.audience.suppression import is_suppressed


class Outcome(StrEnum):
    """What a subscription request did (never shown to the requester)."""

    CREATED = "created"
    RESENT = "resent"
    RESUBSCRIBED = "resubscribed"
    ALREADY_ACTIVE = "already-active"
    SUPPRESSED = "suppressed"
    THROTTLED = "throttled"


_known_texts: dict[str, ConsentText] = {}  # texts never change: each process asks once


def consent_text(text: str) -> ConsentText:
    """The stored version of a consent text (created once per distinct text)."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    if digest in _known_texts:
        return _known_texts[digest]
    found = ConsentText.objects.filter(digest=digest).first()
    if found is None:
        try:
            with transaction.atomic():
                found = ConsentText.objects.create(digest=digest, text=text)
        except IntegrityError:
            found = ConsentText.objects.get(digest=digest)
    # Kept only once committed: a rollback would lose the row.
    transaction.on_commit(lambda: _known_texts.setdefault(digest, found))
    return found


def _log(
    subscriber: Subscriber,
    action: ConsentAction,
    source: str,
    *,
    text: ConsentText | None = None,
    ip: str | None = None,
    detail: str = "",
    at: dt.datetime | None = None,
) -> None:
    ConsentEvent.objects.create(
        subscriber=subscriber,
        action=action,
        source=source,
        text=text,
        ip_address=ip,
        detail=detail[:200],
        created_at=at or timezone.now(),
    )


@dataclass(frozen=True)
class SubscriptionRequest:
    """What a subscription request needs that can be read before any write (see prepare)."""

    email: str
    source: str
    text: ConsentText
    ip: str | None
    suppressed: bool


def prepare_subscription(
    address: str, *, source: str, consent: str, ip: str | None = None
) -> SubscriptionRequest:
    """The read-only half of a request: normalised address, suppression, consent text.

    Callers that queue their writers (the subscribe form on SQLite) do this before taking
    the queue. Raises InvalidAddressError for an address that is not one.
    """
    email = normalise(address)
    return SubscriptionRequest(email, source, consent_text(consent), ip, is_suppressed(email))


def request_subscription(
    address: str, *, source: Source, consent: str, ip: str | None = None
) -> tuple[Outcome, Subscriber | None]:
    """Start double opt-in for an address; send the confirmation link when allowed.

    Raises InvalidAddressError for an address that is not one.
    """
    return start_subscription(prepare_subscription(address, source=source, consent=consent, ip=ip))


_TABLE = Subscriber._meta.db_table
_INSERT_PENDING = (
    f"INSERT INTO {_TABLE} (email, status, frequency, weekly_day, source, created_at, "  # noqa: S608
    "confirmation_sent_at, soft_bounces) VALUES (%s, %s, %s, 4, %s, %s, %s, 0) "
    "ON CONFLICT (email) DO NOTHING RETURNING id"
)
_INSERT_EVENT = (
    f"INSERT INTO {ConsentEvent._meta.db_table} (subscriber_id, action, source, text_id, "  # noqa: S608
    "ip_address, detail, created_at) VALUES (%s, %s, %s, %s, %s, '', %s)"
)
_UNSENT = f"UPDATE {_TABLE} SET confirmation_sent_at = NULL WHERE id = %s"  # noqa: S608


def start_subscription(request: SubscriptionRequest) -> tuple[Outcome, Subscriber | None]:
    """The writing half of a request: pending subscriber, consent event, confirmation job.

    A new address (nearly every request) takes three statements: an INSERT that also tells
    whether the address was there (ON CONFLICT DO NOTHING), the address's confirmation
    count and the consent event; one that was there goes through the ORM, row locked.
    """
    if request.suppressed:
        return Outcome.SUPPRESSED, None
    email, source = request.email, request.source
    now = timezone.now()
    # Inside the caller's transaction when there is one (the form's): no savepoint, whose
    # two extra statements would be paid under the SQLite writers' lock.
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            at = connection.ops.adapt_datetimefield_value(now)
            pending = SubscriberStatus.PENDING.value
            cursor.execute(_INSERT_PENDING, [email, pending, Frequency.DAILY.value, source, at, at])
            created = cursor.fetchone()
            if created is not None:
                pk = created[0]
                allowed = ratelimit.allow(
                    f"confirm:{email}", settings.CONFIRMATION_RATE_PER_ADDRESS
                )
                if not allowed:  # an address that asked before, then was purged or erased
                    cursor.execute(_UNSENT, [pk])
                cursor.execute(
                    _INSERT_EVENT,
                    [pk, ConsentAction.REQUESTED.value, source, request.text.pk, request.ip, at],
                )
                subscriber = Subscriber(
                    id=pk,
                    email=email,
                    status=pending,
                    source=source,
                    created_at=now,
                    confirmation_sent_at=now if allowed else None,
                )
                subscriber._state.adding = False
                subscriber._state.db = connection.alias
                outcome = Outcome.CREATED
            else:
                return _again(request, now)
        if not allowed:
            return Outcome.THROTTLED, subscriber
        from numeriq.audience.emails import send_confirmation

        # Enqueued in the same transaction: the job exists if and only if the request does.
        send_confirmation.enqueue(pk)
    return outcome, subscriber


def _again(request: SubscriptionRequest, now: dt.datetime) -> tuple[Outcome, Subscriber | None]:
    """A request for an address that is there: pending again, resent, or nothing."""
    email, source = request.email, request.source
    with transaction.atomic(savepoint=False):
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:  # deleted since (purged, erased): new again
            return start_subscription(request)
        if subscriber.status == SubscriberStatus.ACTIVE:
            return Outcome.ALREADY_ACTIVE, subscriber
        elif subscriber.status in (SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED):
            return Outcome.SUPPRESSED, subscriber
        elif subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            subscriber.status = SubscriberStatus.PENDING
            outcome = Outcome.RESUBSCRIBED
        else:
            outcome = Outcome.RESENT
        allowed = ratelimit.allow(f"confirm:{email}", settings.CONFIRMATION_RATE_PER_ADDRESS)
        if allowed:
            subscriber.confirmation_sent_at = now
        subscriber.save()
        _log(subscriber, ConsentAction.REQUESTED, source, text=request.text, ip=request.ip, at=now)
        if not allowed:
            return Outcome.THROTTLED, subscriber
        from numeriq.audience.emails import send_confirmation

        # Enqueued in the same transaction: the job exists if and only if the request does.
        send_confirmation.enqueue(subscriber.pk)
    return outcome, subscriber


def confirm(subscriber: Subscriber, *, ip: str | None = None) -> bool:
    """pending → active; sends the welcome email. False when there was nothing to confirm."""
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if locked.status != SubscriberStatus.PENDING:
            return locked.status == SubscriberStatus.ACTIVE
        locked.status = SubscriberStatus.ACTIVE
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_at"])
        _log(locked, ConsentAction.CONFIRMED, Source.FORM, ip=ip)
        from numeriq.audience.emails import send_welcome

        send_welcome.enqueue(locked.pk)
    return True


def unsubscribe(subscriber: Subscriber, *, source: str = Source.FORM, detail: str = "") -> bool:
    """pending or active → unsubscribed, at once. False when it was not subscribed."""
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if locked.status not in (SubscriberStatus.PENDING, SubscriberStatus.ACTIVE):
            return False
        locked.status = SubscriberStatus.UNSUBSCRIBED
        locked.unsubscribed_at = timezone.now()
        locked.save(update_fields=["status", "unsubscribed_at"])
        _log(locked, ConsentAction.UNSUBSCRIBED, source, detail=detail)
    return True


def update_preferences(
    subscriber: Subscriber,
    *,
    frequency: Frequency,
    weekly_day: int = 4,
    pause_days: int = 0,
    today: dt.date | None = None,
) -> Subscriber:
    """Daily or weekly recap (on which day), and an optional pause of N days."""
    today = today or timezone.localdate()
    subscriber.frequency = frequency
    subscriber.weekly_day = weekly_day
    subscriber.paused_until = today + dt.timedelta(days=pause_days) if pause_days > 0 else None
    with transaction.atomic():
        subscriber.save(update_fields=["frequency", "weekly_day", "paused_until"])
        pause = f", pause {pause_days} j" if pause_days > 0 else ""
        _log(subscriber, ConsentAction.PREFERENCES, Source.FORM, detail=f"{frequency}{pause}")
    return subscriber


def suppress(address: str, reason: SuppressionReason, *, detail: str = "") -> None:
    """Never mail this address again (hard bounce, complaint, manual); keeps the subscriber."""
    email = normalise(address)
    status = {
        SuppressionReason.HARD_BOUNCE: SubscriberStatus.BOUNCED,
        SuppressionReason.COMPLAINT: SubscriberStatus.COMPLAINED,
    }.get(reason, SubscriberStatus.UNSUBSCRIBED)
    with transaction.atomic():
        Suppression.objects.get_or_create(
            address_hash=address_hash(email), defaults={"reason": reason}
        )
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None:
            subscriber.status = status
            subscriber.save(update_fields=["status"])
            _log(subscriber, ConsentAction.SUPPRESSED, Source.ADMIN, detail=detail or reason)


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value else None


def subscriber_fields(subscriber: Subscriber) -> dict[str, Any]:
    """A subscriber's own fields as JSON values (API answers, exports)."""
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "frequency": subscriber.frequency,
        "weekly_day": subscriber.weekly_day,
        "paused_until": _when(subscriber.paused_until),
        "source": subscriber.source,
        "created_at": _when(subscriber.created_at),
        "confirmed_at": _when(subscriber.confirmed_at),
        "unsubscribed_at": _when(subscriber.unsubscribed_at),
    }


def personal_data(subscriber: Subscriber) -> dict[str, Any]:
    """Everything numeriq holds about a subscriber, as JSON-ready values (GDPR art. 15, 20)."""
    return {
        **subscriber_fields(subscriber),
        "soft_bounces": subscriber.soft_bounces,
        "consent_log": [
            {
                "at": _when(event.created_at),
                "action": event.action,
                "source": event.source,
                "consent_text": event.text.text if event.text else None,
                "ip_address": event.ip_address,
                "detail": event.detail,
            }
            for event in subscriber.consents.select_related("text")
        ],
    }


def erase(subscriber: Subscriber) -> None:
    """Delete all personal data; keep only an anonymous hash so the address is never re-added."""
    with transaction.atomic():
        Suppression.objects.get_or_create(
            address_hash=address_hash(subscriber.email),
            defaults={"reason": SuppressionReason.ERASED},
        )
        subscriber.delete()


def purge_unconfirmed(now: dt.datetime | None = None) -> int:
    """Delete pending subscribers older than NUMERIQ_PENDING_DAYS; returns how many."""
    horizon = (now or timezone.now()) - dt.timedelta(days=int(settings.PENDING_DAYS))
    stale = Subscriber.objects.filter(status=SubscriberStatus.PENDING, created_at__lt=horizon)
    count = stale.count()
    stale.delete()
    ratelimit.forget_old()
    return count
