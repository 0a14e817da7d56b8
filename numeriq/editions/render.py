"""An edition rendered for each of its readers: web page parts, HTML email, plain text.

Rendering happens once per edition; per-recipient work (delivery) only fills the
unsubscribe link into the finished strings (UNSUBSCRIBE_URL below).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from numeriq.editions import markup
from numeriq.editions.document import EditionDoc, ItemKind
from numeriq.editions.email_message import PLACEHOLDER_TO, build_message
from numeriq.editions.summary import first_paragraph, shorten
from numeriq.text.french import french_date, french_weekday_date, reading_minutes
from numeriq.text.typography import typographize

# Filled in per recipient by delivery; the .eml export shows it as a placeholder.
UNSUBSCRIBE_URL = "%%UNSUBSCRIBE_URL%%"

# Gmail clips messages whose HTML exceeds 102 KB.
GMAIL_CLIP_BYTES = 102 * 1024


@dataclass(frozen=True)
class Brand:
    """What the templates need to know about the publication."""

    name: str
    tagline: str
    site_url: str
    title_pattern: str
    subject_pattern: str
    color: str
    words_per_minute: int

    @classmethod
    def from_settings(cls) -> Brand:
        """The brand configured by NUMERIQ_* settings."""
        return cls(
            name=typographize(settings.BRAND),  # « Numériq’1 » everywhere, as in the text
            tagline=settings.TAGLINE,
            site_url=settings.SITE_URL,
            title_pattern=settings.TITLE_PATTERN,
            subject_pattern=settings.SUBJECT_PATTERN,
            color=settings.BRAND_COLOR,
            words_per_minute=settings.WORDS_PER_MINUTE,
        )


@dataclass(frozen=True)
class RenderedItem:
    """An item's parts as safe HTML."""

    kind: str
    heading: SafeString
    body: SafeString
    quote: SafeString
    image_url: str
    image_alt: str  # "" for a decorative image
    image_caption: str


@dataclass(frozen=True)
class RenderedEdition:
    """An edition's parts as safe HTML and plain strings, ready for any template."""

    date_text: str
    weekday_date_text: str
    headline: str
    title: str
    subject: str
    preheader: str
    editorial: SafeString
    items: tuple[RenderedItem, ...]
    reading_minutes: int
    words: int

    @property
    def first_image(self) -> str:
        """The first image of the edition, for Open Graph."""
        return next((item.image_url for item in self.items if item.image_url), "")


# The {headline} slot with the punctuation that joins it to the rest of a pattern.
_HEADLINE_SLOT = re.compile(r"^[^\w{]*\{headline\}[^\w{]*|[^\w{}]*\{headline\}")


def fill_pattern(pattern: str, *, headline: str, date_text: str, brand: str) -> str:
    """Fill a title or subject pattern; no '.' doubled after a headline's own ? ! or ….

    Without a headline (a new, empty edition) its slot goes with its punctuation: « C'est le
    journal… du 1er décembre 2026 », never « . C'est le journal… ».
    """
    if not headline.strip():
        pattern = _HEADLINE_SLOT.sub("", pattern, count=1)
        pattern = pattern[:1].upper() + pattern[1:]
    text = pattern.format(headline=headline, date=date_text, brand=brand)
    return typographize(re.sub(r"([?!…\u202f])\.", r"\1", text))


def edition_title(doc: EditionDoc, brand: Brand) -> str:
    """The edition's title: the title pattern filled with its headline and French date."""
    return fill_pattern(
        brand.title_pattern,
        headline=markup.plain_inline(doc.lead_headline),
        date_text=french_date(doc.date),
        brand=brand.name,
    )


def render_parts(doc: EditionDoc, brand: Brand, *, absolute: bool = False) -> RenderedEdition:
    """Render every Markdown part of the edition; absolute=True for emails and feeds."""

    def block(text: str) -> SafeString:
        html = markup.to_html(text)
        return mark_safe(markup.absolutize(html, brand.site_url) if absolute else html)  # noqa: S308

    def image(url: str) -> str:
        return brand.site_url + url if absolute and url.startswith("/") else url

    items = tuple(
        RenderedItem(
            kind=item.kind.value,
            heading=mark_safe(markup.to_inline_html(item.heading)),  # noqa: S308 (sanitized)
            body=block(item.body),
            quote=block(item.quote) if item.kind == ItemKind.QUOTE else mark_safe(""),
            image_url=image(item.image_url) if _safe_url(item.image_url) else "",
            image_alt="" if item.image_decorative else markup.plain_inline(item.image_alt),
            image_caption=markup.plain_inline(item.image_caption),
        )
        for item in doc.items
    )
    headline = markup.plain_inline(doc.lead_headline)
    date_text = french_date(doc.date)
    all_text = " ".join([doc.editorial, *(f"{i.heading} {i.quote} {i.body}" for i in doc.items)])
    words = markup.word_count(all_text)
    subject = (
        typographize(doc.subject)
        if doc.subject
        else fill_pattern(
            brand.subject_pattern, headline=headline, date_text=date_text, brand=brand.name
        )
    )
    return RenderedEdition(
        date_text=date_text,
        weekday_date_text=french_weekday_date(doc.date),
        headline=headline,
        title=edition_title(doc, brand),
        subject=subject,
        preheader=typographize(doc.preheader) or _default_preheader(doc),
        editorial=block(doc.editorial),
        items=items,
        reading_minutes=reading_minutes(words, brand.words_per_minute),
        words=words,
    )


def cta_places(parts: RenderedEdition) -> dict[str, object]:
    """Where the web page shows the call to subscribe (NUMERIQ_CTA_POSITIONS): the
    templates' cta_top, cta_middle_at (the item it goes before; -1 for none) and cta_end."""
    positions = settings.CTA_POSITIONS
    middle = "middle" in positions and len(parts.items) > 1
    return {
        "cta_top": "top" in positions,
        "cta_middle_at": len(parts.items) // 2 if middle else -1,
        # An edition of one item has no middle: its call to subscribe goes at the end.
        "cta_end": "end" in positions or ("middle" in positions and not middle),
    }


def _safe_url(url: str) -> bool:
    return markup.is_safe_image_url(url)


def _default_preheader(doc: EditionDoc) -> str:
    return shorten(first_paragraph(doc.editorial), 140)


_email_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclass(frozen=True)
class EmailContent:
    """An edition ready to mail: subject, HTML and text, with UNSUBSCRIBE_URL to fill in."""

    subject: str
    html: str
    text: str


def render_email(doc: EditionDoc, brand: Brand, web_url: str) -> EmailContent:
    """Subject, HTML and text of the email, from one rendering of the edition's parts."""
    parts = render_parts(doc, brand, absolute=True)
    return EmailContent(
        subject=parts.subject,
        html=_email_html(parts, brand, web_url),
        text=_text(doc, parts, brand, web_url),
    )


def render_email_html(doc: EditionDoc, brand: Brand, web_url: str) -> str:
    """The responsive HTML email: table layout, inlined CSS, dark-mode rules kept in <head>."""
    return _email_html(render_parts(doc, brand, absolute=True), brand, web_url)


def render_text(doc: EditionDoc, brand: Brand, web_url: str) -> str:
    """The plain-text part, readable on its own; links become footnotes."""
    return _text(doc, render_parts(doc, brand, absolute=True), brand, web_url)


def _email_html(parts: RenderedEdition, brand: Brand, web_url: str) -> str:
    html = render_to_string(
        "editions/email.html",
        {
            "edition": parts,
            "brand": brand,
            "tagline": typographize(brand.tagline),
            "web_url": web_url,
            "unsubscribe_url": UNSUBSCRIBE_URL,
        },
    )
    return finish_email_html(html, brand)


def finish_email_html(html: str, brand: Brand) -> str:
    """Inline the CSS; media queries, which cannot be inlined, go back into <head>."""
    inlined = _email_inliner.inline(html)
    return inlined.replace("</head>", _responsive_style(brand) + "</head>", 1)


@lru_cache(maxsize=16)
def _responsive_style(brand: Brand) -> str:
    return render_to_string("editions/email_responsive.css.html", {"brand": brand})


def _text(doc: EditionDoc, parts: RenderedEdition, brand: Brand, web_url: str) -> str:
    notes = markup.Footnotes()
    out = text_header(brand, parts.weekday_date_text.capitalize(), parts.title)
    out += text_items(doc, notes, brand.site_url)
    read_online = _("Lire cette édition en ligne")
    return text_footer(out, notes, typographize(f"{read_online} : {web_url}"), brand.site_url)


def text_header(brand: Brand, dateline: str, title: str) -> list[str]:
    """The first lines of a plain-text email: brand, date line, underlined title."""
    return [
        f"{brand.name.upper()} — {typographize(brand.tagline)}",
        dateline,
        "",
        markup.wrap(title, 72),
        "=" * min(72, len(title)),
        "",
    ]


def text_items(doc: EditionDoc, notes: markup.Footnotes, site: str) -> list[str]:
    """An edition's editorial and items as plain-text lines; links go to `notes`."""
    out: list[str] = []
    if doc.editorial:
        out += [markup.to_text(doc.editorial, notes, site), ""]
    for item in doc.items:
        if item.heading:
            heading = markup.plain_inline(item.heading)
            out += [heading.upper(), "-" * len(heading)]
        # The text reader gets what the image shows, then its caption; nothing for a
        # decorative image, which shows nothing to tell.
        if item.image_url and _safe_url(item.image_url) and not item.image_decorative:
            url = site + item.image_url if item.image_url.startswith("/") else item.image_url
            what = markup.plain_inline(item.image_alt)
            if item.image_caption:
                what += f" ({markup.plain_inline(item.image_caption)})"
            label = _("Image")
            out.append(markup.wrap(f"[{label} : {what}] [{notes.number(url)}]", 72))
        if item.kind == ItemKind.QUOTE:
            out += [markup.to_text(item.quote, notes, site, indent="    "), ""]
        body = markup.to_text(item.body, notes, site)
        out += [f"• {body}" if not item.heading else body, ""]
    return out


def text_footer(
    out: list[str], notes: markup.Footnotes, read_online: str, site_url: str = ""
) -> str:
    """Close a plain-text email: online link, preferences, unsubscribe, the publisher's pages."""
    unsubscribe = _("Se désabonner")
    preferences = _("Vos préférences")
    out += [
        read_online,
        typographize(f"{preferences} :") + f" {UNSUBSCRIBE_URL}preferences/",
        typographize(f"{unsubscribe} :") + f" {UNSUBSCRIBE_URL}",
    ]
    if site_url:
        forwarded = _("On vous l’a transférée ? Abonnez-vous gratuitement :")
        out.append(typographize(forwarded) + f" {site_url}/abonnement/")
        out += [
            typographize(_("Mentions légales") + " :") + f" {site_url}/mentions-legales/",
            typographize(_("Politique de confidentialité") + " :")
            + f" {site_url}/confidentialite/",
        ]
    if notes.urls:
        links = _("Liens")
        out += ["", links, "-" * len(links), notes.render()]
    return "\n".join(out).strip() + "\n"


def render_eml(
    doc: EditionDoc,
    brand: Brand,
    *,
    web_url: str,
    from_email: str,
    date: dt.datetime,
    to: str = PLACEHOLDER_TO,
    unsubscribe_url: str = "",
    message_id: str | None = None,
    content: EmailContent | None = None,
) -> bytes:
    """The whole message as bytes (.eml); placeholders where the recipient is unknown."""
    content = content or render_email(doc, brand, web_url)
    unsubscribe_url = unsubscribe_url or f"{brand.site_url}/desabonnement/EXEMPLE/"
    return build_message(
        subject=content.subject,
        from_email=from_email,
        to=to,
        html=content.html.replace(UNSUBSCRIBE_URL, unsubscribe_url),
        text=content.text.replace(UNSUBSCRIBE_URL, unsubscribe_url),
        unsubscribe_url=unsubscribe_url,
        date=date,
        message_id=message_id,
    )
