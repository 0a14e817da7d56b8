"""RSS and Atom feeds of the latest editions, with their full content."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from numeriq.editions.models import Edition
from numeriq.editions.render import Brand, edition_title, render_parts
from numeriq.site.pages import public_editions
from numeriq.text.typography import typographize

FEED_SIZE = 30


class EditionsRss(Feed):  # type: ignore[type-arg]
    """RSS 2.0 feed of the latest editions."""

    feed_type: Any = Rss201rev2Feed
    language = "fr"

    def title(self) -> str:
        return typographize(f"{settings.BRAND} — {settings.TAGLINE}")

    def link(self) -> str:
        return settings.SITE_URL + "/"

    def description(self) -> str:
        return settings.CTA_TEXT

    def items(self) -> list[Edition]:
        return list(public_editions().prefetch_related("items")[:FEED_SIZE])

    def item_title(self, item: Edition) -> str:
        return edition_title(item.to_doc(), Brand.from_settings())

    def item_description(self, item: Edition) -> str:
        parts = render_parts(item.to_doc(), Brand.from_settings(), absolute=True)
        return render_to_string("site/feed_item.html", {"parts": parts})

    def item_link(self, item: Edition) -> str:
        return item.web_url()

    def item_guid(self, item: Edition) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Edition) -> dt.datetime:
        published = item.published_at or dt.datetime.combine(item.date, dt.time(7))
        return timezone.localtime(published) if timezone.is_aware(published) else published

    def item_updateddate(self, item: Edition) -> dt.datetime:
        return item.updated_at


class EditionsAtom(EditionsRss):
    """Atom 1.0 feed of the latest editions."""

    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return settings.CTA_TEXT
