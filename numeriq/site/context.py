"""Template context shared by every public page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def brand(request: HttpRequest) -> dict[str, object]:
    """Brand name, tagline, site URL and call-to-subscribe settings."""
    return {
        "brand_name": settings.BRAND,
        "brand_tagline": settings.TAGLINE,
        "site_url": settings.SITE_URL,
        "cta_text": settings.CTA_TEXT,
        "cta_button": settings.CTA_BUTTON,
        "cta_positions": settings.CTA_POSITIONS,
    }
