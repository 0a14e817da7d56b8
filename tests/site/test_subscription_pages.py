"""Subscribing from the site: double opt-in, no enumeration, one-click unsubscribe, GDPR."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.test.utils import override_settings

from numeriq.audience import subscriptions
from numeriq.audience.models import (
    ConsentAction,
    ConsentEvent,
    Frequency,
    Subscriber,
    SubscriberStatus,
    Suppression,
)
from numeriq.audience.tokens import Purpose, make_token

pytestmark = pytest.mark.django_db

CONSENT = "on"


def _subscribe(client: Client, email: str, **extra: str) -> object:
    return client.post("/abonnement/", {"email": email, "consent": CONSENT, **extra})


def _link(message: mail.EmailMessage, path: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/{path}/[^\s\"<]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_double_opt_in_end_to_end(client: Client) -> None:
    """Form → pending + email → confirm page → active + welcome → one-click unsubscribe."""
    response = _subscribe(client, "Lea.Martin@Exemple.FR")
    assert response.status_code == 302 and response["Location"] == "/abonnement/merci/"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("lea.martin@exemple.fr", "pending")
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["lea.martin@exemple.fr"]
    assert "Confirmez votre inscription" in confirmation.subject

    confirm_path = _link(confirmation, "abonnement/confirmer")
    page = client.get(confirm_path)
    assert page.status_code == 200 and "Je confirme" in page.content.decode()
    # Why a second click, and what comes next.
    assert "certaines messageries ouvrent d’elles-mêmes les liens" in page.content.decode()
    assert "chaque matin vers 7 h. Ajoutez edition@numeriq.example" in page.content.decode()
    assert Subscriber.objects.get().status == "pending", "a GET (mail scanner) confirms nothing"
    done = client.post(confirm_path)
    assert "Inscription confirmée" in done.content.decode()
    assert "Ajoutez edition@numeriq.example à vos contacts" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE and subscriber.confirmed_at
    assert len(mail.outbox) == 2 and "Bienvenue" in mail.outbox[1].subject

    unsubscribe_path = _link(mail.outbox[1], "desabonnement")
    assert client.get(unsubscribe_path).status_code == 200
    Subscriber.objects.filter(pk=subscriber.pk).update()  # GET changes nothing
    assert Subscriber.objects.get().status == "active"
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe_path, {"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    actions = list(ConsentEvent.objects.values_list("action", flat=True))
    assert actions == [ConsentAction.REQUESTED, ConsentAction.CONFIRMED, ConsentAction.UNSUBSCRIBED]
    consent = ConsentEvent.objects.first()
    assert consent is not None and consent.text is not None
    assert consent.text.text.startswith("J'accepte de recevoir")
    assert consent.ip_address == "127.0.0.1"


def test_same_answer_whatever_the_state(client: Client) -> None:
    """New, pending, active, unsubscribed, suppressed: the same redirect, the same page."""
    active = Subscriber.objects.create(
        email="actif@exemple.fr", status="active", source="form", created_at="2026-01-01T00:00Z"
    )
    subscriptions.request_subscription("attente@exemple.fr", source="form", consent="x")
    subscriptions.suppress("bloque@exemple.fr", "hard_bounce")
    gone = Subscriber.objects.create(
        email="parti@exemple.fr",
        status="unsubscribed",
        source="form",
        created_at="2026-01-01T00:00Z",
    )
    mail.outbox.clear()
    answers = {
        _subscribe(client, email)["Location"]
        for email in (
            "neuf@exemple.fr",
            "attente@exemple.fr",
            active.email,
            gone.email,
            "bloque@exemple.fr",
        )
    }
    assert answers == {"/abonnement/merci/"}
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == ["attente@exemple.fr", "neuf@exemple.fr", "parti@exemple.fr"]
    gone.refresh_from_db()
    assert gone.status == "pending", "a re-subscription goes through double opt-in again"


def test_form_errors_and_honeypot(client: Client) -> None:
    """Invalid address or missing consent: 400 with a message; a filled honeypot: nothing."""
    bad = client.post("/abonnement/", {"email": "pas une adresse", "consent": CONSENT})
    assert bad.status_code == 400 and "n’est pas valide" in bad.content.decode()
    no_consent = client.post("/abonnement/", {"email": "ok@exemple.fr"})
    assert no_consent.status_code == 400 and "Cochez cette case" in no_consent.content.decode()
    bot = _subscribe(client, "robot@exemple.fr", website="http://spam.example")
    assert bot.status_code == 302
    assert not Subscriber.objects.exists() and not mail.outbox


@override_settings(SUBSCRIBE_RATE_PER_IP="3/hour", CONFIRMATION_RATE_PER_ADDRESS="2/day")
def test_rate_limits_per_ip_and_per_address(client: Client) -> None:
    """A bot cannot make numeriq mail-bomb an address, nor flood the form."""
    for _ in range(3):
        assert _subscribe(client, "cible@exemple.fr").status_code == 302
    assert len(mail.outbox) == 2, "confirmation emails per address are capped"
    assert _subscribe(client, "autre@exemple.fr").status_code == 429
    other_ip = client.post(
        "/abonnement/", {"email": "autre@exemple.fr", "consent": CONSENT}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 302


@pytest.mark.parametrize(
    "token",
    ["abc", "eyJ4IjoxfQ:1uXyz:forged", "../../admin/"],
)
def test_forged_links_get_a_clear_page(client: Client, token: str) -> None:
    """A forged or altered token is refused with a page that says so, and changes nothing."""
    for prefix in ("desabonnement", "preferences", "mes-donnees", "abonnement/confirmer"):
        response = client.post(f"/{prefix}/{token}/")
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "Ce lien n’est pas valide" in response.content.decode()


def _active(email: str = "lea@exemple.fr") -> Subscriber:
    subscriptions.request_subscription(email, source="form", consent="x")
    subscriber = Subscriber.objects.get(email=email)
    subscriptions.confirm(subscriber)
    subscriber.refresh_from_db()
    return subscriber


def test_preferences_weekly_and_pause(client: Client) -> None:
    """Weekly recap on a chosen day, and a pause of N days."""
    subscriber = _active()
    url = f"/preferences/{make_token(Purpose.PREFERENCES, subscriber)}/"
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    saved = client.post(url, {"frequency": "weekly", "weekly_day": "0", "pause_days": "14"})
    assert "Vos préférences sont enregistrées" in saved.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.frequency == Frequency.WEEKLY and subscriber.weekly_day == 0
    assert subscriber.paused_until is not None


def test_preferences_after_unsubscribing_show_the_state_and_the_way_back(client: Client) -> None:
    """No « Chaque jour » nor « enregistrées » for a reader who left: the state, and a return."""
    subscriber = _active()
    subscriptions.unsubscribe(subscriber)
    url = f"/preferences/{make_token(Purpose.PREFERENCES, subscriber)}/"
    page = client.get(url).content.decode()
    assert "Vous êtes désabonné·e depuis le" in page and "Chaque jour" not in page
    assert "Me réabonner" in page
    saved = client.post(url, {"frequency": "weekly", "weekly_day": "0", "pause_days": "0"})
    assert "Vos préférences sont enregistrées" not in saved.content.decode()
    assert Subscriber.objects.get().frequency == Frequency.DAILY
    mail.outbox.clear()
    refused = client.post(url, {"action": "resubscribe"}).content.decode()
    assert "Cochez cette case pour vous réabonner." in refused and mail.outbox == []
    back = client.post(url, {"action": "resubscribe", "consent": "on"}).content.decode()
    assert "Un email de confirmation vient de partir à lea@exemple.fr" in back
    assert Subscriber.objects.get().status == "pending"  # back through double opt-in
    assert len(mail.outbox) == 1 and "/abonnement/confirmer/" in mail.outbox[0].body


def test_personal_data_export_and_erasure(client: Client) -> None:
    """The data link (sent by email) downloads JSON, then erases all but a suppression hash."""
    subscriber = _active()
    mail.outbox.clear()
    client.post(
        f"/preferences/{make_token(Purpose.PREFERENCES, subscriber)}/", {"action": "personal-data"}
    )
    assert len(mail.outbox) == 1
    data_path = _link(mail.outbox[0], "mes-donnees")
    exported = client.post(data_path, {"action": "export"})
    assert exported["Content-Type"].startswith("application/json")
    data = json.loads(exported.content)
    assert data["email"] == "lea@exemple.fr" and data["status"] == "active"
    assert [event["action"] for event in data["consent_log"]][:2] == ["requested", "confirmed"]
    unconfirmed = client.post(data_path, {"action": "erase"})
    assert "Cochez la case" in unconfirmed.content.decode() and Subscriber.objects.exists()
    erased = client.post(data_path, {"action": "erase", "confirm": "yes"})
    assert "Vos données sont effacées" in erased.content.decode()
    assert not Subscriber.objects.exists() and not ConsentEvent.objects.exists()
    assert Suppression.objects.get().reason == "erased"
    mail.outbox.clear()
    assert _subscribe(client, "lea@exemple.fr").status_code == 302
    assert not Subscriber.objects.exists() and not mail.outbox, "an erased address stays erased"


def test_cta_forms_on_public_pages_have_labels_and_no_csrf_dependency(client: Client) -> None:
    """Every page's call to subscribe is a real form that works from a cached page."""
    html = client.get("/").content.decode()
    assert 'action="/abonnement/"' in html
    assert re.search(r'<label for="email-cta">', html)
    csrf_client = Client(enforce_csrf_checks=True)
    assert _subscribe(csrf_client, "cache@exemple.fr").status_code == 302


@pytest.mark.parametrize(
    "field_value",
    ["<script>alert(1)</script>@exemple.fr", "a@exemple.fr\r\nBcc: victime@exemple.fr"],
)
def test_injection_attempts_in_the_form(client: Client, field_value: str) -> None:
    """Markup and header injection in the address are refused, never echoed raw."""
    response = client.post("/abonnement/", {"email": field_value, "consent": CONSENT})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not mail.outbox


def test_the_email_footers_preferences_link_leads_to_the_preferences(client: Client) -> None:
    """The footer links the unsubscribe URL + preferences/: a GET there changes nothing."""
    subscriber = _active()
    path = f"/desabonnement/{make_token(Purpose.UNSUBSCRIBE, subscriber)}/preferences/"
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/preferences/")
    page = client.get(response["Location"]).content.decode()
    assert "Vos préférences" in page and "Chaque jour" in page
    assert Subscriber.objects.get().status == "active"
    assert client.get("/desabonnement/faux/preferences/").status_code == 400
