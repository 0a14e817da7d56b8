"""Subscribing in a real browser, with the emails caught by a real local SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail

from numeriq.audience.models import ConsentAction, ConsentEvent, Subscriber, SubscriberStatus
from numeriq.testing.smtp import SmtpServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings: Any, live_server: Any) -> Iterator[SmtpServer]:
    """Emails leave through a real SMTP conversation to a capturing server; links point here."""
    with SmtpServer() as server:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": server.host, "port": server.port, "timeout": 10},
            }
        }
        settings.SITE_URL = live_server.url
        yield server
    del mail.mailers  # forget the cached connection to a server that is gone


def _link(text: str, path: str) -> str:
    found = re.search(rf"(https?://\S+/{path}/\S+/)", text)
    assert found, text
    return found.group(1)


def test_subscribe_confirm_unsubscribe(browser: Any, live_server: Any, smtp: SmtpServer) -> None:
    """Form → confirmation email → confirmed page → welcome email → one-click unsubscribe."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/abonnement/")
    page.get_by_label("Votre adresse email").fill("Camille.Roux@Example.org")
    page.locator("#consent-page").check()
    page.get_by_role("button", name="Je m’abonne").click()
    page.wait_for_url("**/abonnement/merci/")
    assert "Vérifiez votre boîte" in page.locator("h1").inner_text()

    confirmation = smtp.wait_for(1)[0]
    assert confirmation.rcpt_tos == ("camille.roux@example.org",)
    assert "Confirmez votre inscription" in str(confirmation.parsed()["Subject"])
    page.goto(_link(confirmation.text(), "abonnement/confirmer"))
    page.get_by_role("button", name="Je confirme mon inscription").click()
    assert page.locator("h1").inner_text() == "Inscription confirmée"
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE

    welcome = smtp.wait_for(2)[1]
    unsubscribe_url = _link(welcome.text(), "desabonnement")
    assert welcome.parsed()["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    page.goto(unsubscribe_url)
    assert page.get_by_role("button", name="Me désabonner").is_visible()
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE, "GET changes nothing"
    # What a mailbox provider does for RFC 8058: a bare POST, no cookie, no CSRF token.
    answer = context.request.post(unsubscribe_url, form={"List-Unsubscribe": "One-Click"})
    assert answer.status == 200
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    assert ConsentEvent.objects.filter(
        action=ConsentAction.UNSUBSCRIBED, detail="one-click"
    ).exists()
    context.close()
