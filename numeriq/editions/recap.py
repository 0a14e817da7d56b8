"""The weekly recap: the week's editions in one email, for readers who chose it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from numeriq.editions import render
from numeriq.editions.document import EditionDoc
from numeriq.editions.markup import Footnotes
from numeriq.editions.render import Brand, EmailContent, render_parts
from numeriq.text.french import french_date
from numeriq.text.typography import typographize


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def recap_title(brand: Brand, first: dt.date, last: dt.date) -> str:
    """'Numériq'1 : la semaine du 23 au 27 novembre 2026' (subject and title)."""
    if first.month == last.month:
        span = f"{first.day if first.day > 1 else '1er'} au {french_date(last)}"
    else:
        span = f"{french_date(first)} au {french_date(last)}"
    return typographize(f"{brand.name} : la semaine du {span}")


def render_recap(docs: Sequence[EditionDoc], brand: Brand, urls: Sequence[str]) -> EmailContent:
    """Subject, HTML and text of one email holding every edition given (oldest first)."""
    if not docs:
        raise ValueError("a recap needs at least one edition")
    ordered = sorted(zip(docs, urls, strict=True), key=lambda pair: pair[0].date)
    parts = [(render_parts(doc, brand, absolute=True), url) for doc, url in ordered]
    title = recap_title(brand, ordered[0][0].date, ordered[-1][0].date)
    headlines = " · ".join(part.headline for part, _url in parts if part.headline)
    html = render_to_string(
        "editions/recap_email.html",
        {
            "editions": [(part, url) for part, url in parts],
            "brand": brand,
            "tagline": typographize(brand.tagline),
            "title": title,
            "preheader": headlines[:140],
            "week_text": _("Le récapitulatif de la semaine"),
            "site_url": brand.site_url,
            "unsubscribe_url": render.UNSUBSCRIBE_URL,
        },
    )
    html = render.finish_email_html(html, brand)
    notes = Footnotes()
    out = render.text_header(brand, _("Le récapitulatif de la semaine"), title)
    for (doc, url), (part, _url) in zip(ordered, parts, strict=True):
        heading = part.headline or part.title  # an edition without a headline has its title
        out += [part.weekday_date_text.capitalize(), heading.upper(), url, ""]
        out += render.text_items(doc, notes, brand.site_url)
    read_all = _("Toutes les éditions")
    text = render.text_footer(
        out, notes, typographize(f"{read_all} : {brand.site_url}/archives/"), brand.site_url
    )
    return EmailContent(subject=title, html=html, text=text)
