"""The audience in the back office: overview, search, GDPR actions, nothing unescaped."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from numeriq.audience import subscriptions
from numeriq.audience.models import (
    ConsentAction,
    ConsentEvent,
    ConsentText,
    Subscriber,
    Suppression,
)
from numeriq.delivery.models import CapturedMessage

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def staff(client: Client) -> Client:
    """A logged-in back-office user."""
    user = User.objects.create_superuser("admin", "a@example.org", "mot-de-passe-solide-42")
    client.force_login(user)
    return client


def _subscriber(email: str, status: str = "active", days_ago: int = 3) -> Subscriber:
    when = timezone.now() - dt.timedelta(days=days_ago)
    return Subscriber.objects.create(
        email=email, status=status, source="form", created_at=when, confirmed_at=when,
        unsubscribed_at=when if status == "unsubscribed" else None,
    )  # fmt: skip


def test_overview_counts_and_chart(staff: Client) -> None:
    """Counts by status and a 90-day chart above the list."""
    _subscriber("a@example.org")
    _subscriber("b@example.org", "unsubscribed")
    _subscriber("c@example.org", "pending")
    html = staff.get("/admin/audience/subscriber/").content.decode()
    assert "Vue d’ensemble" in html
    assert "<svg" in html and "abonnements confirmés" in html
    assert '<th scope="row">Actif</th><td>1</td>' in html
    found = staff.get("/admin/audience/subscriber/", {"q": "b@exa"}).content.decode()
    assert "b@example.org" in found and "a@example.org" not in found


def test_gdpr_actions(staff: Client) -> None:
    """Export the selected subscribers' data; erase them, leaving a suppression hash."""
    person = _subscriber("lea@example.org")
    url = "/admin/audience/subscriber/"
    exported = staff.post(url, {"action": "export_personal_data", "_selected_action": [person.pk]})
    assert json.loads(exported.content)[0]["email"] == "lea@example.org"
    staff.post(url, {"action": "erase_personal_data", "_selected_action": [person.pk]})
    assert not Subscriber.objects.exists()
    assert Suppression.objects.get().reason == "erased"
    assert "delete_selected" not in staff.get(url).content.decode()


def test_markup_in_every_field_is_escaped(staff: Client) -> None:
    """Consent text, log detail and captured email subjects are shown as text."""
    person = _subscriber("lea@example.org")
    text = ConsentText.objects.create(digest="x" * 64, text=XSS)
    ConsentEvent.objects.create(
        subscriber=person, action=ConsentAction.REQUESTED, source="api", text=text,
        detail=XSS, created_at=timezone.now(),
    )  # fmt: skip
    CapturedMessage.objects.create(
        sender="a@example.org",
        recipients="lea@example.org",
        subject=XSS,
        raw=b"Subject: x\r\n\r\nx",
    )
    pages = [
        staff.get(f"/admin/audience/subscriber/{person.pk}/change/"),
        staff.get("/admin/delivery/capturedmessage/"),
        staff.get(f"/admin/delivery/capturedmessage/{CapturedMessage.objects.get().pk}/change/"),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body


def test_erased_address_is_never_resubscribed() -> None:
    """After erasure the address is on the suppression list: nothing happens."""
    subscriptions.request_subscription("zoe@example.org", source="form", consent="x")
    subscriptions.erase(Subscriber.objects.get())
    outcome, subscriber = subscriptions.request_subscription(
        "Zoe@Example.org", source="form", consent="x"
    )
    assert outcome == subscriptions.Outcome.SUPPRESSED and subscriber is None
    assert not Subscriber.objects.exists()


def test_purge_of_unconfirmed_subscribers() -> None:
    """Pending for more than NUMERIQ_PENDING_DAYS: deleted; confirmed ones stay."""
    _subscriber("old@example.org", "pending", days_ago=8)
    _subscriber("new@example.org", "pending", days_ago=2)
    _subscriber("kept@example.org", "active", days_ago=30)
    assert subscriptions.purge_unconfirmed() == 1
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "kept@example.org",
        "new@example.org",
    ]


def test_gdpr_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`numeriq subscribers data|erase EMAIL`: JSON out; erasure asks for --yes."""
    from numeriq.cli import main

    _subscriber("lea@example.org")
    assert main(["subscribers", "data", "Lea@Example.org"]) == 0
    assert json.loads(capsys.readouterr().out)["email"] == "lea@example.org"
    assert main(["subscribers", "erase", "lea@example.org"]) == 1
    assert "--yes" in capsys.readouterr().err and Subscriber.objects.exists()
    assert main(["subscribers", "erase", "lea@example.org", "--yes"]) == 0
    assert not Subscriber.objects.exists() and Suppression.objects.count() == 1
    assert main(["subscribers", "data", "lea@example.org"]) == 1
    assert "no subscriber" in capsys.readouterr().err
