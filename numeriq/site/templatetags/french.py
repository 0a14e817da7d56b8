"""Template filters for French typography on texts stored as typed (titles in lists)."""

from __future__ import annotations

from django import template

from numeriq.text.typography import typographize

register = template.Library()


@register.filter
def typo(text: object) -> str:
    """French typography (curly apostrophes, no-break spaces) on a plain text."""
    return typographize(str(text or ""))
