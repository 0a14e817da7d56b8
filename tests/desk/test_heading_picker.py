"""The composer's heading picker: three wordplay headings offered per titled item, one click
puts one in the heading (real Chromium), or the editor types their own."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from numeriq.desk.templatetags.wordplay import heading_offers, item_text
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition
from numeriq.editions.store import save_doc
from numeriq.newsroom.wordplay import offer_headings
from numeriq.text.typography import typographize
from tests.desk.conftest import make_user
from tests.site.conftest import browser, chromium_path  # noqa: F401 (fixtures)

BODY = (
    "L'opérateur Telvia ferme ses lignes téléphoniques le samedi : les clients devront "
    "passer par l'application.\n\n⚠ À vérifier : chiffre absent des sources : 9.\n\n"
    "Sources : [Le Fil](https://ex.org/a), [Tech & Boutiques](https://ex.org/b)."
)


def _edition(day: dt.date) -> Edition:
    return save_doc(
        EditionDoc(
            date=day,
            items=(
                Item(ItemKind.TITLED, BODY, heading="Telvia ferme ses lignes le samedi"),
                Item(ItemKind.BREVE, "Le réseau Bricoline teste le paiement sans caisse."),
                Item(
                    ItemKind.QUOTE,
                    "C'est Marc Leroy, PDG de Telvia.",
                    heading="Qui a dit ça ?",
                    quote="« Le samedi, nos clients préfèrent l'application. »",
                ),
            ),
        )
    )


def test_the_item_text_leaves_out_flags_links_and_markup() -> None:
    text = item_text(BODY)
    assert text.startswith("L'opérateur Telvia ferme ses lignes")
    assert "vérifier" not in text and "https" not in text and "Sources" not in text


def test_three_offers_for_a_titled_item_none_for_a_breve_or_the_quiz() -> None:
    titled = Item(ItemKind.TITLED, BODY, heading="Telvia ferme ses lignes le samedi")
    offers = heading_offers(titled)
    assert len(offers) == 3
    assert offers == offer_headings("Telvia ferme ses lignes le samedi", item_text(BODY))
    assert heading_offers(Item(ItemKind.BREVE, BODY)) == []
    assert heading_offers(Item(ItemKind.TITLED, "", heading="")) == []


@pytest.mark.django_db
def test_the_composer_shows_the_offers_under_the_heading(editor_client: Client) -> None:
    edition = _edition(timezone.localdate())
    page = editor_client.get(f"/redaction/edition/{edition.date.isoformat()}/")
    assert page.status_code == 200
    offers = heading_offers(edition.to_doc().items[0])
    html = page.text
    assert html.count('class="small pun"') == 3  # the titled item only
    for pun in offers:
        assert f'data-pun="{escape(pun)}"' in html
    assert 'data-heading-picker="i0-heading"' in html and 'id="i0-puns"' in html
    assert html.count("heading-picker.js") == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_click_puts_a_pun_in_the_heading_and_autosaves(
    browser: Any,  # noqa: F811
    live_server: Any,
) -> None:
    from tests.desk.test_browser import log_in, wait_saved

    make_user("camille", "editor", first_name="Camille", last_name="Roux")
    edition = _edition(timezone.localdate())
    pun = heading_offers(edition.to_doc().items[0])[1]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        log_in(page, live_server.url)
        page.goto(f"{live_server.url}/redaction/edition/{edition.date.isoformat()}/")
        field = page.locator("#i0-heading")
        assert field.get_attribute("list") == "i0-puns"  # the offers are its suggestions
        page.get_by_role("button", name=pun, exact=True).click()
        assert field.input_value() == pun
        wait_saved(page)
        edition.refresh_from_db()
        assert edition.items.first().heading == typographize(pun)
        # Or the editor types their own.
        field.fill("Allô, y a personne ?")
        wait_saved(page)
        edition.refresh_from_db()
        assert edition.items.first().heading == typographize("Allô, y a personne ?")
    finally:
        context.close()


@pytest.mark.django_db
def test_the_picker_speaks_english_when_asked(editor_client: Client) -> None:
    from django.test import override_settings
    from django.utils import translation

    edition = _edition(timezone.localdate())
    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        page = editor_client.get(f"/redaction/edition/{edition.date.isoformat()}/")
    assert 'aria-label="Suggested wordplay"' in page.text
    assert "one click makes it the heading, or type your own" in page.text
