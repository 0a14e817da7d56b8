"""The quick gates before slow searches: a text they turn away can never match the search.

The writer and the titles spare most sentences a few slow regular expressions (an alternation
under IGNORECASE costs 40-100 µs a sentence) by first asking whether the text holds a word
every match holds. A gate that forgets one (a verb added to _EVENT_VERBS, a « qu' » written
with a curly apostrophe) would silently change the features, so every gate is checked against
its search on the project's own articles and on sentences made to match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from numeriq.newsroom import learned, titles
from numeriq.newsroom.text import split_sentences, tokens

ROOT = Path(__file__).resolve().parents[2]

MADE_TO_MATCH = [
    "Le groupe a annoncé lundi la fermeture de l'usine.",
    "L'entreprise vient de RACHETER son concurrent, et elle lève 20 millions.",
    "Trois suspects ont été mis en examen.",
    "Selon la direction, rien ne change. D'après l'AFP, tout change.",
    "« C'est fini », a-t-elle déclaré. Le ministre a souligné l'urgence.",
    "Aujourd’hui, en août comme en février, j’ai vu nos clients.",
    "Je pense que vous avez raison, dit-on chez nous.",
    "Le ministre a indiqué qu’il partirait. Il affirme que tout va bien.",
    "La loi a été adoptée. Les contrats sont signés. Le texte est ÉTÉ voté.",
    "Lire aussi : la suite.",
    "Crédit photo : AFP, à lire en page 3.",
    "Abonnez-vous ! © Tous droits réservés.",
    "Suivez-nous, cliquez ici.",
    "SOURCE : Insee.",
    "Vidéo : la scène.",
    "Pour accepter les cookies, inscrivez-vous.",
]


def _sentences() -> list[str]:
    found = list(MADE_TO_MATCH)
    for path in sorted((ROOT / "bench" / "data").glob("briefs_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found += split_sentences(json.loads(line)["text"])
    return found


SENTENCES = _sentences()


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (learned._EVENT, learned._EVENT_GATE),
        (learned._SAID, learned._SAID_GATE),
        (learned._TIME, learned._TIME_GATE),
        (learned._FIRST_PERSON, learned._FIRST_PERSON_GATE),
    ],
    ids=["event", "said", "time", "first person"],
)
def test_a_word_gate_turns_away_no_match(pattern, gate) -> None:  # type: ignore[no-untyped-def]
    matched = [s for s in SENTENCES if pattern.search(s)]
    assert len(matched) >= 5  # the check means something
    assert [s for s in matched if frozenset(tokens(s)).isdisjoint(gate)] == []


def test_the_boilerplate_gate_turns_away_no_match() -> None:
    matched = [s for s in SENTENCES if learned._BOILERPLATE.search(s)]
    assert len(matched) >= 5
    assert all(learned._boilerplate(s) for s in matched)
    assert not learned._boilerplate("Le groupe ouvre trois magasins à Lyon.")


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [(titles._REPORTED, titles._REPORTED_GATE), (titles._PASSIVE, titles._PASSIVE_GATE)],
    ids=["reported", "passive"],
)
def test_a_title_gate_turns_away_no_match(pattern, gate) -> None:  # type: ignore[no-untyped-def]
    matched = [s for s in SENTENCES if pattern.search(s)]
    assert len(matched) >= 3
    assert [s for s in matched if not gate.search(s)] == []
