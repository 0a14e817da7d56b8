"""The desk warns when the mentions légales lack a required detail or show the example."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests.site.test_legal import PUBLISHER

pytestmark = pytest.mark.django_db

REAL = PUBLISHER  # a real publisher's details, every required one set


def test_a_missing_required_detail_shows_on_every_desk_page(editor_client: Client) -> None:
    """Named by its setting, with a link to the page; not for visitors."""
    with override_settings(**{**REAL, "PUBLISHER_PHONE": ""}):
        for page in ("/redaction/", "/redaction/calendrier/"):
            html = editor_client.get(page).content.decode()
            assert "Mentions légales incomplètes : renseignez NUMERIQ_PUBLISHER_PHONE." in html
            assert 'class="notice legal-details"' in html, page
        assert "legal-details" not in Client().get("/redaction/connexion/").content.decode()
        assert "legal-details" not in Client().get("/").content.decode()


def test_the_example_publisher_is_flagged_on_an_https_site_only(editor_client: Client) -> None:
    """The demo (http) shows no banner; a public https site with the example does."""
    assert "legal-details" not in editor_client.get("/redaction/").content.decode()
    with override_settings(SITE_URL="https://journal.example", ALLOWED_HOSTS=["*"]):
        html = editor_client.get("/redaction/", secure=True).content.decode()
    assert "l’éditeur fictif de la démonstration" in html
    with override_settings(SITE_URL="https://journal.example", ALLOWED_HOSTS=["*"], **REAL):
        assert "legal-details" not in editor_client.get("/redaction/", secure=True).text


def test_the_banner_speaks_english_when_asked(editor_client: Client) -> None:
    """Through the catalogue, like the rest of the desk."""
    from django.utils import translation

    with (
        override_settings(**{**REAL, "PUBLISHER_PHONE": "", "LANGUAGE_CODE": "en"}),
        translation.override("en"),
    ):
        html = editor_client.get("/redaction/").content.decode()
    assert "Legal notice incomplete: fill in NUMERIQ_PUBLISHER_PHONE." in html
    assert "See the legal notice" in html
