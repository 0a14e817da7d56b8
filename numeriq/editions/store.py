"""Saving and loading editions: Markdown in, Markdown out, one transaction each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from numeriq.editions import header_text
from numeriq.editions.document import EditionDoc
from numeriq.editions.errors import EditionExistsError, EditionNotFoundError
from numeriq.editions.markdown_format import format_edition, parse_edition
from numeriq.editions.models import Edition, EditionItem
from numeriq.editions.summary import search_text


def slug_for(doc: EditionDoc) -> str:
    """The URL slug of an edition: its lead headline, ASCII, at most 80 characters."""
    slug = slugify(doc.lead_headline)[:80].strip("-")
    return slug or "edition"


@transaction.atomic
def save_doc(doc: EditionDoc, *, replace: bool = False) -> Edition:
    """Create the edition of doc.date, or replace its content when `replace` is set."""
    header_text.validate(doc)  # every path saves through here: no control character in headers
    edition = Edition.objects.select_for_update().filter(date=doc.date).first()
    if edition is not None and not replace:
        raise EditionExistsError(doc.date)
    if edition is None:
        edition = Edition(date=doc.date)
    else:
        edition.version += 1
        edition.items.all().delete()
    edition.slug = slug_for(doc)
    edition.headline = doc.headline
    edition.subject = doc.subject
    edition.preheader = doc.preheader
    edition.editorial = doc.editorial
    edition.search_text = search_text(doc)
    edition.save()
    EditionItem.objects.bulk_create(
        EditionItem(
            edition=edition,
            position=position,
            kind=item.kind.value,
            heading=item.heading,
            body=item.body,
            image_url=item.image_url,
            image_alt=item.image_alt,
            image_caption=item.image_caption,
            image_decorative=item.image_decorative,
            quote=item.quote,
        )
        for position, item in enumerate(doc.items)
    )
    return edition


def refresh_search_text(edition: Edition) -> None:
    """Recompute the search words of an edition changed outside save_doc (the back office)."""
    fresh = Edition.objects.prefetch_related("items").get(pk=edition.pk)
    Edition.objects.filter(pk=edition.pk).update(search_text=search_text(fresh.to_doc()))


def import_markdown(text: str, *, replace: bool = False) -> Edition:
    """Parse a Markdown source and save it; a bad file raises and changes nothing."""
    return save_doc(parse_edition(text), replace=replace)


def get_edition(day: dt.date) -> Edition:
    """The edition of that day, items prefetched."""
    edition = Edition.objects.prefetch_related("items").filter(date=day).first()
    if edition is None:
        raise EditionNotFoundError(day)
    return edition


def export_markdown(day: dt.date) -> str:
    """The Markdown source of the edition of that day."""
    return format_edition(get_edition(day).to_doc())
