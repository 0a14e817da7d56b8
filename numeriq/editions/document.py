"""An edition as plain values: what the Markdown format, the database and the renderers share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ItemKind(StrEnum):
    """The three kinds of item an edition holds."""

    TITLED = "titled"
    BREVE = "breve"
    QUOTE = "quote"


@dataclass(frozen=True)
class Item:
    """One item: a titled item, a brève, or a "Qui a dit ça ?" quote quiz.

    `body` is Markdown; for a quote quiz it is the reveal and `quote` the quoted text.
    """

    kind: ItemKind
    body: str
    heading: str = ""
    image_url: str = ""
    image_alt: str = ""
    quote: str = ""


@dataclass(frozen=True)
class EditionDoc:
    """A whole edition: front matter values, editorial (Markdown) and items in order."""

    date: dt.date
    editorial: str = ""
    items: tuple[Item, ...] = field(default_factory=tuple)
    headline: str = ""
    subject: str = ""
    preheader: str = ""

    @property
    def lead_headline(self) -> str:
        """The headline, else the first titled item's heading."""
        if self.headline:
            return self.headline
        for item in self.items:
            if item.kind == ItemKind.TITLED and item.heading:
                return item.heading
        return ""
