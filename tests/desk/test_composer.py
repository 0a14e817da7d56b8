"""The composer: saving with typography, item operations, autosave, version conflicts, Markdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from numeriq.desk.composer_form import place, split_reveal, with_guillemets
from numeriq.desk.roles import EDITOR
from numeriq.editions import lifecycle
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition, EditionStatus
from numeriq.text.typography import typographize
from tests.desk.conftest import make_user

pytestmark = pytest.mark.django_db


def form_of(edition: Edition, **changes: Any) -> dict[str, Any]:
    """The composer's POST for an edition as it is saved, with changes."""
    edition.refresh_from_db()
    data: dict[str, Any] = {
        "version": edition.version,
        "headline": edition.headline,
        "subject": edition.subject,
        "preheader": edition.preheader,
        "editorial": edition.editorial,
        "item": [],
    }
    for n, item in enumerate(edition.items.all()):
        uid = f"i{n}"
        data["item"].append(uid)
        for name in ("kind", "heading", "image_url", "image_alt", "image_caption", "quote", "body"):
            data[f"{uid}-{name}"] = getattr(item, name)
        if item.image_decorative:  # a ticked checkbox; an unticked one posts nothing
            data[f"{uid}-image_decorative"] = "1"
    data.update(changes)
    return data


def url(edition: Edition, suffix: str = "") -> str:
    return f"/redaction/edition/{edition.date.isoformat()}/{suffix}"


def test_any_day_is_created_by_a_post_never_by_a_visit(
    editor_client: Client, today: dt.date
) -> None:
    tomorrow = today + dt.timedelta(days=1)
    page = editor_client.get(f"/redaction/edition/{tomorrow.isoformat()}/?creer=1")
    # A French page that offers the creation (a POST), with the neighbouring days.
    assert page.status_code == 404 and not Edition.objects.exists()
    assert 'lang="fr"' in page.text and "Pas encore d’édition pour ce jour." in page.text
    assert f'action="/redaction/edition/{tomorrow.isoformat()}/creer/"' in page.text
    assert f'href="/redaction/edition/{today.isoformat()}/" rel="prev"' in page.text
    assert editor_client.get(f"/redaction/edition/{today.isoformat()}/").status_code == 404
    created = editor_client.post(f"/redaction/edition/{tomorrow.isoformat()}/creer/")
    assert created["Location"] == f"/redaction/edition/{tomorrow.isoformat()}/"
    edition = Edition.objects.get(date=tomorrow)
    assert edition.status == EditionStatus.DRAFT and edition.items.count() == 0
    page = editor_client.get(created["Location"])
    assert "Aucun élément pour l’instant." in page.text
    assert (
        f'href="/redaction/edition/{(tomorrow + dt.timedelta(days=1)).isoformat()}/"' in page.text
    )
    # A second click creates nothing more; a GET on the creation address is refused.
    editor_client.post(f"/redaction/edition/{tomorrow.isoformat()}/creer/")
    assert Edition.objects.count() == 1
    assert editor_client.get(f"/redaction/edition/{tomorrow.isoformat()}/creer/").status_code == 405


def test_save_applies_typography_and_bumps_the_version(
    editor_client: Client, edition: Edition
) -> None:
    version = edition.version
    data = form_of(
        edition,
        editorial='Il demande : "pourquoi ?" Voir [l\'article](https://ex.org/a?b=1) !',
        **{"i0-heading": "Quel jour ?"},
    )
    response = editor_client.post(url(edition), data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.version == version + 1
    assert edition.editorial == (
        "Il demande\u00a0: «\u00a0pourquoi\u202f?\u00a0» Voir [l’article](https://ex.org/a?b=1)\u202f!"
    )
    assert edition.items.first().heading == "Quel jour\u202f?"
    assert edition.desk_save.saved_by.username == "camille"


def test_add_remove_and_move_items(editor_client: Client, edition: Edition) -> None:
    headings = [typographize(h) for h in edition.items.values_list("heading", flat=True)]
    response = editor_client.post(url(edition), form_of(edition, op="down:i0"))
    assert response.status_code == 302 and "focus=2" in response["Location"]
    assert list(edition.items.values_list("heading", flat=True))[:2] == [headings[1], headings[0]]
    editor_client.post(url(edition), form_of(edition, op="up:i1"))
    assert list(edition.items.values_list("heading", flat=True)) == headings
    editor_client.post(url(edition), form_of(edition, op="remove:i0"))
    assert list(edition.items.values_list("heading", flat=True)) == headings[1:]
    response = editor_client.post(url(edition), form_of(edition, op="add-breve"))
    count = edition.items.count()
    assert edition.items.last().kind == "breve" and count == len(headings)
    page = editor_client.get(response["Location"])
    assert f'id="i{count - 1}-body" name="i{count - 1}-body" rows="4" autofocus' in page.text


def test_reorder_by_posting_items_in_a_new_order(editor_client: Client, edition: Edition) -> None:
    data = form_of(edition)
    data["item"] = list(reversed(data["item"]))
    editor_client.post(url(edition), data)
    kinds = list(edition.items.values_list("kind", flat=True))
    assert kinds[0] == "breve"


def test_autosave_answers_json_with_the_new_version(
    editor_client: Client, edition: Edition
) -> None:
    response = editor_client.post(
        url(edition), form_of(edition, headline="Nouveau titre"), headers={"X-Desk-Autosave": "1"}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["version"] == edition.version + 1
    assert answer["state"].startswith("Enregistré à ")


def test_two_editors_never_overwrite_each_other(editor_client: Client, edition: Edition) -> None:
    other = Client()
    other.force_login(make_user("dominique", EDITOR, first_name="Dominique"))
    opened = form_of(edition)  # both open the same version
    first = other.post(url(edition), {**opened, "headline": "Titre de Dominique"})
    assert first.status_code == 302
    late = editor_client.post(
        url(edition), {**opened, "headline": "Titre de Camille"}, headers={"X-Desk-Autosave": "1"}
    )
    assert late.status_code == 409
    message = late.json()["error"]
    assert message.startswith("Conflit : Dominique a enregistré cette édition à ")
    assert "ne sont PAS enregistrées" in message
    edition.refresh_from_db()
    assert edition.headline == "Titre de Dominique"
    # Without JavaScript: the page comes back with the message and Camille's text kept.
    page = editor_client.post(url(edition), {**opened, "headline": "Titre de Camille"})
    assert page.status_code == 409
    assert "Conflit : Dominique" in page.text
    assert 'value="Titre de Camille"' in page.text
    assert Edition.objects.get(pk=edition.pk).headline == "Titre de Dominique"


def test_published_editions_are_read_only(editor_client: Client, edition: Edition) -> None:
    lifecycle.publish(edition)
    page = editor_client.get(url(edition))
    assert "elle ne se modifie plus ici" in page.text
    assert "data-autosave" not in page.text
    refused = editor_client.post(url(edition), form_of(edition, headline="Trop tard"))
    assert refused.status_code == 409


def test_invalid_fields_are_named(editor_client: Client, edition: Edition) -> None:
    bad = form_of(edition, **{"i0-image_url": "javascript:alert(1)", "headline": "x" * 201})
    response = editor_client.post(url(edition), bad)
    assert response.status_code == 400
    assert "Élément 1 : l’adresse de l’image doit commencer par https://" in response.text
    assert "Titre : 200 caractères au plus." in response.text


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        (
            "subject",
            "Objet\r\nBcc: tous@exemple.fr",
            "Objet de l’email : caractère interdit U+000D",
        ),
        ("subject", "Objet avec un\x00nul", "U+0000 (caractère nul)"),
        ("headline", "Titre\nsur deux lignes", "Titre : caractère interdit U+000A (saut de ligne)"),
        ("preheader", "Aperçu\x1b[31m", "Texte d’aperçu : caractère interdit U+001B"),
        ("i0-heading", "Inter\u2028titre", "Élément 1 : Intertitre : caractère interdit U+2028"),
    ],
)
def test_header_texts_refuse_control_characters(
    editor_client: Client, edition: Edition, field: str, value: str, shown: str
) -> None:
    before = (edition.version, edition.subject, edition.headline, edition.preheader)
    response = editor_client.post(url(edition), form_of(edition, **{field: value}))
    assert response.status_code == 400
    assert shown in response.text
    assert "ce texte tient sur une seule ligne" in response.text
    edition.refresh_from_db()
    assert (edition.version, edition.subject, edition.headline, edition.preheader) == before


@pytest.mark.parametrize(
    "image",
    ["//evil.example/x.png", "/\\evil.example/x.png", "/\t/evil.example/x.png", "https:///x"],
)
def test_images_from_another_host_are_not_site_paths(
    editor_client: Client, edition: Edition, image: str
) -> None:
    response = editor_client.post(url(edition), form_of(edition, **{"i0-image_url": image}))
    assert response.status_code == 400
    assert "Élément 1 : l’adresse de l’image doit commencer par https://" in response.text
    good = editor_client.post(url(edition), form_of(edition, **{"i0-image_url": "/media/x.png"}))
    assert good.status_code in (200, 302)


def test_alt_text_caption_and_decorative_are_three_fields(
    editor_client: Client, edition: Edition
) -> None:
    """The composer asks what the image shows and, apart, the caption shown under it."""
    page = editor_client.get(url(edition)).text
    assert "Texte alternatif : ce que montre l’image" in page
    assert 'name="i0-image_caption"' in page and 'name="i0-image_decorative"' in page
    assert "Légende et texte alternatif" not in page
    image = {"i0-image_url": "/media/x.png", "i0-image_alt": "Un chariot vert"}
    saved = editor_client.post(
        url(edition), form_of(edition, **image, **{"i0-image_caption": "Photo : AFP"})
    )
    assert saved.status_code == 302
    first = edition.items.first()
    assert (first.image_alt, first.image_caption) == ("Un chariot vert", "Photo\u00a0: AFP")
    decorative = {"i0-image_alt": "", "i0-image_decorative": "1"}
    assert editor_client.post(url(edition), form_of(edition, **decorative)).status_code == 302
    first = edition.items.first()  # a save rewrites the rows
    assert first.image_decorative and first.image_caption == "Photo\u00a0: AFP"
    assert 'name="i0-image_decorative" value="1" checked' in editor_client.get(url(edition)).text


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"i0-image_url": "", "i0-image_caption": "Photo : AFP"}, "une légende sans image"),
        (
            {"i0-image_url": "/m.png", "i0-image_alt": "Un chariot", "i0-image_decorative": "1"},
            "une image décorative n’a pas de texte alternatif",
        ),
    ],
)
def test_a_caption_without_image_or_a_decorative_alt_is_refused(
    editor_client: Client, edition: Edition, changes: dict[str, str], shown: str
) -> None:
    """What export would drop, or what contradicts itself, is named and nothing is saved."""
    version = edition.version
    response = editor_client.post(url(edition), form_of(edition, **changes))
    assert response.status_code == 400 and f"Élément 1 : {shown}" in response.text
    edition.refresh_from_db()
    assert edition.version == version


def test_a_breve_keeps_its_image_through_the_composer(
    editor_client: Client, edition: Edition
) -> None:
    """A brève imported with an image shows the image fields, so a save loses nothing."""
    breve = edition.items.filter(kind=ItemKind.BREVE).first()
    breve.image_url, breve.image_alt, breve.image_caption = "/m.png", "Un colis", "Photo : X"
    breve.save()
    number = list(edition.items.values_list("pk", flat=True)).index(breve.pk)
    assert f'name="i{number}-image_alt" value="Un colis"' in editor_client.get(url(edition)).text
    assert editor_client.post(url(edition), form_of(edition)).status_code == 302
    breve = edition.items.get(position=breve.position)
    assert (breve.image_url, breve.image_alt, breve.image_caption) == (
        "/m.png",
        "Un colis",
        "Photo\u00a0: X",
    )


def test_whole_edition_in_markdown(editor_client: Client, edition: Edition) -> None:
    page = editor_client.get(url(edition, "markdown/"))
    source = page.context["source"]
    assert source.startswith("---\ndate: ")
    version = edition.version
    broken = editor_client.post(
        url(edition, "markdown/"), {"source": "---\ndate: 2026-11-27\n", "version": version}
    )
    assert broken.status_code == 400 and "Ligne 1 : " in broken.text
    # The format's errors are written for the editor, in French (they were in English).
    assert "le bloc d’en-tête ouvert ici n’est jamais fermé" in broken.text
    assert "never closed" not in broken.text
    other_day = source.replace(f"date: {edition.date.isoformat()}", "date: 2001-01-01")
    moved = editor_client.post(url(edition, "markdown/"), {"source": other_day, "version": version})
    assert "La date du fichier (2001-01-01) n’est pas celle de cette édition" in moved.text
    changed = source + "\n***\nUne brève ajoutée à la main.\n"
    saved = editor_client.post(url(edition, "markdown/"), {"source": changed, "version": version})
    assert saved.status_code == 302
    assert edition.items.last().body == "Une brève ajoutée à la main."
    stale = editor_client.post(url(edition, "markdown/"), {"source": changed, "version": version})
    assert stale.status_code == 409 and "Conflit : Camille Roux a enregistré" in stale.text


def test_everything_shown_is_escaped(editor_client: Client, edition: Edition) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = form_of(
        edition,
        headline=attack,
        subject=attack,
        **{"i0-heading": attack, "i0-body": f"Texte {attack}", "i0-image_alt": attack},
    )
    assert editor_client.post(url(edition), data).status_code == 302
    for page in (
        url(edition),
        url(edition, "markdown/"),
        url(edition, "apercu/web/"),
        url(edition, "apercu/email/"),
        url(edition, "verifications/"),
        "/redaction/",
        "/redaction/editions/",
        f"{url(edition, 'envoi/')}?mode=now",
    ):
        text = editor_client.get(page).text
        assert '<script>alert("x")' not in text, page
        assert "onerror=alert" not in text.replace("onerror=alert(1)&gt;", ""), page
    text = editor_client.get(url(edition, "apercu/texte/")).text
    assert "Content-Type" not in text


def test_previews_are_sandboxed_and_framed_by_the_desk_only(
    editor_client: Client, edition: Edition
) -> None:
    for fmt in ("web", "email", "texte"):
        response = editor_client.get(url(edition, f"apercu/{fmt}/"))
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        policy = response["Content-Security-Policy"]
        assert policy.startswith("sandbox;") and "frame-ancestors 'self'" in policy
    assert "Vendredi noir" in editor_client.get(url(edition, "apercu/email/")).text
    page = editor_client.get(url(edition))
    assert page.text.count('<iframe sandbox=""') == 4
    assert 'class="frame-mobile" width="375"' in page.text
    assert editor_client.get(url(edition, "apercu/pdf/")).status_code == 404


def test_new_items_land_where_the_house_style_puts_them() -> None:
    titled = Item(ItemKind.TITLED, "a", heading="A")
    breve = Item(ItemKind.BREVE, "b")
    quiz = Item(ItemKind.QUOTE, "C’est X.", heading="Qui a dit ça ?", quote="« Q »")
    new_titled, new_breve = Item(ItemKind.TITLED, "n", heading="N"), Item(ItemKind.BREVE, "nb")
    items, index = place((titled, quiz, titled, breve, breve), new_titled)
    assert index == 3 and items[3] is new_titled
    items, index = place((titled, breve, quiz), new_breve)
    assert index == 2 and items[2] is new_breve
    assert place((breve, breve), new_titled)[1] == 0
    assert place((), new_breve)[1] == 0
    assert place((titled, titled, breve, breve), quiz)[1] == 2


def test_the_quiz_is_one_block_quote_reveal_and_quip(editor_client: Client, today: dt.date) -> None:
    from numeriq.editions.store import save_doc

    edition = save_doc(EditionDoc(date=today, items=(Item(ItemKind.TITLED, "a", heading="A"),)))
    data = form_of(edition, op="add-quote")
    added = editor_client.post(url(edition), data)
    assert added.status_code == 302
    edition.refresh_from_db()
    quiz = edition.items.get(kind="quote")
    assert quiz.quote == ""  # no « » to type after
    page = editor_client.get(url(edition))
    assert "Citation (sans guillemets : numeriq les ajoute)" in page.text
    uid = next(r["uid"] for r in page.context["rows"] if r["item"].kind == ItemKind.QUOTE)
    assert f'name="{uid}-reveal"' in page.text and f'name="{uid}-quip"' in page.text
    data = form_of(edition)
    data.pop(f"{uid}-body")
    data[f"{uid}-quote"] = "Nos clients veulent une raison de revenir."
    data[f"{uid}-reveal"] = "C'est Claire Fontenay, directrice marketing de Cabasso."
    data[f"{uid}-quip"] = "Une raison, ou un code promo ?"
    assert editor_client.post(url(edition), data).status_code == 302
    quiz = Edition.objects.get(pk=edition.pk).items.get(kind="quote")
    assert quiz.quote == "«\u00a0Nos clients veulent une raison de revenir.\u00a0»"
    assert quiz.body == (
        "C’est Claire Fontenay, directrice marketing de Cabasso. "
        "Une raison, ou un code promo\u202f?"
    )
    # Shown back: the quote without its guillemets, the reveal and the quip apart.
    row = next(r for r in editor_client.get(url(edition)).context["rows"] if r["quote_text"])
    assert row["quote_text"] == "Nos clients veulent une raison de revenir."
    assert row["reveal"] == (
        "C’est Claire Fontenay, directrice marketing de Cabasso.",
        "Une raison, ou un code promo\u202f?",
    )


def test_reveal_split_keeps_initials() -> None:
    assert split_reveal("C’est J. Martin, PDG. Et alors ?") == (
        "C’est J. Martin, PDG.",
        "Et alors ?",
    )
    assert split_reveal("Une chute seule.") == ("", "Une chute seule.")
    assert with_guillemets("  « déjà » ") == "« déjà »" and with_guillemets("« »") == ""


def test_a_new_items_block_comes_without_a_reload(editor_client: Client, edition: Edition) -> None:
    base = f"/redaction/edition/{edition.date.isoformat()}/element/"
    kinds = "titled,titled,quote,breve,breve"
    block = editor_client.get(base, {"op": "add-titled", "uid": "n1a", "kinds": kinds})
    assert block.status_code == 200 and block["X-Desk-Insert-At"] == "2"
    assert block.text.lstrip().startswith('<li class="item item-titled" id="item-3"')
    assert 'name="n1a-heading"' in block.text and "<html" not in block.text
    breve = editor_client.get(base, {"op": "add-breve", "uid": "n2", "kinds": kinds})
    assert breve["X-Desk-Insert-At"] == "5"
    quiz = editor_client.get(base, {"op": "add-quote", "uid": "n3", "kinds": ""})
    assert 'name="n3-reveal"' in quiz.text
    for bad in ({"op": "add-x", "uid": "n1"}, {"op": "add-breve", "uid": "<b>"}):
        assert editor_client.get(base, bad).status_code == 404
    assert (
        editor_client.get(base, {"op": "add-breve", "uid": "n4", "kinds": "x"}).status_code == 404
    )


def test_a_markdown_conflict_is_409_in_english_too(editor_client: Client, edition: Edition) -> None:
    """The status comes from the exception, not from looking for « Conflit » in the words."""
    from django.test.utils import override_settings

    source = editor_client.get(url(edition, "markdown/")).context["source"]
    changed = source + "\n***\nUne brève.\n"
    version = edition.version
    with override_settings(LANGUAGE_CODE="en"):
        first = editor_client.post(
            url(edition, "markdown/"), {"source": changed, "version": version}
        )
        assert first.status_code == 302
        stale = editor_client.post(
            url(edition, "markdown/"), {"source": changed, "version": version}
        )
    assert stale.status_code == 409
    assert "Conflit" not in stale.text


@pytest.mark.parametrize(("positions", "count"), [(("middle", "end"), 2), (("top",), 1), ((), 0)])
def test_the_web_preview_shows_the_call_to_subscribe_where_readers_see_it(
    editor_client: Client, edition: Edition, settings: Any, positions: tuple, count: int
) -> None:
    """The preview is the reader's web page: the call to subscribe at NUMERIQ_CTA_POSITIONS."""
    settings.CTA_POSITIONS = positions
    preview = editor_client.get(url(edition, "apercu/web/")).text
    assert preview.count('class="cta"') == count
    if positions == ("top",):
        assert preview.index('class="cta"') < preview.index('class="editorial"')


def test_a_new_empty_edition_reads_right_on_every_desk_page(
    editor_client: Client, today: dt.date
) -> None:
    """Created in one click, nothing in it yet: no « . C'est le journal… », no « 1 min »."""
    tomorrow = today + dt.timedelta(days=1)
    editor_client.post(f"/redaction/edition/{tomorrow.isoformat()}/creer/")
    edition = Edition.objects.get(date=tomorrow)
    for page in (
        url(edition),
        url(edition, "apercu/web/"),
        url(edition, "apercu/email/"),
        url(edition, "apercu/texte/"),
        url(edition, "verifications/"),
        f"{url(edition, 'envoi/')}?mode=now",
        "/redaction/editions/",
    ):
        text = editor_client.get(page).content.decode()
        assert ". C’est le journal" not in text and "«\u00a0. " not in text, page
        assert "1 min de lecture" not in text, page
    preview = editor_client.get(url(edition, "apercu/web/")).content.decode()
    assert ">C’est le journal de l’économie numérique du " in preview
