"""`numeriq brief`: JSON Lines in, one drafted brief per line out, in order, streamed.

Each input line is an object {"id", "text", "title"?, "url"?}; each output line is
{"id", "brief", "title", "heading", "headings": [three puns], "quotes": [{"text", "speaker",
"role"}], "flags": [...]}: "title" is the informative title (at most 12 words, titles.py),
"heading" the short heading, "headings" three puns in the house style (wordplay.py).
A line that is not such an object gets {"id": null or its id, "error": "..."} so the
output keeps one line per input line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from numeriq.newsroom import factguard
from numeriq.newsroom.quotes import find_quotes
from numeriq.newsroom.titles import informative_title
from numeriq.newsroom.wordplay import three_headings
from numeriq.newsroom.writer import MAX_WORDS, Brief, write_brief

Writer = Callable[[str, list[str]], Brief]


def offline_writer(max_words: int = MAX_WORDS) -> Writer:
    """The offline writer as a function of (title, texts)."""

    def write(title: str, texts: list[str]) -> Brief:
        return write_brief(title, texts, max_words=max_words)

    return write


def brief_article(article: dict[str, Any], writer: Writer) -> dict[str, Any]:
    """The output object for one input object."""
    text = article.get("text")
    if not isinstance(text, str):
        return {"id": article.get("id"), "error": "no 'text' string in this object"}
    title = article.get("title") or ""
    if not isinstance(title, str):
        title = str(title)
    url = article.get("url") or ""
    brief = writer(title, [text])
    quotes = find_quotes(text, url=str(url))
    flags = list(brief.flags) + factguard.check(brief.text, [title, text])
    return {
        "id": article.get("id"),
        "brief": brief.text,
        "title": brief.title or informative_title(brief.text, [text]),
        "heading": brief.heading,
        "headings": three_headings(brief.headings, title, brief.text, [text]),
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in quotes],
        "flags": flags,
    }


def brief_lines(lines: Iterable[str], writer: Writer) -> Iterator[str]:
    """One JSON line out per non-empty line in, lazily (thousands, constant memory)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            article = json.loads(line)
        except ValueError as error:
            result: dict[str, Any] = {"id": None, "error": f"line {number}: invalid JSON: {error}"}
        else:
            if isinstance(article, dict):
                result = brief_article(article, writer)
            else:
                result = {"id": None, "error": f"line {number}: not a JSON object"}
        yield json.dumps(result, ensure_ascii=False)
