"""The archive's search: published editions holding every word of the query, accents aside.

Each edition keeps its words folded in one column (editions.summary.search_text); a query
word w matches the words that start with it: LIKE '% w%' on that column on SQLite, the
'w':* full-text prefix query on PostgreSQL, answered by a GIN index of the same words. No
edition is read in Python but the shown ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from numeriq.editions.models import Edition
from numeriq.editions.summary import plain_text, shorten
from numeriq.newsroom.text import fold, tokens
from numeriq.site.pages import Entry, entries, public_editions
from numeriq.text.typography import typographize

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
SNIPPET_CHARS = 220
RESULTS_PER_PAGE = 20
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    """A reader's query: as typed (one line), its folded words, or why it cannot run."""

    text: str
    terms: tuple[str, ...]
    error: str = ""


def parse_query(raw: str) -> Query:
    """The folded words of two letters or more (« l'économie » gives economie), at most 8."""
    text = " ".join(raw.split())
    if len(text) > MAX_QUERY_CHARS:
        message = _("Votre recherche est trop longue : %(limit)d caractères au plus.")
        return Query(text[:MAX_QUERY_CHARS], (), typographize(message % {"limit": MAX_QUERY_CHARS}))
    terms = tuple(dict.fromkeys(term for term in tokens(text) if len(term) > 1))[:MAX_TERMS]
    if text and not terms:
        return Query(text, (), _("Tapez au moins un mot de deux lettres."))
    return Query(text, terms)


def matching(terms: tuple[str, ...]) -> QuerySet[Edition]:
    """Published editions, newest first, having a word that starts with each term."""
    editions = public_editions()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # The same words through the GIN index of migration editions/0002: 'term':* is a
        # prefix match; terms are \w+ only, quoted, so nothing of the query's syntax comes in.
        words = SearchQuery(
            " & ".join(f"'{term}':*" for term in terms), search_type="raw", config="simple"
        )
        return editions.alias(words=SearchVector("search_text", config="simple")).filter(
            words=words
        )
    for term in terms:
        editions = editions.filter(search_text__contains=f" {term}")
    return editions


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    return fold(word).startswith(terms)


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """The text escaped, each word that a term matches in <mark>."""
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if _matches(match.group(), terms):
            out += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def snippet(text: str, terms: tuple[str, ...], limit: int = SNIPPET_CHARS) -> str:
    """About `limit` characters of the text around its first matching word, cut on words."""
    text = " · ".join(text.split("\n"))  # a heading or a caption does not run into the next part
    first = next((m.start() for m in _WORD.finditer(text) if _matches(m.group(), terms)), 0)
    start = max(0, first - limit // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 else 0
    return ("…" if start else "") + shorten(text[start:], limit)


@dataclass(frozen=True)
class Hit:
    """One result: the edition's entry, its headline and a snippet with the words marked."""

    entry: Entry
    headline: SafeString
    snippet: SafeString


def result_page(terms: tuple[str, ...], number: str | None) -> tuple[Page, list[Hit]]:
    """One page of results: the matching ids, newest first, then only the page's editions.

    The ids alone are read (a few thousand integers for ten years of a common word): one
    pass over the words instead of a COUNT and a LIMIT, which PostgreSQL would answer by
    walking the date index and testing each edition for a rare word.
    """
    page = Paginator(list(matching(terms).values_list("id", flat=True)), RESULTS_PER_PAGE)
    shown = page.get_page(number)
    editions = public_editions().filter(id__in=shown.object_list).prefetch_related("items")
    return shown, hits(editions, terms)


def hits(editions: Iterable[Edition], terms: tuple[str, ...]) -> list[Hit]:
    """The results shown (one page of them, items prefetched), words marked."""
    return [
        Hit(
            entry,
            highlight(entry.headline, terms),
            highlight(snippet(plain_text(entry.edition.to_doc()), terms), terms),
        )
        for entry in entries(editions)
    ]
