"""Preselection: a day of any volume is cut to a bounded, fair set of items before clustering."""

from __future__ import annotations

import datetime as dt

import pytest

from numeriq.newsroom.ranking import Candidate, Preferences, Ranker, Rubric, preselect

NOON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
RANKER = Ranker(
    Preferences(rubrics=(Rubric("e-commerce", ("e-commerce", "panier")),), ban_sources=("Spam",))
)


def items(source: str, count: int, first_id: int, title: str = "Un fait divers") -> list[Candidate]:
    """`count` candidates of one source, one a minute back from noon."""
    return [
        Candidate(first_id + n, source, f"{title} {n}", f"https://x.fr/{first_id + n}",
                  NOON - dt.timedelta(minutes=n))
        for n in range(count)
    ]  # fmt: skip


def test_under_the_limit_everything_but_banned_sources_is_kept() -> None:
    day = items("A", 5, 0) + items("Spam", 5, 100)
    assert sorted(preselect(iter(day), RANKER, 50)) == [0, 1, 2, 3, 4]


def test_a_flooding_source_does_not_push_the_others_out() -> None:
    day = items("Flood", 10_000, 0) + items("A", 5, 20_000) + items("B", 5, 30_000)
    chosen = preselect(iter(day), RANKER, 50)
    assert len(chosen) == 50
    assert set(range(20_000, 20_005)) | set(range(30_000, 30_005)) <= set(chosen)
    assert sorted(n for n in chosen if n < 10_000) == list(range(40))  # the newest 40


def test_titles_naming_a_rubric_come_first_within_a_source() -> None:
    late = Candidate(
        999, "A", "Le panier moyen recule", "https://x.fr/p", NOON - dt.timedelta(days=1)
    )
    day = [*items("A", 100, 0), late]
    chosen = preselect(iter(day), RANKER, 10)
    assert 999 in chosen and len(chosen) == 10


@pytest.mark.parametrize("limit", [0, 1, 7])
def test_never_more_than_the_limit(limit: int) -> None:
    day = items("A", 20, 0) + items("B", 20, 100)
    assert len(preselect(iter(day), RANKER, limit)) == limit
