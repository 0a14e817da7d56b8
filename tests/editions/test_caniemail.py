"""Every email checked against caniemail's data for the clients French readers use.

Gmail, Outlook, Apple Mail, Yahoo and the French webmails (Orange, SFR, Free, La Poste):
any element, attribute, CSS property or value, at-rule or selector that one of them does
not support, or only in part, fails the test unless ALLOWED says why the reader still sees
a correct email. Data: Can I email… (caniemail.com), by Rémi Parmentier and contributors,
MIT licence, snapshot in data/caniemail.json (scripts/caniemail_snapshot.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from numeriq.editions.document import EditionDoc
from numeriq.editions.markdown_format import parse_edition
from numeriq.editions.recap import render_recap
from numeriq.editions.render import Brand, render_email_html
from numeriq.testing import caniemail

DATA = caniemail.load(Path(__file__).parent / "data" / "caniemail.json")
WEB_URL = "https://numeriq.example/2026/11/27/edition/"


@dataclass(frozen=True)
class Allowed:
    """A feature some clients lack, and why the reader still sees a correct email.

    `clients`: "*", or families and family/platform pairs ("outlook/windows");
    `only`: when set, every use of the feature must match it (the safe way we use it).
    """

    feature: str
    clients: str
    why: str
    only: str = ""

    def covers(self, finding: caniemail.Finding) -> bool:
        """Whether this entry excuses the finding."""
        names = self.clients.split()
        client = f"{finding.client}/{finding.platform}"
        return (
            finding.feature == self.feature
            and ("*" in names or finding.client in names or client in names)
            and all(re.search(self.only, use) for use in finding.used_by)
        )


# Uses inside <style> blocks: the phone rules and the dark rules (Outlook.com's included).
IN_STYLE = r" in (@media|\[data-ogsc\])"
NO_STYLE_BLOCK = (
    "gmail/android gmail/ios gmail/mobile-webmail sfr/android sfr/ios outlook/windows "
    "outlook/windows-mail"
)
ALLOWED = (
    Allowed(
        "html-style",
        "*",
        "Every rule the layout needs is inlined; <style> (in <head>, before the body, far "
        "under Gmail's 16 KB) holds only the phone and dark rules, which are extras.",
    ),
    Allowed(
        "css-at-media",
        "*",
        "Without the phone rules the sheet stays fluid (width 100%, max-width 600px) with "
        "24px margins and 17px text: a little roomier on a phone, nothing cut.",
    ),
    Allowed(
        "css-at-media-prefers-color-scheme",
        "*",
        "Without dark rules the reader gets the light email, complete (Outlook.com gets "
        "the [data-ogsc] rules instead).",
    ),
    Allowed("css-color-scheme", "*", "A hint to clients that darken: ignored, light email."),
    Allowed("html-meta-color-scheme", "*", "A hint to clients that darken: ignored, light."),
    *(
        Allowed(
            f"css-selector-{kind}",
            NO_STYLE_BLOCK,
            "Clients without <style> never see a selector: every rule is inlined.",
            only=r"^(?!.*,).*" if kind != "grouping" else "",
        )
        for kind in ("class", "type", "descendant", "grouping")
    ),
    Allowed(
        "css-selector-attribute",
        "*",
        "Only [data-ogsc], the attribute Outlook.com sets itself in dark mode, alone before "
        "a class; elsewhere those dark rules are ignored (light email) and Gmail, which "
        "drops their <style> block whole, loses nothing else (the phone rules are apart).",
        only=r"^\[data-ogsc\] \.[\w-]+$",
    ),
    Allowed(
        "css-important",
        "*",
        "Only in <style> (never inline, Outlook), lowercase, after a space (Orange drops "
        "the declaration otherwise), never with a background image (Yahoo).",
        only=r"\S \!important" + IN_STYLE,
    ),
    Allowed(
        "css-border-radius",
        "*",
        "Square corners on the quiz box and the pictures; nothing else changes.",
        only=r"border-radius: \d+px in",
    ),
    Allowed(
        "css-border",
        "outlook",
        "Borders sit on table cells (the rules, the brève's line) or reset images "
        "(border: 0), which Outlook draws; its notes are about <p> and <div>.",
        only=r"in (<td|<img)|" + IN_STYLE,
    ),
    Allowed(
        "css-padding",
        "outlook",
        "Padding on table cells, which Outlook honours; elsewhere only 0 (resets).",
        only=r"in <td|^padding[-\w]*: 0 in|" + IN_STYLE,
    ),
    Allowed(
        "css-margin",
        "*",
        "Margins are zero or positive px, never auto, never on <span>; <body>'s margin 0 "
        "is a reset that Outlook does not need.",
        only=r"margin[-\w]*: (0|\d+px)( (0|\d+px)){0,3}( \!important)? in (?!<span)",
    ),
    Allowed(
        "css-background",
        "*",
        "Plain colours only (no image, no size, one value), which every client keeps; "
        "the bgcolor attribute beside it is Outlook's and Orange's fallback.",
        only=r"background: #[0-9a-f]{3,6}( \!important)? in",
    ),
    Allowed(
        "css-display",
        "*",
        "display: block on images (no gap under them) and none on the hidden preheader; "
        "no flex, grid or two-value syntax.",
        only=r"display: (block|none) in",
    ),
    Allowed(
        "css-display-none",
        "*",
        "Only the preheader, also 1px high, in the page colour and mso-hide:all.",
        only=r"preheader",
    ),
    *(
        Allowed(
            feature,
            "*",
            "Only the preheader's belt and braces: it stays hidden by display: none, "
            "mso-hide: all, 1px text in the page colour.",
            only=r"in <div\.preheader>",
        )
        for feature in ("css-max-height", "css-opacity", "css-overflow")
    ),
    Allowed(
        "css-max-width",
        "outlook",
        "On the sheet table (which Outlook honours, with the 600px ghost table around it), "
        "on pictures (sized by their width attribute) and on the preheader.",
        only=r"in <(table|img|div\.preheader)",
    ),
    Allowed(
        "css-width",
        "*",
        "Fluid widths on <body>, tables and pictures; Outlook takes the width attributes "
        "and La Poste's table { width: inherit } loses to the inline width (tested below).",
        only=r"width: 100% in <(body|table|img)",
    ),
    Allowed(
        "css-height",
        "*",
        "height: auto on pictures only; Yahoo's min-height: auto changes nothing.",
        only=r"height: auto in <img",
    ),
    Allowed("css-font-size", "*", "Sizes in px only (no rem, %, keywords).", only=r"size: \d+px"),
    Allowed(
        "css-font-weight",
        "*",
        "Weights 700 and 800, which every client draws bold.",
        only=r"font-weight: [78]00 in",
    ),
    Allowed(
        "css-letter-spacing",
        "*",
        "1px on the quiz label only: no em, nothing negative.",
        only=r"letter-spacing: 1px in",
    ),
    Allowed(
        "css-line-height",
        "*",
        "Unitless line heights for text (no normal, no em); px only on 1px-high hidden or "
        "rule cells, with mso-line-height-rule: exactly.",
        only=r"line-height: ([\d.]+|100%) in|line-height: 1px in <(div\.preheader|td\.rule)",
    ),
    Allowed(
        "css-text-align",
        "*",
        "left, right and center only.",
        only=r"text-align: (left|right|center)",
    ),
    Allowed(
        "css-text-decoration",
        "*",
        "underline or none: where it is dropped, links keep their colour.",
        only=r"text-decoration: (underline|none) in",
    ),
    Allowed(
        "css-text-transform",
        "*",
        "uppercase on the quiz label (written in capitals-to-be): Outlook lacks lowercase only.",
        only=r"text-transform: uppercase",
    ),
    Allowed("css-outline", "*", "outline: none on images is a reset; nothing to see."),
    Allowed(
        "html-align",
        "*",
        "align on table cells only; the note is about left/right on <table>.",
        only=r"on <td>",
    ),
    Allowed(
        "html-width",
        "*",
        'Pixel widths on pictures (no %), width="100%" on tables and cells.',
        only=r'width="\d+" on <img>|width="100%" on <t[dh]?',
    ),
    Allowed("html-body", "*", "<body> becomes a <div>: the page table carries its bgcolor."),
    Allowed("html-doctype", "*", "The doctype changes nothing in these clients."),
    Allowed(
        "html-lang",
        "*",
        "lang on <html> only, where webmails drop it: screen readers read in the reader's "
        "own language, French for most.",
        only=r'lang="\w+" on <html>',
    ),
    Allowed(
        "html-role",
        "*",
        'role="presentation" is for screen readers: where it is dropped, nothing changes '
        "on screen.",
    ),
)


# The demo editions have no picture in a brève: this one has one everywhere it can.
PICTURES = """---
date: 2026-11-30
---

Un édito.

## Vitrine
![La vitrine](https://numeriq.example/media/vitrine.jpg)
Un article illustré.

***
![Le colis](https://numeriq.example/media/colis.png)
Une brève illustrée.
"""


def _edition_emails(docs: list[EditionDoc], brand: Brand) -> list[tuple[str, str]]:
    docs = [*docs, parse_edition(PICTURES)]
    emails = [(f"edition {d.date}", render_email_html(d, brand, WEB_URL)) for d in docs]
    recap = render_recap(docs, brand, [WEB_URL] * len(docs))
    return [*emails, ("recap", recap.html)]


def _audience_emails() -> list[tuple[str, str]]:
    from numeriq.audience import emails
    from numeriq.audience.models import Subscriber, SubscriberStatus

    pending = Subscriber.objects.create(
        email="lea@exemple.fr", status=SubscriberStatus.PENDING, created_at=timezone.now()
    )
    active = Subscriber.objects.create(
        email="paul@exemple.fr", status=SubscriberStatus.ACTIVE, created_at=timezone.now()
    )
    mail.outbox = []
    emails.send_confirmation.enqueue(pending.pk)
    emails.send_welcome.enqueue(active.pk)
    emails.send_personal_data_link.enqueue(active.pk)
    names = ("confirmation", "welcome", "personal data")
    return [
        (name, message.alternatives[0][0]) for name, message in zip(names, mail.outbox, strict=True)
    ]


@pytest.fixture
def every_email(demo_docs: list[EditionDoc], brand: Brand, db: None) -> list[tuple[str, str]]:
    """Every HTML email numeriq sends: each demo edition, the recap, the audience's three."""
    return _edition_emails(demo_docs, brand) + _audience_emails()


def _unexcused(html: str) -> list[str]:
    return [
        finding.line(DATA)
        for finding in caniemail.findings(html, DATA)
        if not any(allowed.covers(finding) for allowed in ALLOWED)
    ]


def test_every_email_uses_only_what_the_clients_render_or_degrades_gracefully(
    every_email: list[tuple[str, str]],
) -> None:
    """No client of the list gets a feature it lacks, unless ALLOWED says why that is fine."""
    problems = [f"{name}: {line}" for name, html in every_email for line in _unexcused(html)]
    assert not problems, "\n".join(problems)


def test_every_allowance_is_still_needed(every_email: list[tuple[str, str]]) -> None:
    """An allowance no email needs any more goes (it would excuse a future regression)."""
    found = [f for _name, html in every_email for f in caniemail.findings(html, DATA)]
    unused = [a.feature for a in ALLOWED if not any(a.covers(f) for f in found)]
    assert not unused, unused


def test_the_checker_finds_what_a_client_lacks() -> None:
    """Flexbox, a web font, an attribute selector and <style> in the body are each found."""
    html = (
        "<html><head><style>@font-face { font-family: X; } [data-x] p { color: red; }</style>"
        '</head><body><div style="display: flex; padding: 1rem"><style>p{}</style></div>'
        "</body></html>"
    )
    found = {(f.feature, f.client, f.platform) for f in caniemail.findings(html, DATA)}
    assert ("css-display-flex", "outlook", "windows") in found
    assert ("css-at-font-face", "gmail", "desktop-webmail") in found
    assert ("css-selector-attribute", "sfr", "android") in found
    assert ("css-unit-rem", "outlook", "windows") in found
    used = caniemail.uses(html, DATA)
    assert "<style> in <body>" in used["html-style"]
    assert "padding: 1rem in <div>" in used["css-padding"]


def test_an_allowance_holds_only_for_the_safe_use_it_names() -> None:
    """Padding on a table cell is excused for Outlook; the same padding on a <div> is not."""
    (padding,) = (a for a in ALLOWED if a.feature == "css-padding")

    def outlook(html: str) -> list[caniemail.Finding]:
        found = caniemail.findings(html, DATA)
        return [f for f in found if f.feature == "css-padding" and f.platform == "windows"]

    (cell,) = outlook('<table><tr><td style="padding: 12px">x</td></tr></table>')
    (div,) = outlook('<div style="padding: 12px">x</div>')
    assert padding.covers(cell) and not padding.covers(div)


def test_the_snapshot_names_its_source_and_licence() -> None:
    """The vendored data says where it comes from, its version, date and licence."""
    assert DATA["version"] == "2.0.2"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", DATA["date"])
    assert "MIT" in DATA["licence"] and "caniemail.com" in DATA["source"]
    assert set(DATA["clients"]) == {
        "gmail", "outlook", "apple-mail", "yahoo", "orange", "sfr", "free-fr", "laposte",
    }  # fmt: skip


def _tags(html: str) -> list[tuple[str, dict[str, str], str]]:
    """Each start tag outside Outlook's conditional comments: name, attributes, style."""
    visible = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    out = []
    for name, attributes in re.findall(r"<(\w+)(\s[^>]*)?>", visible):
        values = dict(re.findall(r'([\w:-]+)="([^"]*)"', attributes or ""))
        out.append((name, values, values.get("style", "")))
    return out


def test_every_coloured_background_has_its_bgcolor_fallback(
    every_email: list[tuple[str, str]],
) -> None:
    """Orange keeps no hex background-color and Outlook wants the attribute: bgcolor too."""
    for name, html in every_email:
        for tag, attributes, style in _tags(html):
            colour = re.search(r"background(?:-color)?:\s*(#[0-9a-f]{3,6})", style)
            if colour:
                assert attributes.get("bgcolor") == colour.group(1), f"{name}: <{tag}> {style}"


def test_every_max_width_table_has_outlook_s_fixed_width_table_around_it(
    every_email: list[tuple[str, str]],
) -> None:
    """Outlook ignores max-width: a conditional table of that width keeps lines short."""
    for name, html in every_email:
        for _tag, _attributes, style in _tags(html):
            width = re.search(r"max-width:\s*(\d+)px", style)
            if width and width.group(1) != "552":  # pictures: their width attribute
                ghost = rf'<!--\[if mso\]><table role="presentation" width="{width.group(1)}"'
                assert re.search(ghost, html), f"{name}: max-width {width.group(1)}px"


def test_style_blocks_stay_in_the_head_under_gmail_s_16_kb(
    every_email: list[tuple[str, str]],
) -> None:
    """Gmail ignores <style> in the body and cuts one past 16 KB."""
    for name, html in every_email:
        head, _, body = html.partition("</head>")
        assert "<style" not in body, name
        for block in re.findall(r"<style>(.*?)</style>", head, re.S):
            assert len(block.encode()) < 16 * 1024, name


def test_dark_rules_darken_every_painted_background(every_email: list[tuple[str, str]]) -> None:
    """Where dark rules apply, no bgcolor stays light: each painted cell has a dark rule."""
    for name, html in every_email:
        dark = re.search(r"prefers-color-scheme: dark\) \{(.*?)\n\}", html, re.S)
        if not dark:
            continue
        darkened = set()
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", dark.group(1)):
            if "background" in body:
                darkened |= {s.strip() for s in selectors.split(",")}
        for tag, attributes, _style in _tags(html):
            if "bgcolor" in attributes:
                names = {tag} | {f".{c}" for c in attributes.get("class", "").split()}
                assert names & darkened, f"{name}: <{tag} {attributes}> stays light"


def _horizontal_box(style: str) -> int:
    """Left and right padding plus border widths of a cell's inline style, in px."""
    sides = {"left": 0, "right": 0}
    borders = {"left": 0, "right": 0}
    for name, value in re.findall(r"([\w-]+):\s*([^;]+)", style):
        sizes = [int(v) for v in re.findall(r"(\d+)(?:px)?\b", value)]
        if name == "padding" and sizes:
            right = sizes[1] if len(sizes) > 1 else sizes[0]
            left = sizes[3] if len(sizes) > 3 else right
            sides = {"left": left, "right": right}
        elif name in ("padding-left", "padding-right"):
            sides[name.split("-")[1]] = sizes[0]
        elif name in ("border-left", "border-right") and sizes:
            borders[name.split("-")[1]] = sizes[0]
    return sum(sides.values()) + sum(borders.values())


def test_pictures_fit_their_cell_in_outlook(every_email: list[tuple[str, str]]) -> None:
    """Outlook sizes a picture by its width attribute inside the 600px sheet: it must fit."""
    import lxml.html

    for name, html in every_email:
        if 'class="sheet"' not in html:
            continue
        for img in lxml.html.fromstring(html).iter("img"):
            room = 600
            for cell in img.iterancestors("td"):
                if cell.xpath("ancestor::table[contains(@class, 'sheet')]"):
                    room -= _horizontal_box(cell.get("style", ""))
            assert int(img.get("width")) <= room, f"{name}: {img.get('src')} in {room}px"


def test_full_width_tables_say_so_in_css_for_la_poste(every_email: list[tuple[str, str]]) -> None:
    """La Poste's webmail sets table { width: inherit }, which beats the width attribute."""
    for name, html in every_email:
        for tag, attributes, style in _tags(html):
            if tag == "table" and attributes.get("width") == "100%":
                assert re.search(r"(^|;)\s*width:\s*100%", style), f"{name}: <table {style}>"
