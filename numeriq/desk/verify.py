"""Every check of a saved edition, run once for the composer and for the send confirmation."""

from __future__ import annotations

from django.conf import settings

from numeriq.desk import checks as desk_checks
from numeriq.desk import linkcheck
from numeriq.editions.models import Edition
from numeriq.editions.render import GMAIL_CLIP_BYTES, Brand, render_email, render_parts


def edition_checks(edition: Edition, *, force_links: bool = False) -> list[desk_checks.Check]:
    """The checks of the edition as saved, most serious first (links checked in the background)."""
    doc, brand = edition.to_doc(), Brand.from_settings()
    email = render_email(doc, brand, edition.web_url())
    parts = render_parts(doc, brand, absolute=True)
    body_html = str(parts.editorial) + "".join(
        f"{item.heading}{item.quote}{item.body}" for item in parts.items
    )
    images = [item.image_url for item in parts.items if item.image_url.startswith("http")]
    urls = list(dict.fromkeys([*desk_checks.links_in(body_html), *images]))
    rows = linkcheck.request(urls, force=force_links)
    text = " ".join([doc.editorial, *(f"{i.heading} {i.quote} {i.body}" for i in doc.items)])
    results = [
        desk_checks.content(doc),
        desk_checks.quiz(doc),
        desk_checks.reading_time(parts.words, int(settings.WORDS_PER_MINUTE)),
        desk_checks.subject_length(email.subject, int(settings.SUBJECT_MAX_CHARS)),
        desk_checks.email_size(email.html, GMAIL_CLIP_BYTES),
        desk_checks.links([(r.url, r.state, r.detail) for r in rows]),
        desk_checks.images_alt(doc, body_html),
        desk_checks.fact_flags(doc),
        desk_checks.spam_lint(email.subject, text, urls),
    ]
    results.sort(key=lambda c: desk_checks.LEVEL_ORDER[c.level])
    return results


def findings(results: list[desk_checks.Check]) -> list[desk_checks.Check]:
    """The checks that found something (errors and warnings), for the send confirmation."""
    return [c for c in results if c.level in (desk_checks.ERROR, desk_checks.WARNING)]
