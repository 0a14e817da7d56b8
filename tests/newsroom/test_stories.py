"""Clustering a fixture day with known stories, and ranking them (pure)."""

from __future__ import annotations

import datetime as dt

from numeriq.demo.newsroom_day import load_day
from numeriq.newsroom.clustering import StoryItem, cluster
from numeriq.newsroom.ranking import Preferences, Ranker, Rubric, parse_rubrics

RUBRICS = (
    Rubric("e-commerce", ("e-commerce", "commerce en ligne", "panier", "livraison", "magasin")),
    Rubric("relation client", ("relation client", "conseiller", "agent conversationnel")),
    Rubric("marketing", ("publicité", "annonceur", "influence", "marque")),
)
NOW = dt.datetime(2026, 11, 28, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def day_items() -> tuple[list[StoryItem], dict[int, str]]:
    """The demo day's 33 items, with the story each was written for."""
    items, labels = [], {}
    for n, article in enumerate(load_day()["articles"]):
        items.append(
            StoryItem(
                id=n,
                source=article["source"],
                title=article["title"],
                text=article["text"],
                url=f"https://{article['source'][:4].lower()}.example/{article['id']}",
                published=dt.datetime.fromisoformat(article["published"]),
            )
        )
        labels[n] = article["story"]
    return items, labels


def test_fixture_day_clusters_into_its_known_stories() -> None:
    """Every story written in several versions is one story; nothing else is merged."""
    items, labels = day_items()
    stories = cluster(items)
    found = sorted(sorted(labels[i.id] for i in s.items) for s in stories)
    expected: dict[str, list[str]] = {}
    for label in labels.values():
        expected.setdefault(label, []).append(label)
    assert found == sorted(expected.values())
    top = {labels[s.items[0].id]: s.coverage for s in stories[:5]}
    assert top == {
        "veloce-soldes": 3,
        "cabasso-panier": 3,
        "cyberattaque": 2,
        "pixalia-levee": 2,
        "telvia-agent": 2,
    }


def test_items_far_apart_in_time_are_different_stories() -> None:
    """The same words two weeks apart are two events."""
    one = StoryItem(1, "A", "Cabasso lève 12 millions d'euros", "Cabasso lève 12 millions.")
    later = StoryItem(2, "B", "Cabasso lève 12 millions d'euros", "Cabasso lève 12 millions.")
    one = StoryItem(**{**one.__dict__, "published": NOW})
    later = StoryItem(**{**later.__dict__, "published": NOW + dt.timedelta(days=14)})
    assert len(cluster([one, later])) == 2
    assert len(cluster([one, StoryItem(**{**later.__dict__, "published": NOW})])) == 1


def test_same_words_about_other_companies_are_other_stories() -> None:
    """Two levées de fonds worded alike, by different start-ups: two stories."""
    text = "La start-up {} lève 12 millions d'euros auprès du fonds {} pour recruter 80 personnes."
    a = StoryItem(1, "A", "{} lève 12 millions".format("Cabasso"), text.format("Cabasso", "Orion"))
    b = StoryItem(2, "B", "{} lève 12 millions".format("Telvia"), text.format("Telvia", "Vega"))
    c = StoryItem(3, "C", "Cabasso boucle un tour de 12 millions", text.format("Cabasso", "Orion"))
    stories = cluster([a, b, c])
    assert sorted(sorted(i.id for i in s.items) for s in stories) == [[1, 3], [2]]


def test_ranking_coverage_rubrics_boosts_and_bans() -> None:
    """Wide coverage ranks first; a ban removes; a boost lifts; rubrics are named."""
    items, labels = day_items()
    stories = cluster(items)
    ranked = Ranker(Preferences(rubrics=RUBRICS)).rank(stories, NOW)
    order = [labels[r.story.items[0].id] for r in ranked]
    assert set(order[:2]) == {"veloce-soldes", "cabasso-panier"}
    cabasso = next(r for r in ranked if labels[r.story.items[0].id] == "cabasso-panier")
    assert cabasso.rubric == "e-commerce" and "3 sources" in cabasso.reasons

    banned = Ranker(Preferences(rubrics=RUBRICS, ban_keywords=("Cabasso",))).rank(stories, NOW)
    assert "cabasso-panier" not in {labels[r.story.items[0].id] for r in banned}

    boosted = Ranker(Preferences(rubrics=RUBRICS, boost_keywords=("Lumen",))).rank(stories, NOW)
    before = order.index("jeux-video")
    after = [labels[r.story.items[0].id] for r in boosted].index("jeux-video")
    assert after < before - 3
    assert any("Lumen".lower() in reason for reason in boosted[after].reasons)

    no_fil = Ranker(Preferences(rubrics=RUBRICS, ban_sources=("Le Fil Numérique",)))
    for r in no_fil.rank(stories, NOW):
        assert all(i.source != "Le Fil Numérique" for i in r.story.items)
    assert Ranker(Preferences(rubrics=RUBRICS, ban_sources=("tech.example",))).banned_source(
        "Tech & Boutiques", "https://www.tech.example/a"
    )


def test_editor_rubrics_from_a_setting() -> None:
    """'Nom: mot, mot; Autre: mot' gives rubrics; empty parts are ignored."""
    assert parse_rubrics("Mobilité: trottinette, vélo; ;Vide:  ; Énergie: solaire") == (
        Rubric("Mobilité", ("trottinette", "vélo")),
        Rubric("Énergie", ("solaire",)),
    )
