"""Stories out of items: items about the same event, from one or several sources (pure).

Two items are about the same event when their titles and leads share enough meaningful
words, helped by shared proper names and numbers (« Cabasso », « 7 % »), and they were
published within two days of each other. Candidate pairs come from an inverted index of
rare words, so a day of a thousand items compares a few thousand pairs, not half a million.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from numeriq.newsroom.text import content_words, names, numbers

LEAD_WORDS = 60
MAX_GAP = dt.timedelta(hours=48)
THRESHOLD = 0.3


@dataclass(frozen=True)
class StoryItem:
    """An item as the newsroom sees it."""

    id: int
    source: str
    title: str
    text: str
    url: str = ""
    published: dt.datetime | None = None
    image_url: str = ""


@dataclass(frozen=True)
class Story:
    """Items about one event; coverage is the number of distinct sources."""

    items: tuple[StoryItem, ...]

    @property
    def coverage(self) -> int:
        """How many sources reported it."""
        return len({item.source for item in self.items})

    @property
    def lead(self) -> StoryItem:
        """The item to write from: the most complete text, earliest on a tie."""
        return max(
            self.items,
            key=lambda item: (min(len(item.text), 4000), -(_timestamp(item.published))),
        )

    @property
    def published(self) -> dt.datetime | None:
        """The latest publication time among its items."""
        times = [item.published for item in self.items if item.published is not None]
        return max(times) if times else None


def _timestamp(value: dt.datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


@dataclass(frozen=True)
class _Features:
    title: frozenset[str]
    lead: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]


def features(item: StoryItem) -> _Features:
    """The words, names and numbers that identify an item's event."""
    lead = " ".join(item.text.split()[:LEAD_WORDS])
    return _Features(
        title=frozenset(content_words(item.title)),
        lead=frozenset(content_words(f"{item.title} {lead}")),
        names=frozenset(names(f"{item.title}. {lead}")),
        numbers=frozenset(n for n in numbers(f"{item.title} {lead}") if len(n) > 1),
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: _Features, b: _Features) -> float:
    """0 (unrelated) to about 1 (same event, same words)."""
    score = 0.45 * _jaccard(a.title, b.title) + 0.55 * _jaccard(a.lead, b.lead)
    shared_names = len(a.names & b.names)
    if shared_names:
        score += min(0.2, 0.08 * shared_names)
    elif a.names and b.names:
        return 0.0  # the same words about other companies and people: another event
    if a.numbers & b.numbers:
        score += min(0.12, 0.06 * len(a.numbers & b.numbers))
    return score


def cluster(items: Sequence[StoryItem], threshold: float = THRESHOLD) -> list[Story]:
    """Group items into stories (largest coverage first, then newest)."""
    feats = [features(item) for item in items]
    document_frequency: Counter[str] = Counter()
    for feat in feats:
        document_frequency.update(feat.lead | feat.names | feat.numbers)
    # Words in more than a fifth of the items say nothing about which event it is.
    common = max(3, len(items) // 5)
    index: dict[str, list[int]] = defaultdict(list)
    for n, feat in enumerate(feats):
        for word in feat.lead | feat.names | feat.numbers:
            if document_frequency[word] <= common:
                index[word].append(n)
    parent = list(range(len(items)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for n, feat in enumerate(feats):
        shared: Counter[int] = Counter()
        for word in feat.lead | feat.names | feat.numbers:
            for m in index.get(word, ()):
                if m > n:
                    shared[m] += 1
        for m, count in shared.items():
            if count < 3 or root(n) == root(m):
                continue
            if not _close_in_time(items[n], items[m]):
                continue
            if similarity(feat, feats[m]) >= threshold:
                parent[root(m)] = root(n)
    groups: dict[int, list[StoryItem]] = defaultdict(list)
    for n, item in enumerate(items):
        groups[root(n)].append(item)
    stories = [Story(tuple(group)) for group in groups.values()]
    stories.sort(key=lambda s: (-s.coverage, -_timestamp(s.published)))
    return stories


def _close_in_time(a: StoryItem, b: StoryItem) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) <= MAX_GAP
