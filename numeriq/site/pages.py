"""Rendering of the public pages of an edition, shared by the views and the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.render import Brand, cta_places, render_parts
from numeriq.editions.summary import excerpt
from numeriq.text.typography import typographize

PUBLIC_STATES = (EditionStatus.PUBLISHED, EditionStatus.SENT)


def public_editions() -> QuerySet[Edition]:
    """Editions readers may see, newest first (without their search words: only searched)."""
    return Edition.objects.filter(status__in=PUBLIC_STATES).order_by("-date").defer("search_text")


@dataclass(frozen=True)
class Entry:
    """An edition in a list (home, archive, search): its link, headline and excerpt."""

    edition: Edition
    headline: str
    excerpt: str


def entries(editions: Iterable[Edition]) -> list[Entry]:
    """The list entries of editions (their items prefetched: the excerpt may need them)."""
    return [
        Entry(edition, typographize(edition.lead_headline), excerpt(edition.to_doc()))
        for edition in editions
    ]


def edition_context(edition: Edition) -> dict[str, Any]:
    """What the edition templates need: rendered parts, URLs, where the CTA goes."""
    parts = render_parts(edition.to_doc(), Brand.from_settings())
    return {
        "edition": edition,
        "parts": parts,
        "canonical_url": edition.web_url(),
        "og_image": _absolute(parts.first_image),
        **cta_places(parts),
    }


def _absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url


def render_edition_page(edition: Edition, request: HttpRequest | None = None) -> str:
    """The full web page of one edition (its permalink)."""
    context = edition_context(edition)
    context["previous"] = public_editions().filter(date__lt=edition.date).first()
    context["next"] = public_editions().filter(date__gt=edition.date).last()
    return render_to_string("site/edition.html", context, request=request)
