"""The checks before scheduling: each rule alone (pure), then the page with real links."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.test import Client

from numeriq.desk import checks
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition
from numeriq.editions.render import GMAIL_CLIP_BYTES
from numeriq.editions.store import save_doc

DAY = dt.date(2026, 11, 27)


def test_reading_time_against_the_one_minute_promise() -> None:
    assert checks.reading_time(230, 230).level == checks.OK
    over = checks.reading_time(300, 230)
    assert over.level == checks.WARNING
    assert over.message.startswith("Lecture estimée : 1 min 19 s (300 mots à 230 mots par minute).")
    assert "retirez environ 70 mots" in over.message
    assert checks.reading_time(400, 230).level == checks.ERROR
    assert checks.reading_time(400, 500).level == checks.OK  # words per minute is a setting


def test_subject_length_and_email_size() -> None:
    assert checks.subject_length("", 110).level == checks.ERROR
    assert checks.subject_length("Court", 110).level == checks.OK
    long = checks.subject_length("x" * 111, 110)
    assert long.level == checks.WARNING and "111 caractères" in long.message
    assert checks.email_size("a" * 1000, GMAIL_CLIP_BYTES).level == checks.OK
    assert checks.email_size("a" * (96 * 1024), GMAIL_CLIP_BYTES).level == checks.WARNING
    clipped = checks.email_size("é" * (52 * 1024), GMAIL_CLIP_BYTES)
    assert clipped.level == checks.ERROR and "Gmail coupe au-delà de 102 Ko" in clipped.message


def test_images_without_alt_and_fact_flags() -> None:
    doc = EditionDoc(
        date=DAY,
        items=(
            Item(ItemKind.TITLED, "Texte.", heading="Sans légende", image_url="https://a.fr/i.jpg"),
            Item(ItemKind.BREVE, "Texte.\n\n⚠ À vérifier : chiffre absent des sources : 42."),
        ),
    )
    alt = checks.images_alt(doc, '<p><img src="https://b.fr/x.png" alt=""></p>')
    assert alt.level == checks.ERROR
    assert alt.details == ("élément 1", "https://b.fr/x.png")
    # A decorative image has an empty alt on purpose: the editor ticked the box.
    decorative = Item(
        ItemKind.TITLED, "Texte.", heading="Décor", image_url="/d.png", image_decorative=True
    )
    alt = checks.images_alt(dataclasses.replace(doc, items=(*doc.items, decorative)), "")
    assert alt.details == ("élément 1",)
    # One text for both, as before the caption existed: the editor is told, not stopped.
    twice = Item(
        ItemKind.TITLED,
        "Texte.",
        heading="Doublon",
        image_url="/d.png",
        image_alt="Un chariot vert.",
        image_caption="Un chariot vert",
    )
    credited = dataclasses.replace(twice, image_caption="Photo : AFP")
    alt = checks.images_alt(dataclasses.replace(doc, items=(credited, twice)), "")
    assert (alt.level, alt.details) == (checks.WARNING, ("élément 2",))
    assert "La légende répète le texte alternatif" in alt.message
    assert checks.images_alt(dataclasses.replace(doc, items=(credited,)), "").level == checks.OK
    facts = checks.fact_flags(doc)
    assert facts.level == checks.ERROR
    assert facts.details == ("élément 2 : ⚠ À vérifier : chiffre absent des sources : 42.",)


def test_spam_lint() -> None:
    clean = checks.spam_lint("Le panier moyen recule", "Les ventes baissent de 7 %.", [])
    assert clean.level == checks.OK
    spam = checks.spam_lint(
        "GAGNEZ GROS AUJOURD'HUI !!",
        "Cliquez ici pour une offre exclusive €€€ INCROYABLE FANTASTIQUE GRATUITEMENT",
        ["https://bit.ly/abc"],
    )
    assert spam.level == checks.WARNING
    found = " | ".join(spam.details)
    for expected in (
        "« cliquez ici »",
        "« offre exclusive »",
        "objet en majuscules",
        "ponctuation répétée dans l’objet",
        "symboles répétés",
        "mots en majuscules",
        "lien raccourci : https://bit.ly/abc",
    ):
        assert expected in found


def test_links_verdict() -> None:
    assert checks.links([]).level == checks.OK
    pending = checks.links([("https://a.fr", "pending", ""), ("https://b.fr", "ok", "HTTP 200")])
    assert pending.level == checks.PENDING
    broken = checks.links([("https://a.fr/x", "broken", "HTTP 404")])
    assert broken.level == checks.ERROR
    assert broken.details == ("https://a.fr/x — la page n’existe pas (erreur 404)",)


@pytest.mark.parametrize(
    ("state", "detail", "words"),
    [
        ("unreachable", "[Errno -2] Name or service not known", "ce nom de domaine n’existe pas"),
        ("unreachable", "[Errno 111] Connection refused", "le serveur refuse la connexion"),
        ("unreachable", "timed out", "le site ne répond pas (délai dépassé)"),
        ("unreachable", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", "certificat"),
        ("broken", "HTTP 503", "le site est en panne (erreur 503)"),
        ("broken", "HTTP 418", "le site répond par une erreur (418)"),
        ("broken", "not an http(s) link", "ce n’est pas un lien web"),
        ("unreachable", "something odd", "le site est injoignable"),
    ],
)
def test_link_errors_are_written_for_an_editor(state: str, detail: str, words: str) -> None:
    explained = checks.explain(state, detail)
    assert words in explained and "Errno" not in explained


def test_the_quiz_needs_a_quote_and_a_reveal() -> None:
    def doc(*items: Item) -> EditionDoc:
        return EditionDoc(date=dt.date(2026, 12, 2), items=items)

    good = Item(ItemKind.QUOTE, "C’est Claire Fontenay, de Telvia. Et alors ?", quote="« Oui. »")
    assert checks.quiz(doc(good)).level == checks.OK
    assert checks.quiz(doc()).level == checks.OK
    empty = checks.quiz(doc(Item(ItemKind.QUOTE, "C’est Claire.", quote="« »")))
    assert empty.level == checks.ERROR and "élément 1 : la citation est vide" in empty.details
    no_reveal = checks.quiz(doc(Item(ItemKind.QUOTE, "Une chute.", quote="« Oui. »")))
    assert no_reveal.level == checks.ERROR
    assert "ne commence pas par « C’est … »" in no_reveal.details[0]


@pytest.mark.django_db
def test_checks_page_checks_links_in_the_background(
    editor_client: Client, http_server: str, today: Any, settings
) -> None:
    from numeriq.testing.smtp import free_port

    settings.FETCH_ALLOW_PRIVATE = ("127.0.0.0/8",)  # the test's server is on the loopback

    dead = f"http://127.0.0.1:{free_port()}/ferme"
    body = (
        f"Voir [le rapport]({http_server}/rapport) et [la page]({http_server}/absent), "
        f"ou [ce site]({dead})."
    )
    save_doc(
        EditionDoc(
            date=today,
            headline="<b>Titre</b>",
            items=(
                Item(ItemKind.TITLED, body, heading="Liens", image_url=f"{http_server}/i.png"),
                Item(ItemKind.BREVE, "⚠ À vérifier : nom absent des sources : Zorglub."),
            ),
        )
    )
    page = editor_client.get(f"/redaction/edition/{today.isoformat()}/verifications/")
    assert page.status_code == 200
    by_key = {check.key: check for check in page.context["checks"]}
    links = by_key["links"]
    assert links.level == checks.ERROR
    assert links.message == "2 liens cassés ou injoignables."
    # Written for an editor, not as a socket error, and the same whatever stopped it.
    assert f"{http_server}/absent — la page n’existe pas (erreur 404)" in links.details
    assert f"{dead} — le site est injoignable" in links.details  # not « refused »
    assert by_key["alt"].level == checks.ERROR
    assert by_key["facts"].level == checks.ERROR
    assert by_key["reading_time"].level == checks.OK
    assert page.context["worst"] == checks.ERROR
    assert "À corriger avant l’envoi." in page.text
    partial = editor_client.get(f"/redaction/edition/{today.isoformat()}/verifications/?partiel=1")
    assert partial.text.lstrip().startswith('<div class="checks-result" data-level="error"')
    assert "<html" not in partial.text
    assert Edition.objects.count() == 1
