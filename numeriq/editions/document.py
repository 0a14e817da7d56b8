"""An edition as plain values: what the Markdown format, the database and the renderers share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypedDict

# The days an edition may have. Far beyond, the chain's arithmetic (the newsroom's window, a
# day before or after, time zones) leaves what a date can hold: 9999-12-31 + 1 day overflows.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def plausible_day(day: dt.date) -> bool:
    """Whether a day may carry an edition (FIRST_DAY to LAST_DAY): URLs outside answer 404."""
    return FIRST_DAY <= day <= LAST_DAY


def plausible_year(year: int) -> bool:
    """Whether a year (of an archive URL, say) is one an edition may have."""
    return FIRST_DAY.year <= year <= LAST_DAY.year


class ItemKind(StrEnum):
    """The three kinds of item an edition holds."""

    TITLED = "titled"
    BREVE = "breve"
    QUOTE = "quote"


class ImageFields(TypedDict, total=False):
    """An item's image fields, to pass as Item(**fields)."""

    image_url: str
    image_alt: str
    image_caption: str
    image_decorative: bool


@dataclass(frozen=True)
class Item:
    """One item: a titled item, a brève, or a "Qui a dit ça ?" quote quiz.

    `body` is Markdown; for a quote quiz it is the reveal and `quote` the quoted text.
    An image has an alt text (what it shows, for screen readers and images off) unless it is
    marked decorative (alt=""), and an optional caption shown under it (a credit, a legend).
    """

    kind: ItemKind
    body: str
    heading: str = ""
    image_url: str = ""
    image_alt: str = ""
    quote: str = ""
    image_caption: str = ""
    image_decorative: bool = False


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
