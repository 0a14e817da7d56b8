"""sitemap.xml: the home page, the archive, every published edition, the publisher's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from numeriq.editions.models import Edition
from numeriq.site.pages import public_editions


class _OnSiteUrl(Sitemap):  # type: ignore[type-arg]
    """Absolute URLs on NUMERIQ_SITE_URL, whatever host the request came to."""

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class EditionSitemap(_OnSiteUrl):
    """One URL per published edition."""

    changefreq = "never"
    priority = 0.8
    limit = 5000

    def items(self) -> Any:
        return public_editions().only("date", "slug", "updated_at")

    def lastmod(self, item: Edition) -> dt.datetime:
        return item.updated_at


class PagesSitemap(_OnSiteUrl):
    """Home and archive."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["site:home", "site:archive"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class LegalSitemap(PagesSitemap):
    """Mentions légales and politique de confidentialité: rarely changed, rarely looked for."""

    changefreq = "yearly"
    priority = 0.2

    def items(self) -> list[str]:
        return ["site:legal_notice", "site:privacy"]


SITEMAPS = {"pages": PagesSitemap, "editions": EditionSitemap, "legal": LegalSitemap}
