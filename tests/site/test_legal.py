"""The publisher's pages: mentions légales and politique de confidentialité, from the settings."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings

from numeriq.config import EMAIL_URL_PARSER
from numeriq.site import legal

pytestmark = pytest.mark.django_db

# A real publisher's details (invented for the test), one of them with markup in it.
PUBLISHER = {
    "PUBLISHER_NAME": "Presse <b>Verte</b> & Cie",
    "PUBLISHER_LEGAL_FORM": "SARL",
    "PUBLISHER_CAPITAL": "5 000 €",
    "PUBLISHER_ADDRESS": "12 quai des Lettres, 44000 Nantes",
    "PUBLISHER_REGISTRATION": "RCS Nantes 123 456 789",
    "PUBLISHER_VAT": "FR12 123456789",
    "PUBLISHER_PHONE": "02 61 91 00 01",
    "PUBLISHER_EMAIL": "redaction@presse-verte.example",
    "PUBLICATION_DIRECTOR": "Alix Martin",
    "HOST_NAME": "Nuage Ouest SAS",
    "HOST_ADDRESS": "3 rue du Port, 56000 Vannes",
    "HOST_PHONE": "02 61 91 00 02",
    "PRIVACY_EMAIL": "donnees@presse-verte.example",
    "PRIVACY_DPO": "Sam Durand, dpo@presse-verte.example",
    "PRIVACY_EMAIL_PROVIDER": "",
}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _text(html: str) -> str:
    """The visible text of the page's main part, on one line."""
    main = html.split('<main id="contenu"', 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_legal_notice_shows_every_detail_escaped(client: Client) -> None:
    """LCEN art. 6 III: publisher, legal form, capital, address, RCS, VAT, phone, director, host."""
    with override_settings(**PUBLISHER):
        response = client.get("/mentions-legales/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Presse &lt;b&gt;Verte&lt;/b&gt; &amp; Cie" in html and "<b>Verte</b>" not in html
    text = _text(html)
    for value in (
        "SARL, au capital de 5 000 €",
        "Siège social 12 quai des Lettres, 44000 Nantes",
        "RCS Nantes 123 456 789",
        "TVA intracommunautaire FR12 123456789",
        "Téléphone 02 61 91 00 01",
        "redaction@presse-verte.example",
        "Direction de la publication Alix Martin",
        "Hébergeur Nuage Ouest SAS",
        "3 rue du Port, 56000 Vannes",
        "02 61 91 00 02",
    ):
        assert value in text, value
    assert 'href="mailto:redaction@presse-verte.example"' in html
    assert "éditeur fictif" not in text
    assert 'href="/confidentialite/"' in html


def test_unset_optional_details_are_left_out_never_shown_as_none(client: Client) -> None:
    """A person publishing: no legal form, capital, registration nor VAT; no « None »."""
    person = {
        **PUBLISHER,
        "PUBLISHER_LEGAL_FORM": "",
        "PUBLISHER_CAPITAL": "",
        "PUBLISHER_REGISTRATION": "",
        "PUBLISHER_VAT": "",
        "PRIVACY_DPO": "",
    }
    with override_settings(**person):
        notice = _text(client.get("/mentions-legales/").content.decode())
        privacy = _text(client.get("/confidentialite/").content.decode())
    for text in (notice, privacy):
        assert "None" not in text and "au capital" not in text
    for label in ("Forme juridique", "Capital social", "Immatriculation", "TVA", "Siège social"):
        assert label not in notice, label
    assert "Adresse 12 quai des Lettres" in notice
    assert "Délégué·e à la protection des données" not in privacy


def test_privacy_policy_says_what_numeriq_keeps_how_long_and_who_gets_it(client: Client) -> None:
    """Controller, contact, DPO, data, bases, the real retention settings, the relay, CNIL."""
    with override_settings(
        **PUBLISHER,
        PENDING_DAYS=5,
        PERSONAL_DATA_LINK_HOURS=12,
        PRIVACY_LOG_DAYS=90,
        EMAIL=EMAIL_URL_PARSER.parse("smtp://u:secret@relais.presse-verte.example:587"),
    ):
        response = client.get("/confidentialite/")
    html = response.content.decode()
    assert response.status_code == 200
    text = _text(html)
    assert "Le responsable du traitement est Presse &lt;b&gt;Verte&lt;/b&gt; &amp; Cie" in html
    assert 'href="mailto:donnees@presse-verte.example"' in html
    assert "Délégué·e à la protection des données : Sam Durand" in text
    assert "consentement (RGPD, art. 6.1.a)" in text
    assert "l’adresse IP" in text and "journal de vos consentements" in text
    assert "effacée au bout de 5 jours" in text
    assert "les journaux du serveur après 90 jours" in text
    assert "valable 12 heures" in text
    assert "Nuage Ouest SAS, 3 rue du Port, 56000 Vannes" in text
    assert "le relais de messagerie relais.presse-verte.example" in text
    assert "secret" not in html
    assert 'href="https://www.cnil.fr/fr/plaintes"' in html
    assert "csrftoken" in text and "aucun cookie de mesure d’audience" in text


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("ses://?region=eu-west-3", "Amazon Web Services (Amazon SES)"),
        ("brevo://", "Brevo (Sendinblue SAS, France)"),
        ("capture://", ""),
    ],
)
def test_the_email_relay_is_named_after_the_email_setting(url: str, named: str) -> None:
    """The processor that sends the emails is the one NUMERIQ_EMAIL_URL configures."""
    with override_settings(EMAIL=EMAIL_URL_PARSER.parse(url), PRIVACY_EMAIL_PROVIDER=""):
        assert legal.email_provider() == named
    with override_settings(PRIVACY_EMAIL_PROVIDER="Courrier Express SA, Belgique"):
        assert legal.email_provider() == "Courrier Express SA, Belgique"


def test_the_demo_publisher_is_marked_as_an_example(client: Client) -> None:
    """With the default settings the pages say the publisher is invented."""
    assert legal.is_example()
    for url in ("/mentions-legales/", "/confidentialite/"):
        text = _text(client.get(url).content.decode())
        assert "Exemple :" in text and "fictif" in text
        assert "Éditions de l’Exemple" in text


def test_missing_required_details_are_flagged_not_shown_empty(client: Client) -> None:
    """An empty required detail: left out of the page, named in the desk's problems."""
    with override_settings(**{**PUBLISHER, "PUBLISHER_PHONE": "", "HOST_NAME": ""}):
        assert legal.missing_required() == ["NUMERIQ_PUBLISHER_PHONE", "NUMERIQ_HOST_NAME"]
        (problem,) = legal.problems()
        text = _text(client.get("/mentions-legales/").content.decode())
    assert "NUMERIQ_PUBLISHER_PHONE, NUMERIQ_HOST_NAME" in problem
    assert "Téléphone 02 61 91 00 01" not in text and "Hébergeur" not in text
    with override_settings(**PUBLISHER):
        assert legal.problems() == []


def test_an_https_site_still_showing_the_example_is_flagged() -> None:
    """The demo's publisher is fine on a local demo, not on a public https site."""
    assert legal.problems() == []  # the tests' site is http://127.0.0.1:8000
    with override_settings(SITE_URL="https://journal.example"):
        (problem,) = legal.problems()
    assert "éditeur fictif" in problem
    with override_settings(SITE_URL="https://journal.example", **PUBLISHER):
        assert legal.problems() == []


@pytest.mark.parametrize(
    "url",
    ["/", "/archives/", "/abonnement/", "/abonnement/merci/", "/mentions-legales/", "/nulle-part/"],
)
def test_every_public_page_links_to_both_pages_in_its_footer(client: Client, url: str) -> None:
    """The footer of every public page, the 404 included, links to both."""
    response = client.get(url)
    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'href="/mentions-legales/">Mentions légales</a>' in footer
    assert 'href="/confidentialite/">Politique de confidentialité</a>' in footer


def test_the_500_page_links_to_both_pages(rf: object) -> None:
    """The branded 500 page, rendered without the request's context processors."""
    from numeriq.site.views import server_error

    response = server_error(rf.get("/"))  # type: ignore[attr-defined]
    html = response.content.decode()
    assert response.status_code == 500
    assert 'href="/mentions-legales/"' in html and 'href="/confidentialite/"' in html


def test_the_subscribe_form_links_to_the_privacy_policy(client: Client) -> None:
    """GDPR art. 13: the information is given where the address is collected."""
    html = client.get("/abonnement/").content.decode()
    form = html.split('<form class="subscribe"', 1)[1].split("</form>", 1)[0]
    assert 'href="/confidentialite/"' in form


def test_the_pages_are_in_english_when_the_language_is_english(client: Client) -> None:
    """English through the catalogue, like every other page."""
    from django.utils import translation

    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        notice = _text(client.get("/mentions-legales/").content.decode())
        cache.clear()
        privacy = _text(client.get("/confidentialite/").content.decode())
    assert "Legal notice" in notice and "Publisher" in notice and "Host" in notice
    assert "Privacy policy" in privacy and "Your rights" in privacy and "Cookies" in privacy
    assert "Mentions légales" not in notice and "Vos droits" not in privacy


# --- every email's footer ----------------------------------------------------------------

LEGAL_URLS = (
    "https://numeriq.example/mentions-legales/",
    "https://numeriq.example/confidentialite/",
)


def _links_in_html(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_the_edition_email_links_to_both_pages_in_html_and_text(brand, demo_docs: list) -> None:
    """The daily edition: its HTML footer and its plain-text part."""
    from numeriq.editions.render import render_email

    content = render_email(demo_docs[0], brand, "https://numeriq.example/2026/11/20/x/")
    footer = content.html.split('class="pad footer"', 1)[1]
    assert all(url in _links_in_html(footer) for url in LEGAL_URLS)
    assert "Mentions légales</a>" in footer and "Politique de confidentialité</a>" in footer
    assert "Mentions légales\u00a0: https://numeriq.example/mentions-legales/" in content.text
    assert (
        "Politique de confidentialité\u00a0: https://numeriq.example/confidentialite/"
        in content.text
    )


def test_the_weekly_recap_links_to_both_pages_in_html_and_text(brand, demo_docs: list) -> None:
    """The weekly recap, which has its own text footer."""
    from numeriq.editions.recap import render_recap

    week = demo_docs[1:3]
    recap = render_recap(week, brand, [f"https://numeriq.example/{i}/" for i in range(2)])
    assert all(url in _links_in_html(recap.html) for url in LEGAL_URLS)
    assert all(url in recap.text for url in LEGAL_URLS)


def test_the_audience_emails_link_to_both_pages_in_html_and_text() -> None:
    """Confirmation, welcome and personal-data link: HTML part and text part."""
    from django.core import mail

    from numeriq.audience.emails import send_confirmation, send_personal_data_link, send_welcome
    from numeriq.audience.models import Source, Subscriber, SubscriberStatus

    site = "http://127.0.0.1:8000"  # the tests' NUMERIQ_SITE_URL
    pending = Subscriber.objects.create(
        email="lectrice@exemple.fr", source=Source.FORM, created_at="2026-11-30T08:00Z"
    )
    active = Subscriber.objects.create(
        email="lecteur@exemple.fr",
        source=Source.FORM,
        status=SubscriberStatus.ACTIVE,
        created_at="2026-11-30T08:00Z",
    )
    send_confirmation.enqueue(pending.pk)
    send_welcome.enqueue(active.pk)
    send_personal_data_link.enqueue(active.pk)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        html = message.alternatives[0][0]  # type: ignore[attr-defined]
        for path in ("/mentions-legales/", "/confidentialite/"):
            assert f'href="{site}{path}"' in html, (message.subject, path)
            assert f"{site}{path}" in message.body, (message.subject, path)
        assert "Politique de confidentialité : http" in message.body


def test_check_deploy_warns_about_the_example_and_missing_details() -> None:
    """`numeriq manage check --deploy` names what the mentions légales still lack."""
    from django.core.checks import run_checks

    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "numeriq.W002" in ids and "numeriq.W001" not in ids
    with override_settings(**{**PUBLISHER, "HOST_PHONE": ""}):
        found = [m for m in run_checks(include_deployment_checks=True) if m.id == "numeriq.W001"]
        assert "NUMERIQ_HOST_PHONE" in found[0].msg
        assert "numeriq.W002" not in [m.id for m in run_checks(include_deployment_checks=True)]
    assert "numeriq.W002" not in [m.id for m in run_checks()]  # not outside --deploy


def test_the_cookies_the_policy_names_are_the_only_ones_the_public_site_sets(
    client: Client, published_demo: list
) -> None:
    """No cookie on the reading pages; csrftoken alone on the signed pages with a form."""
    from numeriq.audience.models import Source, Subscriber
    from numeriq.audience.tokens import Purpose, make_token

    edition = published_demo[0]
    for url in ("/", "/archives/", edition.get_absolute_url(), "/abonnement/"):
        assert not client.get(url).cookies, url
    assert not client.get("/mentions-legales/").cookies
    assert not client.get("/confidentialite/").cookies
    reader = Subscriber.objects.create(
        email="lectrice@exemple.fr", source=Source.FORM, created_at="2026-11-30T08:00Z"
    )
    for purpose, prefix in [
        (Purpose.CONFIRM, "/abonnement/confirmer/"),
        (Purpose.PREFERENCES, "/preferences/"),
        (Purpose.PERSONAL_DATA, "/mes-donnees/"),
    ]:
        response = Client().get(f"{prefix}{make_token(purpose, reader)}/")
        assert response.status_code == 200
        assert set(response.cookies) == {"csrftoken"}, prefix
