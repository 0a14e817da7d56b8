"""What an email service provider tells us later: bounces, complaints, unsubscribes.

django-anymail receives each ESP's webhook (under /esp/, HTTP basic auth with
NUMERIQ_ESP_WEBHOOK_SECRET), normalises it and sends its `tracking` signal; `on_tracking`
turns it into the same transitions as a DSN in the bounce mailbox: the ledger row bounced,
the address counted or suppressed. The row is found through the metadata the message was
sent with ({"ledger": row id}) or its Message-ID <numeriq.SEND.ROW@…>, and is trusted only
when it went to the address the event names.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason, tracking
from django.db import transaction
from django.dispatch import receiver

from numeriq.audience.addresses import normalise
from numeriq.audience.errors import InvalidAddressError
from numeriq.audience.models import Source, Subscriber
from numeriq.audience.subscriptions import unsubscribe
from numeriq.delivery import bounces
from numeriq.delivery.outcomes import is_hard_bounce

log = logging.getLogger("numeriq.delivery")

_OUR_MESSAGE_ID = re.compile(r"<?numeriq\.\d+\.(\d+)@[^>\s]+>?")
_SMTP_CODE = re.compile(r"\b([245]\d\d)\b")


def _esp_field(event: AnymailTrackingEvent, *path: str) -> Any:
    """A field of the ESP's raw event (a dict for SES and Brevo), or None."""
    value: Any = event.esp_event
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def is_hard(event: AnymailTrackingEvent) -> bool:
    """Whether the ESP says the address itself is bad (a permanent bounce)."""
    if event.event_type == EventType.REJECTED or event.reject_reason == RejectReason.INVALID:
        return True  # the ESP refuses the address: it will never deliver to it
    ses_type = _esp_field(event, "bounce", "bounceType")
    if ses_type is not None:
        return str(ses_type) == "Permanent"
    brevo_type = _esp_field(event, "event")
    if brevo_type in ("hard_bounce", "soft_bounce", "invalid_email"):
        return brevo_type != "soft_bounce"
    response = event.mta_response or ""
    code = _SMTP_CODE.search(response)
    # Other ESPs: judge the remote server's reply as the SMTP transport does.
    return bool(code) and is_hard_bounce(int(code.group(1)), response[code.end() :].strip())


def row_of(event: AnymailTrackingEvent) -> int | None:
    """The ledger row an event is about, when it went to the address the event names."""
    candidates: list[Any] = [
        (event.metadata or {}).get("ledger"),
        *(
            match.group(1)
            for value in (
                event.message_id,
                _esp_field(event, "mail", "commonHeaders", "messageId"),
            )
            if isinstance(value, str)
            for match in [_OUR_MESSAGE_ID.fullmatch(value.strip())]
            if match
        ),
    ]
    try:
        recipient = normalise(event.recipient or "")
    except InvalidAddressError:
        return None
    for candidate in candidates:
        try:
            row_id = int(candidate)
        except (TypeError, ValueError):
            continue
        if bounces.address_of_row(row_id) == recipient:
            return row_id
    return None


def _detail(event: AnymailTrackingEvent, esp_name: str) -> str:
    parts = [esp_name, event.description or "", event.mta_response or ""]
    return " ".join(part.strip() for part in parts if part and part.strip())[:300]


def handle(event: AnymailTrackingEvent, esp_name: str) -> str:
    """Apply one ESP event; returns what it did (for logs and tests)."""
    if not event.recipient:
        return "ignored"
    detail = _detail(event, esp_name)
    if event.event_type in (EventType.BOUNCED, EventType.REJECTED):
        hard = is_hard(event)
        row_id = row_of(event)
        if row_id is not None:
            bounces.bounce_row(row_id, hard=hard, detail=detail)
        else:
            bounces.register_bounce(event.recipient, hard=hard, detail=detail)
        return "bounced_hard" if hard else "bounced_soft"
    if event.event_type == EventType.COMPLAINED:
        bounces.register_complaint(event.recipient, detail=detail)
        return "complaint"
    if event.event_type == EventType.UNSUBSCRIBED:
        try:
            email = normalise(event.recipient)
        except Exception:
            return "ignored"
        subscriber = Subscriber.objects.filter(email=email).first()
        if subscriber is not None and unsubscribe(
            subscriber, source=Source.FORM, detail=f"{esp_name} unsubscribe"
        ):
            return "unsubscribed"
    return "ignored"


@receiver(tracking, dispatch_uid="numeriq.delivery.webhooks.on_tracking")
def on_tracking(
    sender: object, event: AnymailTrackingEvent, esp_name: str, **kwargs: object
) -> None:
    """anymail's tracking signal: one normalised event from an ESP webhook."""
    with transaction.atomic():
        outcome = handle(event, esp_name)
    if outcome != "ignored":
        log.info("%s webhook: %s %s", esp_name, event.event_type, outcome)
