"""Rendering: email HTML, plain text and .eml are complete, safe and French."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import html as html_module
import re
from email.message import EmailMessage

import pytest
from django.template.loader import render_to_string

from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.email_message import build_message
from numeriq.editions.errors import HeaderInjectionError
from numeriq.editions.markdown_format import parse_edition
from numeriq.editions.render import (
    GMAIL_CLIP_BYTES,
    UNSUBSCRIBE_URL,
    Brand,
    fill_pattern,
    render_email_html,
    render_eml,
    render_parts,
    render_text,
)

WEB_URL = "https://numeriq.example/2026/11/27/x/"
NOW = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)


def _doc(body: str, **fields: str) -> EditionDoc:
    return EditionDoc(
        date=dt.date(2026, 6, 1),
        editorial=fields.get("editorial", "Édito."),
        headline=fields.get("headline", "Un titre"),
        items=(Item(kind=ItemKind.TITLED, heading=fields.get("heading", "Titre"), body=body),),
    )


def test_title_and_subject_follow_the_house_pattern(brand: Brand) -> None:
    """'<headline>. C'est le journal de l'économie numérique du 1er juin 2026'."""
    parts = render_parts(_doc("Texte."), brand)
    assert parts.title == "Un titre. C’est le journal de l’économie numérique du 1er juin 2026"
    assert parts.subject == parts.title
    question = render_parts(_doc("Texte.", headline="Vraiment ?"), brand)
    assert question.title.startswith("Vraiment\u202f? C’est")


def test_fill_pattern_accepts_brand_and_custom_order() -> None:
    """Patterns are settings: any order of {brand}, {date}, {headline}."""
    text = fill_pattern(
        "{brand} du {date} : {headline}", headline="X", date_text="2 mai", brand="B"
    )
    assert text == "B du 2 mai\u00a0: X"


def test_an_empty_edition_reads_right(brand: Brand) -> None:
    """No headline yet: the title starts at « C'est… », no stray dot, no « 1 min de lecture »."""
    empty = EditionDoc(date=dt.date(2026, 12, 1))
    parts = render_parts(empty, brand)
    assert parts.title == "C’est le journal de l’économie numérique du 1er décembre 2026"
    assert parts.subject == parts.title
    assert parts.reading_minutes == 0
    html = render_email_html(empty, brand, WEB_URL)
    assert "min de lecture" not in html and "<title>. " not in html
    assert render_text(empty, brand, WEB_URL).splitlines()[3].startswith("C’est le journal")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{headline}. C'est le journal du {date}", "C’est le journal du 2 mai"),
        ("« {headline} » — {brand}, {date}", "B, 2 mai"),
        ("{brand} du {date} : {headline}", "B du 2 mai"),
        ("{brand} : {headline} — {date}", "B — 2 mai"),
        ("{headline}, c'est le {date}", "C’est le 2 mai"),
    ],
)
def test_a_pattern_without_headline_drops_its_slot(pattern: str, expected: str) -> None:
    """Whatever the pattern, an empty headline takes its joining punctuation with it."""
    assert fill_pattern(pattern, headline="", date_text="2 mai", brand="B") == expected


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>Texte",
        '<img src="x" onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))" onclick="x()">Texte</p>',
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
    ],
)
def test_html_in_markdown_is_sanitized(brand: Brand, attack: str) -> None:
    """No script, event handler, iframe, style or javascript: link reaches a page or an email."""
    doc = _doc(attack, editorial=attack, heading=attack)
    for html in (
        render_email_html(doc, brand, WEB_URL),
        str(render_parts(doc, brand).editorial),
        str(render_parts(doc, brand).items[0].body),
        str(render_parts(doc, brand).items[0].heading),
    ):
        lowered = html.lower()
        assert "<script" not in lowered
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", lowered)
        assert "onerror" not in lowered and "onclick" not in lowered and "onload" not in lowered
        assert "<iframe" not in lowered and "<svg" not in lowered
        assert "display:none}" not in lowered


def test_email_html_is_responsive_inlined_and_small(brand: Brand, demo_docs: list) -> None:
    """Tables, 600 px max, inlined CSS, dark-mode rules, preheader, alt text, < 102 KB."""
    for doc in demo_docs:
        html = render_email_html(doc, brand, WEB_URL)
        assert len(html.encode()) < GMAIL_CLIP_BYTES
        assert '<html lang="fr"' in html
        assert 'role="presentation"' in html
        assert "max-width: 600px" in html
        assert 'name="viewport"' in html
        assert "prefers-color-scheme: dark" in html
        assert "@media only screen and (max-width: 620px)" in html
        assert re.search(r'<h1 class="brand" style="[^"]+"', html), "CSS must be inlined"
        assert render_parts(doc, brand).preheader in html_module.unescape(html)
        for img in re.findall(r"<img [^>]+>", html):
            assert re.search(r'alt="[^"]+"', img), img
            assert 'src="https://' in img, "images must be absolute in emails"
        assert UNSUBSCRIBE_URL in html
        assert WEB_URL in html


def test_plain_text_stands_alone_with_footnoted_links(brand: Brand) -> None:
    """Headings, the quote and links as [n] footnotes."""
    doc = parse_edition(
        "---\ndate: 2026-06-01\n---\n\nÉdito avec [un lien](https://example.org/a).\n\n"
        "## Panier percé\nLe panier baisse, voir [l'étude](https://example.org/b) "
        "et [encore](https://example.org/a).\n\n"
        "## Qui a dit ça ?\n> « Une citation. »\n\nC'est Untel, patron de Truc.\n\n"
        "***\nUne brève.\n"
    )
    text = render_text(doc, brand, WEB_URL)
    assert "PANIER PERCÉ" in text
    assert "Édito avec un lien [1]." in text
    assert "voir l’étude [2] et encore [1]." in text
    assert "    «\u00a0Une citation.\u00a0»" in text
    assert "• Une brève." in text
    assert "[1] https://example.org/a\n[2] https://example.org/b" in text
    assert f"Lire cette édition en ligne\u00a0: {WEB_URL}" in text
    assert "<" not in text.replace("<", "", 0) or "<a" not in text
    assert max(len(line) for line in text.splitlines() if "http" not in line) <= 72


def test_eml_is_a_complete_multipart_message(brand: Brand, demo_docs: list) -> None:
    """From, To, Subject, Date, Message-ID, MIME-Version, List-Unsubscribe; both parts decode."""
    doc = demo_docs[0]
    raw = render_eml(
        doc, brand, web_url=WEB_URL, from_email="Numériq'1 <a@numeriq.example>", date=NOW
    )
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["From"].addresses[0].display_name == "Numériq'1"
    assert message["To"] == "lectrice@example.invalid"
    assert message["Subject"] == render_parts(doc, brand).subject
    assert "20 novembre 2026" in message["Subject"]
    assert message["Date"].datetime == NOW
    assert re.fullmatch(r"<[^@\s]+@numeriq\.example>", message["Message-ID"])
    assert message["MIME-Version"] == "1.0"
    assert message["List-Unsubscribe"].startswith("<https://numeriq.example/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert "FOURMIS EN PALETTES" in plain.get_content()
    assert "<h1" in html.get_content()
    assert UNSUBSCRIBE_URL not in raw.decode("ascii")
    # Every header line is 7-bit: UTF-8 only through encoded words.
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(byte < 128 for byte in head)
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_reading_time_counts_every_part(brand: Brand, demo_docs: list) -> None:
    """A demo edition reads in a minute or two."""
    for doc in demo_docs:
        parts = render_parts(doc, brand)
        assert 200 <= parts.words <= 600
        assert parts.reading_minutes in (1, 2)


def _message(**overrides: object) -> bytes:
    fields: dict[str, object] = {
        "subject": "Sujet : « ça va » ?",
        "from_email": "Numériq'1 <edition@numeriq.example>",
        "to": "Zoé <zoe@example.org>",
        "html": "<p>Bonjour é</p>\n" + "x" * 300 + "\n. point seul\n",
        "text": "Bonjour é\n" + "mot " * 60 + "\n=égal= \n",
        "unsubscribe_url": "https://numeriq.example/desabonnement/abc/",
        "date": NOW,
    }
    fields.update(overrides)
    return build_message(**fields)  # type: ignore[arg-type]


def test_message_bytes_round_trip_through_the_standard_parser() -> None:
    """What we write is exactly what a mail client reads back."""
    raw = _message()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Sujet : « ça va » ?"
    assert message["To"].addresses[0].display_name == "Zoé"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    # MIME text is CRLF on the wire; a client reads back the same lines.
    assert plain.get_content().replace("\r\n", "\n") == "Bonjour é\n" + "mot " * 60 + "\n=égal= \n"
    assert (
        html.get_content().replace("\r\n", "\n")
        == "<p>Bonjour é</p>\n" + "x" * 300 + "\n. point seul\n"
    )
    assert not message.defects and not plain.defects and not html.defects
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    "field",
    ["subject", "to", "from_email", "unsubscribe_url"],
)
def test_line_breaks_in_headers_are_refused(field: str) -> None:
    """CR/LF in any header value cannot forge a header (Bcc: injection)."""
    values = {
        "subject": "Salut\r\nBcc: victime@example.org",
        "to": "a@example.org\nBcc: victime@example.org",
        "from_email": "X <x@example.org>\r\nBcc: victime@example.org",
        "unsubscribe_url": "https://x.example/\r\nBcc: victime@example.org",
    }
    with pytest.raises(HeaderInjectionError):
        _message(**{field: values[field]})


def test_email_footer_preferences_forwarded_and_no_repeated_title(
    brand: Brand, demo_docs: list
) -> None:
    """Preferences and « On vous l'a transférée ? » in both parts; no H1 copying the subject."""
    doc = demo_docs[-1]
    parts = render_parts(doc, brand, absolute=True)
    html = html_module.unescape(render_email_html(doc, brand, WEB_URL))
    assert f'href="{UNSUBSCRIBE_URL}preferences/"' in html
    assert "On vous l’a transférée ?" in html and f'href="{brand.site_url}/abonnement/"' in html
    assert not re.search(rf"<h1[^>]*>{re.escape(str(parts.title))}</h1>", html)
    assert len(re.findall(r"<h1\b", html)) == 1  # the masthead
    text = render_text(doc, brand, WEB_URL)
    assert f"Vos préférences\u00a0: {UNSUBSCRIBE_URL}preferences/" in text
    assert f"Abonnez-vous gratuitement\u00a0: {brand.site_url}/abonnement/" in text


def test_email_html_survives_outlook_and_gmail(brand: Brand, demo_docs: list) -> None:
    """Outlook (Word): rules and fills on table cells, bgcolor, PixelsPerInch; Gmail: a first
    <style> block with only what it accepts (it drops a block holding one rule it refuses)."""
    for doc in demo_docs:
        html = render_email_html(doc, brand, WEB_URL)
        assert "<o:OfficeDocumentSettings>" in html and "<o:PixelsPerInch>96" in html
        assert 'xmlns:o="urn:schemas-microsoft-com:office:office"' in html
        assert 'bgcolor="#ffffff"' in html and 'bgcolor="#f4f1ec"' in html
        assert not re.search(r"<div[^>]*border-left", html), "Outlook ignores a div's rule"
        if any(item.kind == "breve" for item in doc.items):
            assert re.search(r'<td class="text item breve"[^>]*border-left: 3px', html)
        if any(item.kind == "quote" for item in doc.items):
            assert re.search(r'<td class="quiz text" bgcolor="#fdf2e9"', html)
        blocks = re.findall(r"<style>(.*?)</style>", html.split("</head>")[0], re.S)
        gmail = blocks[0]
        assert "@media only screen and (max-width: 620px)" in gmail
        for refused in (":root", "[data-", "prefers-color-scheme", "*", "@import"):
            assert refused not in gmail, refused
        assert any("prefers-color-scheme: dark" in block for block in blocks[1:])


def _pictured(**image: object) -> EditionDoc:
    item = Item(ItemKind.TITLED, "Texte.", heading="Panier percé", image_url="/static/a.png")
    return EditionDoc(
        date=dt.date(2026, 6, 1),
        headline="Un titre",
        items=(dataclasses.replace(item, **image),),
    )


def _web_page(doc: EditionDoc, brand: Brand) -> str:
    return render_to_string(
        "site/_article.html", {"edition": doc, "parts": render_parts(doc, brand)}
    )


def test_an_image_caption_is_not_its_alt_text(brand: Brand) -> None:
    """The alt text goes in alt only; a caption (a credit) is shown under the image."""
    described = _pictured(image_alt="Un chariot vert")
    page, mail = _web_page(described, brand), render_email_html(described, brand, WEB_URL)
    for html in (page, mail):
        assert 'alt="Un chariot vert"' in html and html.count("Un chariot vert") == 1
    assert "figcaption" not in page and 'class="caption"' not in mail
    assert "[Image : Un chariot vert] [1]" in render_text(described, brand, WEB_URL)

    credited = _pictured(image_alt="Un chariot vert", image_caption="Photo : AFP")
    page, mail = _web_page(credited, brand), render_email_html(credited, brand, WEB_URL)
    assert "<figcaption>Photo\u00a0: AFP</figcaption>" in page
    # Outlook drops a figcaption's styles and margins: the caption is a cell under the image.
    assert re.search(r'</td></tr><tr><td class="caption"[^>]*>Photo&nbsp;: AFP</td>', mail)
    text = render_text(credited, brand, WEB_URL)
    assert "[Image : Un chariot vert (Photo\u00a0: AFP)] [1]" in text


def test_a_decorative_image_has_an_empty_alt_and_no_text_line(brand: Brand) -> None:
    """A decorative image is skipped by screen readers (alt="") and the plain text."""
    doc = _pictured(image_alt="oublié", image_decorative=True, image_caption="Illustration : X")
    for html in (_web_page(doc, brand), render_email_html(doc, brand, WEB_URL)):
        assert re.search(r'<img[^>]*alt=""', html) and "oublié" not in html
    assert "[Image" not in render_text(doc, brand, WEB_URL)


def test_a_quiz_image_reaches_the_email_as_it_reaches_the_web_page(brand: Brand) -> None:
    """The web page shows a quiz's image; the email did not: both show it, with its caption."""
    quiz = Item(
        ItemKind.QUOTE,
        "C'est Claire Fontenay.",
        heading="Qui a dit ça ?",
        quote="« Une phrase. »",
        image_url="/static/q.png",
        image_alt="Un micro",
        image_caption="Photo : X",
    )
    doc = EditionDoc(date=dt.date(2026, 6, 1), headline="Un titre", items=(quiz,))
    mail = render_email_html(doc, brand, WEB_URL)
    assert re.search(r'<img[^>]*width="512"[^>]*alt="Un micro"', mail)
    assert re.search(r'<td class="caption"[^>]*>Photo&nbsp;: X</td>', mail)
    assert 'alt="Un micro"' in _web_page(doc, brand)
