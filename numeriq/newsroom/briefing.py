"""`numeriq brief`: JSON Lines in, one drafted brief per line out, in order, streamed.

Each input line is an object {"id", "text", "title"?, "url"?}; each output line is
{"id", "brief", "title", "heading", "headings": [three puns], "quotes": [{"text", "speaker",
"role"}], "flags": [...]}: "title" is the informative title (at most 12 words, titles.py),
"headings" three puns in the house style (wordplay.py) and "heading" the short heading: the
LLM writer's own, else the first pun (never the title's first words cut anywhere).
A line that is not such an object gets {"id": null or its id, "error": "..."} so the
output keeps one line per input line.

With jobs > 1 the lines are briefed by that many forked processes, a batch at a time (memory
stays bounded whatever the input's length; the output keeps the input's order and is the
same as with one process: the offline writer is deterministic).
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
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
    informative = brief.title or informative_title(brief.text, [text])
    headings = three_headings(brief.headings, title, brief.text, [text])
    return {
        "id": article.get("id"),
        "brief": brief.text,
        "title": informative,
        "heading": brief.heading or (headings[0] if headings else informative),
        "headings": headings,
        "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in quotes],
        "flags": flags,
    }


def brief_line(number: int, line: str, writer: Writer) -> str:
    """The output line for input line `number` (1-based)."""
    try:
        article = json.loads(line)
    except ValueError as error:
        result: dict[str, Any] = {"id": None, "error": f"line {number}: invalid JSON: {error}"}
    else:
        if isinstance(article, dict):
            result = brief_article(article, writer)
        else:
            result = {"id": None, "error": f"line {number}: not a JSON object"}
    return json.dumps(result, ensure_ascii=False)


BATCH_PER_JOB = 64  # lines handed to each process per round
_forked_writer: Writer | None = None  # the writer of the forked processes (inherited)


def _brief_numbered(numbered: tuple[int, str]) -> str:
    assert _forked_writer is not None
    return brief_line(numbered[0], numbered[1], _forked_writer)


def brief_lines(lines: Iterable[str], writer: Writer, jobs: int = 1) -> Iterator[str]:
    """One JSON line out per non-empty line in, lazily (thousands, constant memory)."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    if jobs <= 1:
        for number, line in numbered:
            yield brief_line(number, line, writer)
        return
    global _forked_writer
    _forked_writer = writer
    # Warm the writer's models and lexicon once here, so the forked processes share them.
    brief_article({"text": "Un article. Il sert à charger les modèles."}, writer)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        # Two batches in flight: the next is queued before the last one's lines are yielded,
        # so no process waits for the slowest of a batch (memory: two batches at most).
        waiting: Iterator[str] = iter(())
        while batch := list(islice(numbered, BATCH_PER_JOB * jobs)):
            queued = pool.imap(_brief_numbered, batch, chunksize=8)
            yield from waiting
            waiting = queued
        yield from waiting
