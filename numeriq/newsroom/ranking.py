"""Ranking stories for the edition: rubric keywords, coverage, freshness, boosts, bans (pure)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from numeriq.newsroom.clustering import Story
from numeriq.newsroom.text import fold
from numeriq.text.french import french_number


@dataclass(frozen=True)
class Rubric:
    """A rubric of the newsletter and the keywords that place a story in it."""

    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Preferences:
    """What the editor asks the ranking for."""

    rubrics: tuple[Rubric, ...]
    boost_keywords: tuple[str, ...] = ()
    ban_keywords: tuple[str, ...] = ()
    boost_sources: tuple[str, ...] = ()
    ban_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """A story with its score, its rubric and the reasons, for the editor."""

    story: Story
    score: float
    rubric: str
    reasons: tuple[str, ...] = field(default_factory=tuple)


def parse_rubrics(text: str) -> tuple[Rubric, ...]:
    """'Nom: mot, mot; Autre: mot' → rubrics (the editor's own, from a setting)."""
    rubrics = []
    for part in text.split(";"):
        name, _, words = part.partition(":")
        keywords = tuple(w.strip() for w in words.split(",") if w.strip())
        if name.strip() and keywords:
            rubrics.append(Rubric(name.strip(), keywords))
    return tuple(rubrics)


def _pattern(keywords: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({fold(k.strip()) for k in keywords if k.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


class Ranker:
    """Scores stories against preferences; the keyword patterns are compiled once."""

    def __init__(self, preferences: Preferences) -> None:
        self.preferences = preferences
        self._rubrics = [(r.name, _pattern(r.keywords)) for r in preferences.rubrics]
        self._boost = _pattern(preferences.boost_keywords)
        self._ban = _pattern(preferences.ban_keywords)
        self._boost_sources = {fold(s) for s in preferences.boost_sources}
        self._ban_sources = {fold(s) for s in preferences.ban_sources}

    def banned_source(self, source: str, url: str = "") -> bool:
        """Whether an item of this source (title or host) must not be used."""
        return bool(self._ban_sources & _source_names(source, url))

    def score(self, story: Story, now: dt.datetime) -> Ranked | None:
        """The story's score, or None when a banned keyword or source keeps it out."""
        items = [i for i in story.items if not self.banned_source(i.source, i.url)]
        if not items:
            return None
        titles = fold(" ".join(i.title for i in items))
        texts = fold(" ".join(i.text[:1500] for i in items))
        if self._ban is not None and (self._ban.search(titles) or self._ban.search(texts)):
            return None
        reasons: list[str] = []
        best_name, best = "", 0.0
        for name, pattern in self._rubrics:
            if pattern is None:
                continue
            in_title = {m.group() for m in pattern.finditer(titles)}
            in_text = {m.group() for m in pattern.finditer(texts)}
            value = min(3.0, 0.8 * len(in_title) + 0.35 * len(in_text - in_title))
            if value > best:
                best_name, best = name, value
        if best:
            # Written as the desk writes the score beside it: « 3,0 », never « 3.0 ».
            reasons.append(f"rubrique {best_name} ({french_number(best, 1)})")
        coverage = len({i.source for i in items})
        coverage_score = 1.4 * math.log2(1 + coverage)
        reasons.append(f"{coverage} source" + ("s" if coverage > 1 else ""))
        published = story.published
        age_hours = max(0.0, (now - published).total_seconds() / 3600) if published else 24.0
        freshness = math.exp(-age_hours / 18)
        score = best + coverage_score + freshness
        if self._boost is not None:
            boosted = {m.group() for m in self._boost.finditer(f"{titles} {texts}")}
            if boosted:
                score += 2.5 * min(2, len(boosted))
                reasons.append("mots-clés favoris : " + ", ".join(sorted(boosted)))
        if any(self._boost_sources & _source_names(i.source, i.url) for i in items):
            score += 1.5
            reasons.append("source favorite")
        if not best:
            score -= 1.5  # outside every rubric: only when nothing else is left
        kept = Story(tuple(items)) if len(items) != len(story.items) else story
        return Ranked(kept, round(score, 3), best_name, tuple(reasons))

    def title_relevance(self, title: str) -> int:
        """How many rubrics (and favourite keywords) a title names: a cheap first look."""
        folded = fold(title)
        hits = sum(
            1 for _, pattern in self._rubrics if pattern is not None and pattern.search(folded)
        )
        if self._boost is not None and self._boost.search(folded):
            hits += 2
        return hits

    def rank(self, stories: Sequence[Story], now: dt.datetime) -> list[Ranked]:
        """Stories not banned, best first."""
        ranked = [r for s in stories if (r := self.score(s, now)) is not None]
        ranked.sort(key=lambda r: -r.score)
        return ranked


@dataclass(frozen=True)
class Candidate:
    """What the preselection reads of an item: no text, so a day of 100,000 stays cheap."""

    id: int
    source: str
    title: str
    url: str
    published: dt.datetime | None


def preselect(candidates: Iterable[Candidate], ranker: Ranker, limit: int) -> list[int]:
    """The ids of at most `limit` items worth clustering, banned sources left out.

    Round robin over the sources, so that one flooding source cannot push the others out;
    within a source, titles that name a rubric first, then the newest. Candidates are read
    once and only a small key is kept of each: stream them (a generator) from the database.
    """
    by_source: dict[str, list[tuple[int, float, int]]] = {}
    for c in candidates:
        if not ranker.banned_source(c.source, c.url):
            key = (-ranker.title_relevance(c.title), -_stamp(c.published), c.id)
            by_source.setdefault(c.source, []).append(key)
    if sum(len(keys) for keys in by_source.values()) <= limit:
        return [key[2] for keys in by_source.values() for key in keys]
    turns: list[tuple[int, int, float, int]] = []
    for keys in by_source.values():
        keys.sort()
        turns += [(turn, *key) for turn, key in enumerate(keys[:limit])]
    turns.sort()
    return [turn[3] for turn in turns[:limit]]


def _stamp(value: dt.datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


def _source_names(source: str, url: str) -> set[str]:
    names = {fold(source)}
    host = (urlsplit(url).hostname or "").lower()
    if host:
        names.add(host)
        names.add(host.removeprefix("www."))
    return names
