"""Test sends: to a saved list of addresses, links that work, the captured copy rendered."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from django.test import Client

from numeriq.config import EMAIL_URL_PARSER
from numeriq.delivery.models import CapturedMessage
from numeriq.desk.models import DeskProfile
from numeriq.desk.roles import EDITOR
from numeriq.editions.models import Edition, EditionStatus
from numeriq.testing.smtp import SmtpServer
from tests.desk.conftest import make_readers, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """Test sends go to a real local SMTP server."""
    with SmtpServer() as server:
        settings.EMAIL = server.email
        yield server


def url(edition: Edition, suffix: str = "") -> str:
    return f"/redaction/edition/{edition.date.isoformat()}/{suffix}"


def test_a_test_goes_to_each_address_and_they_are_saved(
    editor_client: Client, editor: Any, edition: Edition, smtp: SmtpServer
) -> None:
    page = editor_client.get(url(edition))
    assert 'name="adresses" value="camille@redaction.example"' in page.text  # the account's
    smtp.rcpt_replies["refus@exemple.fr"] = "550 5.1.1 Mailbox unknown"
    response = editor_client.post(
        url(edition, "test/"),
        {"adresses": "camille@redaction.example, relecture@exemple.fr;refus@exemple.fr pas@"},
        follow=True,
    )
    text = response.text
    assert "Adresse non valable, ignorée : pas@." in text
    assert "Le test vers refus@exemple.fr n’est pas parti" in text
    assert "Test envoyé à camille@redaction.example, relecture@exemple.fr" in text
    got = smtp.wait_for(2)
    assert sorted(m.rcpt_tos[0] for m in got) == [
        "camille@redaction.example",
        "relecture@exemple.fr",
    ]
    parsed = got[0].parsed()
    assert str(parsed["Subject"]).startswith("[TEST] Black Friday")
    assert edition.status == EditionStatus.DRAFT
    # Saved for next time, for this editor only.
    assert DeskProfile.objects.get(user=editor).addresses() == [
        "camille@redaction.example",
        "relecture@exemple.fr",
        "refus@exemple.fr",
    ]
    again = editor_client.get(url(edition))
    assert 'value="camille@redaction.example, relecture@exemple.fr, refus@exemple.fr"' in again.text
    other = Client()
    other.force_login(make_user("dominique", EDITOR))
    assert 'value="dominique@redaction.example"' in other.get(url(edition)).text


def test_an_empty_list_sends_nothing(
    editor_client: Client, edition: Edition, smtp: SmtpServer
) -> None:
    response = editor_client.post(url(edition, "test/"), {"adresses": " "}, follow=True)
    assert "Indiquez au moins une adresse pour l’envoi de test." in response.text
    assert smtp.messages == [] and smtp.attempts == {}


def test_the_links_of_a_test_work_before_publication(
    editor_client: Client, edition: Edition, settings: Any
) -> None:
    settings.EMAIL = EMAIL_URL_PARSER.parse("capture://")
    make_readers(1, prefix="lectrice")
    editor_client.post(
        url(edition, "test/"), {"adresses": "lectrice-0@exemple.fr, camille@redaction.example"}
    )
    captured = {m.recipients: m for m in CapturedMessage.objects.all()}
    html = unescape(captured["camille@redaction.example"].body("html"))
    read_online = f"{settings.SITE_URL}/redaction/edition/{edition.date.isoformat()}/apercu/web/"
    assert read_online in html
    assert editor_client.get(read_online.removeprefix(settings.SITE_URL)).status_code == 200
    # Not a subscriber: the link explains; a subscriber gets their own working link.
    leave = f"{settings.SITE_URL}/redaction/tests/desabonnement/"
    assert leave in html and "/abonnement/" not in html.split("Se désabonner")[0][-300:]
    assert (
        "il n’y a personne à désabonner"
        in editor_client.get("/redaction/tests/desabonnement/").text
    )
    reader_html = unescape(captured["lectrice-0@exemple.fr"].body("html"))
    token_link = re.search(rf"{re.escape(settings.SITE_URL)}/desabonnement/[^\"/]+/", reader_html)
    assert token_link is not None
    assert Client().get(token_link.group().removeprefix(settings.SITE_URL)).status_code == 200


def test_the_desk_shows_the_captured_tests_rendered(
    editor_client: Client, edition: Edition, settings: Any
) -> None:
    settings.EMAIL = EMAIL_URL_PARSER.parse("capture://")
    editor_client.post(url(edition, "test/"), {"adresses": "camille@redaction.example"})
    CapturedMessage.objects.create(
        sender="x@y.fr", recipients="a@b.fr", subject="Bienvenue", raw=b""
    )
    listing = editor_client.get("/redaction/tests/")
    (message,) = listing.context["proofs"]  # only the tests
    assert "[TEST] Black Friday" in listing.text
    page = editor_client.get(f"/redaction/tests/{message.pk}/")
    assert f'src="/redaction/tests/{message.pk}/html/"' in page.text
    html = editor_client.get(f"/redaction/tests/{message.pk}/html/")
    assert html["Content-Type"].startswith("text/html") and "Nuit blanche" in html.text
    assert html["Content-Security-Policy"].startswith("sandbox")
    assert editor_client.get(f"/redaction/tests/{message.pk + 1}/").status_code == 404
    assert Client().get("/redaction/tests/").status_code == 302
