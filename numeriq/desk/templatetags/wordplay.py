"""`{% heading_offers item as puns %}`: the three wordplay headings offered for an item of
the composer, from its heading and text (numeriq/newsroom/wordplay.py)."""

from __future__ import annotations

import re

from django import template

from numeriq.editions.document import Item, ItemKind
from numeriq.newsroom.wordplay import offer_headings

register = template.Library()

# The draft's item text: the brief, then « ⚠ À vérifier : … » and « Sources : [..](..) ».
_NOT_THE_STORY = re.compile(r"^(?:⚠|Sources\s*:)", re.MULTILINE)
_MARKUP = re.compile(r"\]\([^)]*\)|[\\*_`#>\[\]]")


def item_text(body: str) -> str:
    """The words of an item's Markdown body the wordplay can match (no flags, links, markup)."""
    paragraphs = [p for p in body.split("\n\n") if not _NOT_THE_STORY.match(p.strip())]
    return " ".join(_MARKUP.sub(" ", "\n".join(paragraphs)).split())


@register.simple_tag
def heading_offers(item: Item) -> list[str]:
    """Three puns for a titled item (none for a brève or the quiz, or an empty item)."""
    if item.kind != ItemKind.TITLED:
        return []
    text = item_text(item.body)
    if not text and not item.heading:
        return []
    return offer_headings(item.heading, text)
