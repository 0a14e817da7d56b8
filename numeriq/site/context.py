"""Template context shared by every public page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from numeriq.text.typography import typographize


def brand(request: HttpRequest) -> dict[str, object]:
    """Brand name, tagline, site URL and call-to-subscribe settings."""
    return {
        "brand_name": typographize(settings.BRAND),
        "brand_tagline": typographize(settings.TAGLINE),
        "site_url": settings.SITE_URL,
        "cta_text": typographize(settings.CTA_TEXT),
        "cta_button": typographize(settings.CTA_BUTTON),
        "cta_positions": settings.CTA_POSITIONS,
        "consent_text": typographize(settings.CONSENT_TEXT),
    }
