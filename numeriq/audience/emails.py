"""The audience's own emails (confirmation, welcome, personal-data link), sent as tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from numeriq import jobqueues
from numeriq.audience.models import Subscriber, SubscriberStatus
from numeriq.audience.suppression import is_suppressed
from numeriq.audience.tokens import Purpose, make_token
from numeriq.text.typography import typographize


def link(purpose: Purpose, subscriber: Subscriber) -> str:
    """The absolute signed link of a purpose for this subscriber."""
    names = {
        Purpose.CONFIRM: "site:confirm",
        Purpose.UNSUBSCRIBE: "site:unsubscribe",
        Purpose.PREFERENCES: "site:preferences",
        Purpose.PERSONAL_DATA: "site:personal_data",
    }
    path = reverse(names[purpose], kwargs={"token": make_token(purpose, subscriber)})
    return settings.SITE_URL + path


def _send(subscriber: Subscriber, template: str, subject: str, context: dict[str, object]) -> None:
    unsubscribe = link(Purpose.UNSUBSCRIBE, subscriber)
    context = {
        "brand_name": typographize(settings.BRAND),
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=typographize(subject),
        body=render_to_string(f"audience/email/{template}.txt", context),
        from_email=settings.FROM_EMAIL,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string(f"audience/email/{template}.html", context), "text/html"
    )
    message.send()


@task(queue_name=jobqueues.TRANSACTIONAL, priority=jobqueues.URGENT)
def send_confirmation(subscriber_id: int) -> None:
    """The double opt-in email: one button to confirm."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != SubscriberStatus.PENDING:
        return
    # The form checks the suppression list before queueing its write: an erasure or a
    # bounce recorded in between is caught here.
    if is_suppressed(subscriber.email):
        return
    hours = int(settings.CONFIRMATION_HOURS)
    _send(
        subscriber,
        "confirm",
        f"Confirmez votre inscription à {settings.BRAND}",
        {"confirm_url": link(Purpose.CONFIRM, subscriber), "hours": hours},
    )


@task(queue_name=jobqueues.TRANSACTIONAL, priority=jobqueues.URGENT)
def send_welcome(subscriber_id: int) -> None:
    """The welcome email, with the latest edition's link."""
    from numeriq.editions.models import Edition, EditionStatus

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != SubscriberStatus.ACTIVE:
        return
    latest = (
        Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.SENT])
        .order_by("-date")
        .first()
    )
    _send(
        subscriber,
        "welcome",
        f"Bienvenue dans {settings.BRAND}",
        {
            "latest_url": latest.web_url() if latest else "",
            "latest_headline": latest.lead_headline if latest else "",
            "preferences_url": link(Purpose.PREFERENCES, subscriber),
        },
    )


@task(queue_name=jobqueues.TRANSACTIONAL, priority=jobqueues.URGENT)
def send_personal_data_link(subscriber_id: int) -> None:
    """A short-lived link to download or erase one's data, proving control of the mailbox."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    _send(
        subscriber,
        "personal_data",
        f"Vos données chez {settings.BRAND}",
        {
            "data_url": link(Purpose.PERSONAL_DATA, subscriber),
            "hours": int(settings.PERSONAL_DATA_LINK_HOURS),
        },
    )
