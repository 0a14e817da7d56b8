"""The edition's states and the one function per transition that moves it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from numeriq.editions.errors import TransitionError
from numeriq.editions.models import Edition, EditionStatus

_ALLOWED = {
    (EditionStatus.DRAFT, EditionStatus.SCHEDULED),
    (EditionStatus.SCHEDULED, EditionStatus.DRAFT),
    (EditionStatus.DRAFT, EditionStatus.PUBLISHED),
    (EditionStatus.SCHEDULED, EditionStatus.PUBLISHED),
    (EditionStatus.PUBLISHED, EditionStatus.SENT),
    (EditionStatus.PUBLISHED, EditionStatus.DRAFT),
}


def can_move(current: str, target: str) -> bool:
    """Whether an edition in state `current` may go to `target`."""
    return (EditionStatus(current), EditionStatus(target)) in _ALLOWED


def _move(edition: Edition, target: EditionStatus, **fields: object) -> Edition:
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if not can_move(locked.status, target):
            raise TransitionError(
                locked.date,
                locked.status,
                target,
                current_label=locked.get_status_display(),
                target_label=EditionStatus(target).label,
            )
        locked.status = target
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "updated_at", *fields])
    return locked


def schedule(edition: Edition, at: dt.datetime) -> Edition:
    """Draft → scheduled for a given time."""
    return _move(edition, EditionStatus.SCHEDULED, scheduled_at=at)


def unschedule(edition: Edition) -> Edition:
    """Scheduled → back to draft."""
    return _move(edition, EditionStatus.DRAFT, scheduled_at=None)


def publish(edition: Edition, at: dt.datetime | None = None) -> Edition:
    """Draft or scheduled → published on the site."""
    return _move(edition, EditionStatus.PUBLISHED, published_at=at or timezone.now())


def unpublish(edition: Edition) -> Edition:
    """Published → back to draft (removed from the site)."""
    return _move(edition, EditionStatus.DRAFT, published_at=None)


def mark_sent(edition: Edition) -> Edition:
    """Published → sent, once delivery has finished."""
    return _move(edition, EditionStatus.SENT)
