"""The offline writer: a French brief of one or two complete sentences, at most 45 words,
taken from the sources (extractive), with an informative title and a suggested heading
(pure, no network, fast).

Which sentence(s) to take, and whether in their tidied form or shortened by deletions only
(numeriq/newsroom/compress.py: datelines, weekdays, attributions, asides, sources, a hook
before a colon), is decided by a linear model learned on the OrangeSum train split
(numeriq/newsroom/learned.py, weights in data/writer_model.json, `make train-writer`): it
scores every one- or two-sentence candidate of the articles' first sentences on features of
position, length, facts, openers, quotes, centrality and expected coverage of the abstract
(its words' learned chances to be in one). When no sentence fits the limit,
the lead is cut at a clause boundary and flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from numeriq.newsroom.learned import best_candidate, standalone
from numeriq.newsroom.text import split_sentences, word_count
from numeriq.newsroom.titles import informative_title

MAX_WORDS = 45
MIN_WORDS = 6


@dataclass(frozen=True)
class Brief:
    """A drafted brief: text, flags for the editor, titles and headings."""

    text: str
    heading: str = ""  # the writer's own short heading (the LLM's); offline: none, see headings
    flags: tuple[str, ...] = field(default_factory=tuple)
    writer: str = "offline"
    headings: tuple[str, ...] = ()  # wordplay the writer offers (the LLM); else the lexicon's
    title: str = ""  # the informative title (titles.informative_title), at most 12 words


_standalone = standalone  # a complete sentence that can open a brief


def write_brief(title: str, articles: Sequence[str], *, max_words: int = MAX_WORDS) -> Brief:
    """One or two complete sentences from the articles, chosen by the learned model."""
    best = best_candidate(articles, max_words)
    if best is None:
        text, flag = _fallback(title, articles, max_words)
        flags: tuple[str, ...] = (flag,)
    else:
        text, flags = best.text, ()
    return Brief(
        text=text,
        flags=flags,
        title=informative_title(text, articles) if text else "",
    )


def _fallback(title: str, articles: Sequence[str], max_words: int) -> tuple[str, str]:
    """No sentence fits: the lead cut at a clause boundary, else the title; and why."""
    for text in articles:
        for sentence in split_sentences(text):
            if word_count(sentence) < MIN_WORDS:
                continue
            cut = " ".join(sentence.split()[:max_words])
            head = cut
            for mark in (" ; ", ", ", " – ", " — "):
                if mark in cut and word_count(cut.rsplit(mark, 1)[0]) >= MIN_WORDS:
                    head = cut.rsplit(mark, 1)[0]
                    break
            ending = "." if head != cut or cut == sentence else "…"
            brief = head.rstrip(" ,;:.") + ending
            inner = split_sentences(brief)
            if len(inner) > 2:  # a stray quote mark had held several sentences together
                brief = " ".join(inner[:2])
            return (
                brief,
                f"brouillon raccourci : aucune phrase complète de {max_words} mots au plus",
            )
    title = " ".join(title.split())
    if title:
        text = title if title.endswith((".", "!", "…")) else title + "."
        return text, "titre seul : l'article n'a pas de phrase à résumer"
    return "", "rien à résumer : article sans texte"


def first_sentence(text: str) -> str:
    """The baseline the writer must beat: the article's first sentence."""
    sentences = split_sentences(text)
    return sentences[0] if sentences else ""
