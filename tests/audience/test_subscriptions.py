"""The subscription request's write path: what it stores, throttles and never sends."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings

from numeriq.audience import subscriptions
from numeriq.audience.addresses import address_hash
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
from numeriq.audience.subscriptions import Outcome

pytestmark = pytest.mark.django_db


def test_a_new_address_is_stored_as_the_model_would_store_it() -> None:
    """Pending, defaults, confirmation time, one consent event with text and IP, one email."""
    outcome, returned = subscriptions.request_subscription(
        "Nouvelle@Exemple.FR", source=Source.FORM, consent="J'accepte.", ip="192.0.2.7"
    )
    assert outcome == Outcome.CREATED
    subscriber = Subscriber.objects.get()
    assert returned is not None and returned.pk == subscriber.pk
    assert (subscriber.email, subscriber.status, subscriber.source) == (
        "nouvelle@exemple.fr",
        SubscriberStatus.PENDING,
        Source.FORM,
    )
    assert (subscriber.frequency, subscriber.weekly_day, subscriber.soft_bounces) == (
        Frequency.DAILY,
        4,
        0,
    )
    assert subscriber.paused_until is None and subscriber.confirmed_at is None
    assert subscriber.confirmation_sent_at == subscriber.created_at == returned.created_at
    event = ConsentEvent.objects.get()
    assert (event.subscriber, event.action, event.source) == (
        subscriber,
        ConsentAction.REQUESTED,
        Source.FORM,
    )
    assert event.text == ConsentText.objects.get(text="J'accepte.")
    assert (event.ip_address, event.detail, event.created_at) == (
        "192.0.2.7",
        "",
        subscriber.created_at,
    )
    assert [m.to for m in mail.outbox] == [["nouvelle@exemple.fr"]]


@override_settings(CONFIRMATION_RATE_PER_ADDRESS="1/day")
def test_a_new_row_for_an_address_over_its_limit_is_logged_not_mailed() -> None:
    """Purged (or erased) then asked again the same day: a pending row, no second email."""
    subscriptions.request_subscription("encore@exemple.fr", source=Source.FORM, consent="x")
    Subscriber.objects.all().delete()
    outcome, _ = subscriptions.request_subscription(
        "encore@exemple.fr", source=Source.FORM, consent="x"
    )
    assert outcome == Outcome.THROTTLED
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.confirmation_sent_at is None
    assert ConsentEvent.objects.filter(subscriber=subscriber).count() == 1
    assert len(mail.outbox) == 1


def test_an_address_suppressed_after_the_check_gets_no_email() -> None:
    """The form reads the suppression list before queueing; the job looks again."""
    asked = subscriptions.prepare_subscription("efface@exemple.fr", source="form", consent="x")
    Suppression.objects.create(
        address_hash=address_hash("efface@exemple.fr"), reason=SuppressionReason.ERASED
    )
    subscriptions.start_subscription(asked)
    assert not mail.outbox


def test_a_suppressed_address_writes_nothing() -> None:
    """Known from the read-only half: no row, no event, no email."""
    subscriptions.suppress("rebond@exemple.fr", SuppressionReason.HARD_BOUNCE)
    outcome, found = subscriptions.request_subscription(
        "rebond@exemple.fr", source=Source.API, consent="x"
    )
    assert (outcome, found) == (Outcome.SUPPRESSED, None)
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_consent_text_is_remembered_only_once_committed() -> None:
    """A text created in a transaction that rolls back is asked for again, and re-created."""
    with transaction.atomic():
        subscriptions.consent_text("Texte éphémère")
        transaction.set_rollback(True)
    assert not ConsentText.objects.filter(text="Texte éphémère").exists()
    assert subscriptions.consent_text("Texte éphémère").pk is not None
    assert ConsentText.objects.filter(text="Texte éphémère").exists()
