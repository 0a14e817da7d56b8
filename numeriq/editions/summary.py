"""An edition in a few words, for lists and search: excerpt, plain text, search words (pure)."""

from __future__ import annotations

import re

from numeriq.editions import markup
from numeriq.editions.document import EditionDoc
from numeriq.newsroom.text import split_sentences, tokens
from numeriq.text.typography import typographize

EXCERPT_CHARS = 180


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut between two words (never at a no-break space), with …."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:–—-\u00a0\u202f") + "…"


def first_paragraph(markdown: str) -> str:
    """The first paragraph of a Markdown text as one line of plain, typographized text."""
    return markup.plain_inline(markdown.strip().split("\n\n", 1)[0].replace("\n", " "))


def excerpt(doc: EditionDoc, limit: int = EXCERPT_CHARS) -> str:
    """The editorial's first sentence, else the items' headings, cut on a word."""
    editorial = first_paragraph(doc.editorial)
    if editorial:
        # The splitter joins words with plain spaces: typography again puts the no-break ones.
        return shorten(typographize(split_sentences(editorial)[0]), limit)
    headings = [markup.plain_inline(item.heading) for item in doc.items if item.heading]
    return shorten(" · ".join(headings), limit)


def plain_text(doc: EditionDoc) -> str:
    """Everything a reader reads in an edition, as plain text, one part a line."""
    parts = [markup.plain_inline(doc.headline), markup.to_text(doc.editorial, None, "")]
    for item in doc.items:
        parts.append(markup.plain_inline(item.heading))
        parts.append(markup.to_text(item.quote, None, ""))
        parts.append(markup.to_text(item.body, None, ""))
        parts.append(markup.plain_inline(item.image_alt))
        parts.append(markup.plain_inline(item.image_caption))
    # Wrapped lines joined again; no-break spaces stay (they are not [ \n]).
    return "\n".join(re.sub(r"[ \n]+", " ", part).strip() for part in parts if part.strip())


def search_text(doc: EditionDoc) -> str:
    """The edition's words folded (lower case, no accents), each after a space: « économie »
    is stored as « economie », and the query word w matches the words that start with it by
    looking for ' w' (a LIKE that works the same on SQLite and PostgreSQL)."""
    return " " + " ".join(tokens(plain_text(doc))) + " "
