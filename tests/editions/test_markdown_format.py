"""The Markdown source format: parsing, errors naming the line, writing back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.errors import EditionFormatError
from numeriq.editions.markdown_format import format_edition, parse_edition

HOUSE_EXAMPLE = """---
date: 2026-03-18
headline: Le panier moyen fait de la résistance
---

Les soldes d'hiver sont finis, les promesses de croissance aussi. Les e-commerçants
comptent leurs colis comme d'autres comptent les moutons : pour se rassurer.

## Panier percé
La plateforme Cabasso annonce un panier moyen en recul de 7 % sur un an, à 58 euros.
Le gratuit, ça n'a pas de prix.

## Allô, l'assistant ?
![Un casque posé sur un bureau](https://example.org/casque.jpg)
L'opérateur Telvia confie 30 % de ses conversations clients à un agent conversationnel.
Les autres patienteront en musique…

***
Le réseau Bricoline teste le paiement sans caisse dans 12 magasins d'Île-de-France.

## Qui a dit ça ?
> « Nos clients ne veulent pas une application de plus,
> ils veulent une raison de revenir. »

C'est Claire Fontenay, directrice marketing de Cabasso. Une raison, ou un code promo ?
"""


def test_house_style_example_parses_into_its_parts() -> None:
    """The example of HOUSE-STYLE.md gives editorial, titled items, a brève and a quiz."""
    doc = parse_edition(HOUSE_EXAMPLE)
    assert doc.date == dt.date(2026, 3, 18)
    assert doc.headline == "Le panier moyen fait de la résistance"
    assert doc.editorial.startswith("Les soldes d'hiver")
    assert [item.kind for item in doc.items] == [
        ItemKind.TITLED,
        ItemKind.TITLED,
        ItemKind.BREVE,
        ItemKind.QUOTE,
    ]
    assert doc.items[1].image_url == "https://example.org/casque.jpg"
    assert doc.items[1].image_alt == "Un casque posé sur un bureau"
    # Today's files say ![X](url): X is the alt text, and there is no caption to show.
    assert doc.items[1].image_caption == "" and not doc.items[1].image_decorative
    assert doc.items[1].body.startswith("L'opérateur Telvia")
    quiz = doc.items[3]
    assert quiz.heading == "Qui a dit ça ?"
    assert quiz.quote == (
        "« Nos clients ne veulent pas une application de plus,\n"
        "ils veulent une raison de revenir. »"
    )
    assert quiz.body.startswith("C'est Claire Fontenay")


def test_headline_defaults_to_first_item_heading() -> None:
    """Without a headline, the lead headline is the first titled item's heading."""
    doc = parse_edition(
        "---\ndate: 2026-01-02\n---\n\n***\nUne brève.\n\n## Premier titre\nTexte.\n"
    )
    assert doc.headline == ""
    assert doc.lead_headline == "Premier titre"


def test_export_gives_back_the_file() -> None:
    """Import then export gives back the same file, modulo whitespace."""
    doc = parse_edition(HOUSE_EXAMPLE)
    assert format_edition(doc).split() == HOUSE_EXAMPLE.split()
    assert parse_edition(format_edition(doc)) == doc


def test_demo_editions_round_trip(demo_docs: list[EditionDoc]) -> None:
    """Every demo edition survives export and re-import unchanged."""
    assert len(demo_docs) >= 5
    for doc in demo_docs:
        assert parse_edition(format_edition(doc)) == doc
    for path in sorted(Path("numeriq/demo/editions").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert format_edition(parse_edition(text)).split() == text.split(), path.name


def test_front_matter_values_stay_text() -> None:
    """YAML's implicit types do not apply: 'Non' stays a word, 2026 a headline."""
    doc = parse_edition("---\ndate: 2026-01-02\nheadline: Non\nsubject: 2026\n---\n\n## A\nB\n")
    assert (doc.headline, doc.subject) == ("Non", "2026")
    assert parse_edition(format_edition(doc)) == doc


def test_code_block_may_contain_item_markers() -> None:
    """A '## ' or '***' inside a fenced code block does not start an item."""
    text = "---\ndate: 2026-01-02\n---\n\n## Code\nVoici :\n\n```\n## pas un titre\n***\n```\n"
    doc = parse_edition(text)
    assert len(doc.items) == 1
    assert "## pas un titre" in doc.items[0].body


BAD_FILES = [
    ("", 1, "le fichier est vide", "the file is empty"),
    ("date: 2026-01-02\n\n## A\nB\n", 1, "bloc d’en-tête ouvert par", "front matter block"),
    ("---\ndate: 2026-01-02\n\n## A\nB\n", 1, "n’est jamais fermé par « --- »", "never closed"),
    ("---\nheadline: x\n---\n\n## A\nB\n", 1, "doit donner la date", "needs a 'date"),
    ("---\ndate: 2026-02-30\n---\n\n## A\nB\n", 2, "n’est pas une date", "not a date"),
    (
        "---\ndate: 2026-01-02\ntitle: x\n---\n\n## A\nB\n",
        3,
        "champ inconnu « title »",
        "unknown field 'title'",
    ),
    (
        "---\ndate: 2026-01-02\nheadline: [a, b\n---\n\n## A\nB\n",
        3,
        "en-tête illisible",
        "front matter",
    ),
    (
        "---\ndate: 2026-01-02\nheadline: [a, b]\n---\n\n## A\nB\n",
        3,
        "« headline » doit être du texte",
        "'headline' must be text",
    ),
    ("---\ndate: 2026-01-02\n---\n\nÉdito seul.\n", 6, "n’a aucun élément", "has no item"),
    (
        "---\ndate: 2026-01-02\n---\n\n## A\n\n## B\nTexte.\n",
        5,
        "l’élément « A » n’a pas de texte",
        "item 'A' has no body",
    ),
    (
        "---\ndate: 2026-01-02\n---\n\n## A\nx\n\n***\n\n",
        8,
        "la brève n’a pas de texte",
        "brève has no body",
    ),
    ("---\ndate: 2026-01-02\n---\n\n# Titre\n\n## A\nB\n", 5, "les titres « # »", "'#' headings"),
    (
        "---\ndate: 2026-01-02\n---\n\n## A\nB\n### Sous-titre\n",
        7,
        "les titres « ### »",
        "'###' headings",
    ),
    ("---\ndate: 2026-01-02\n---\n\n##\nB\n", 5, "doit avoir un texte", "needs a text"),
    (
        "---\ndate: 2026-01-02\n---\n\n## A\n![](x.png)\nB\n",
        6,
        "doit avoir un texte alternatif",
        "needs an alt text",
    ),
    (
        "---\ndate: 2026-01-02\n---\n\n## Intro\nx\n\n## Qui a dit ça ?\n> « Citation. »\n\n",
        8,
        "un élément citation doit donner sa réponse après la citation",
        "a quote item needs a reveal after the blockquote",
    ),
    (
        "---\ndate: 2026-01-02\n---\n\n## A\n```\ncode\n",
        6,
        "ce bloc de code n’est jamais fermé",
        "never closed",
    ),
]


@pytest.mark.parametrize(("text", "line", "french", "english"), BAD_FILES)
def test_errors_name_the_line_and_the_problem(
    text: str, line: int, french: str, english: str
) -> None:
    """Each malformed source is refused with its line number and a clear message, in French
    for the editor (the desk shows it) and in English on the command line."""
    with pytest.raises(EditionFormatError) as caught:
        parse_edition(text)
    assert caught.value.line == line, str(caught.value)
    assert french in str(caught.value.message)
    assert str(caught.value).startswith(f"ligne {line} : ")
    with translation.override("en"):
        assert english in str(caught.value.message)
        assert str(caught.value).startswith(f"line {line}: ")


# --- property: import → export → import is stable -----------------------------------------

_words = (
    st.text(
        alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèàçôÉ0123456789 ,.;:!?'«»…%€-")),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and s[0].isalnum())
)
_paragraph = st.lists(_words, min_size=1, max_size=3).map("\n".join)
_body = st.lists(_paragraph, min_size=1, max_size=3).map("\n\n".join)
_heading = _words.filter(lambda s: not s.endswith("#"))
_caption = st.one_of(
    st.just(""), _words, _words.map(lambda s: f'Photo : "{s}" \\ AFP\\'), st.just('"')
)
_image = st.one_of(
    st.just(("", "", "", False)),
    st.tuples(
        st.sampled_from(["/static/a.png", "https://example.org/b.jpg"]),
        st.one_of(_heading, st.just('""'), _heading.map(lambda s: f"{s} [x] \\ y]")),
        _caption,
        st.just(False),
    ),
    st.tuples(st.just("/static/c.png"), st.just(""), _caption, st.just(True)),
)


@st.composite
def _items(draw: st.DrawFn) -> Item:
    kind = draw(st.sampled_from(list(ItemKind)))
    url, alt, caption, decorative = draw(_image)
    heading = draw(_heading) if kind == ItemKind.TITLED else draw(st.sampled_from(["", "Qui ?"]))
    if kind == ItemKind.BREVE:
        heading = ""
    quote = draw(_paragraph) if kind == ItemKind.QUOTE else ""
    return Item(
        kind=kind,
        heading=heading,
        body=draw(_body),
        image_url=url,
        image_alt=alt,
        quote=quote,
        image_caption=caption,
        image_decorative=decorative,
    )


_docs = st.builds(
    EditionDoc,
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    editorial=st.one_of(st.just(""), _body),
    items=st.lists(_items(), min_size=1, max_size=6).map(tuple),
    headline=st.one_of(st.just(""), _words, _words.map(lambda s: f"« {s} »")),
    subject=st.one_of(st.just(""), _words),
    preheader=st.one_of(st.just(""), _words),
)


@settings(deadline=None)
@given(_docs)
def test_format_then_parse_is_identity(doc: EditionDoc) -> None:
    """Any edition written out and read back is the same edition."""
    assert parse_edition(format_edition(doc)) == doc


@settings(deadline=None)
@given(_docs)
def test_export_is_a_fixed_point(doc: EditionDoc) -> None:
    """Export → import → export gives the same text."""
    text = format_edition(doc)
    assert format_edition(parse_edition(text)) == text


def _with_image(line: str) -> str:
    return f"---\ndate: 2026-03-18\n---\n\n## Panier percé\n{line}\nTexte.\n"


def test_an_image_has_an_alt_text_and_a_caption_apart() -> None:
    """![Alt](url "Caption"): the alt says what the image shows, the caption is shown under it."""
    line = '![Un chariot vert](https://e.org/c.jpg "Photo : \\"Studio B\\" \\\\ AFP")'
    item = parse_edition(_with_image(line)).items[0]
    assert item.image_url == "https://e.org/c.jpg"
    assert item.image_alt == "Un chariot vert"
    assert item.image_caption == 'Photo : "Studio B" \\ AFP'
    assert not item.image_decorative
    assert line in format_edition(parse_edition(_with_image(line)))


def test_a_decorative_image_says_so_and_a_forgotten_alt_is_refused() -> None:
    """![""](url) is a decorative image (alt=""); ![](url) is an alt text forgotten."""
    item = parse_edition(_with_image('![""](/static/a.png "Illustration : la rédaction")')).items[0]
    assert item.image_decorative and item.image_alt == ""
    assert item.image_caption == "Illustration : la rédaction"
    with pytest.raises(EditionFormatError) as error:
        parse_edition(_with_image("![](/static/a.png)"))
    assert error.value.line == 6 and '![""](url)' in str(error.value)


@pytest.mark.parametrize(
    "line",
    [
        "![Un chariot](https://e.org/c.jpg 'Photo : AFP')",
        '![Un chariot](https://e.org/c.jpg "Photo : AFP)',
        '![Un chariot](https://e.org/c.jpg "Photo : "AFP"")',
    ],
)
def test_a_misspelt_image_line_names_its_line(line: str) -> None:
    """A caption not in double quotes (or with a bare " inside) is an error, not body text."""
    with pytest.raises(EditionFormatError) as error:
        parse_edition(_with_image(line))
    assert error.value.line == 6 and "Légende" in str(error.value)
