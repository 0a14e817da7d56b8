"""Headline, subject, preheader and headings: one line, no control character, on every path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from numeriq.cli import main
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.email_message import encode_header
from numeriq.editions.errors import HeaderInjectionError, HeaderTextError
from numeriq.editions.header_text import control_character, header_errors
from numeriq.editions.markdown_format import EditionFormatError, parse_edition
from numeriq.editions.markup import is_safe_image_url
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown, save_doc

DAY = dt.date(2026, 5, 4)
POISON = ["\n", "\r", "\x00", "\t", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


def doc(**fields: str) -> EditionDoc:
    """A small edition with these header texts."""
    heading = fields.pop("heading", "Panier percé")
    return EditionDoc(
        date=DAY, items=(Item(kind=ItemKind.TITLED, heading=heading, body="Texte."),), **fields
    )


@pytest.mark.parametrize("char", POISON)
def test_every_control_character_is_found(char: str) -> None:
    assert control_character(f"Un{char}objet") == char
    assert control_character("Un objet « normal » : 40 000 €, déjà… ?") is None


@pytest.mark.parametrize("field", ["headline", "subject", "preheader", "heading"])
def test_errors_name_the_field_and_the_character(field: str) -> None:
    errors = header_errors(doc(**{field: "Deux\nlignes"}))
    assert len(errors) == 1
    assert "U+000A (saut de ligne)" in errors[0]
    assert errors[0].startswith(
        {
            "headline": "Titre : ",
            "subject": "Objet de l’email : ",
            "preheader": "Texte d’aperçu : ",
            "heading": "Élément 1 : Intertitre : ",
        }[field]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["headline", "subject", "preheader", "heading"])
def test_saving_refuses_them_whatever_the_path(field: str) -> None:
    """save_doc is where the desk, the CLI, the newsroom and the demo all save."""
    with pytest.raises(HeaderTextError, match="caractère interdit U\\+0000"):
        save_doc(doc(**{field: "Un\x00nul"}))
    assert not Edition.objects.exists()


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ('subject: "Objet\\aBcc: tous@exemple.fr"', 3),
        ('headline: "Titre\\0nul"', 3),
        ('preheader: "Aperçu\\e[31m"', 3),
    ],
)
def test_markdown_front_matter_names_the_line(front: str, line: int) -> None:
    source = f"---\ndate: 2026-05-04\n{front}\n---\n\n## Titre\nTexte.\n"
    with pytest.raises(EditionFormatError) as caught:
        parse_edition(source)
    assert caught.value.line == line
    assert "caractère interdit" in caught.value.message


def test_markdown_heading_names_the_line() -> None:
    with pytest.raises(EditionFormatError) as caught:
        parse_edition("---\ndate: 2026-05-04\n---\n\n## Ti\x00tre\nTexte.\n")
    assert caught.value.line == 5


def test_a_folded_yaml_subject_stays_one_line() -> None:
    """YAML line breaks (folded, or written \\n) become spaces, as before: not an error."""
    parsed = parse_edition(
        "---\ndate: 2026-05-04\nsubject: Un objet\n  sur deux lignes\n---\n\n***\nX.\n"
    )
    assert parsed.subject == "Un objet sur deux lignes"


@pytest.mark.django_db
def test_cli_import_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.md"
    path.write_text('---\ndate: 2026-05-04\nsubject: "a\\x00b"\n---\n\n***\nX.\n', encoding="utf-8")
    assert main(["edition", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3:" in err and "U+0000" in err and "Traceback" not in err
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_back_office_refuses_them(client: Client) -> None:
    edition = import_markdown(
        "---\ndate: 2026-05-04\nheadline: Premier jet\n---\n\n## Titre\nTexte.\n"
    )
    user = User.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-solide-42")
    client.force_login(user)
    item = edition.items.get()
    form = {
        "date": "2026-05-04",
        "slug": edition.slug,
        "headline": "Premier jet",
        "subject": "Objet\r\nBcc: tous@exemple.fr",
        "preheader": "",
        "editorial": "",
        "status": "draft",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(item.pk),
        "items-0-edition": str(edition.pk),
        "items-0-position": "0",
        "items-0-kind": "titled",
        "items-0-heading": "Inter\x1btitre",
        "items-0-image_url": "//evil.example/x.png",
        "items-0-image_alt": "",
        "items-0-quote": "",
        "items-0-body": "Texte.",
    }
    response = client.post(f"/admin/editions/edition/{edition.pk}/change/", form)
    assert response.status_code == 200  # the form again, with its errors
    page = response.content.decode()
    assert "Objet de l’email : caractère interdit U+000D" in page
    assert "Intertitre : caractère interdit U+001B" in page
    assert "L’adresse de l’image doit commencer par https://" in page
    edition.refresh_from_db()
    assert edition.subject == ""
    assert edition.items.get().heading == "Titre"


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\u2028b", "a\rb", "a\nb"])
def test_the_encoder_refuses_them_too(value: str) -> None:
    """A row saved before the validation existed still never reaches a header raw."""
    with pytest.raises(HeaderInjectionError):
        encode_header("Subject", value)


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://img.example/x.png", True),
        ("http://img.example/x.png", True),
        ("/media/x.png", True),
        ("//evil.example/x.png", False),
        ("/\\evil.example/x.png", False),
        ("/\t/evil.example/x.png", False),
        ("https:///x.png", False),
        ("https:\\\\evil.example/x.png", False),
        ("javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
        ("", False),
    ],
)
def test_image_addresses(url: str, safe: bool) -> None:
    assert is_safe_image_url(url) is safe


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_dates_beyond_any_edition_are_refused(day: str) -> None:
    with pytest.raises(EditionFormatError, match="entre 1900-01-01 et 2999-12-31") as caught:
        parse_edition(f"---\ndate: {day}\n---\n\n***\nX.\n")
    assert caught.value.line == 2


def test_one_line_makes_control_characters_spaces() -> None:
    from numeriq.editions.header_text import one_line

    assert one_line("Panier\x00percé\r\n du\x1bjour\u2028") == "Panier percé du jour"


def test_the_newsroom_drafts_headings_without_control_characters() -> None:
    """A feed title with a NUL would have made the whole draft refused by save_doc."""
    from numeriq.newsroom.drafting import _plain_heading

    heading = _plain_heading("## Vélivre\x00 lève\t10 M€\x1b[0m")
    assert heading == "Vélivre lève 10 M€ [0m"
    assert header_errors(doc(heading=heading)) == []
