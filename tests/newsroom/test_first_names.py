"""The first names' genders the quote speakers read: learned from the words before the names
(scripts/train_first_names.py), and the shipped file's format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from numeriq.newsroom import quotes
from numeriq.newsroom.quotes import FIRST_NAMES_PATH

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from train_first_names import MIN_TOLD, first_names


def test_a_first_name_is_a_gender_when_the_words_before_it_agree() -> None:
    texts = [
        "La ministre de la Santé Agnès Buzyn a présenté le plan.",
        "Mme Agnès Durand a reçu les élus.",
        "La directrice Agnès Martin a répondu.",
        "La sénatrice Agnès Petit a voté contre.",
        "Le juge Dominique Roux a tranché.",
        "Le ministre Dominique Bussereau a signé.",
        "La présidente Dominique Voynet a voté.",
        "Le directeur Dominique Leroy a parlé.",
        "M. Paul Martin a reçu les syndicats.",  # once only: too few to tell
        "Paul Durand a reçu les syndicats.",  # nothing tells
    ]
    found = first_names(texts)
    assert found == {"f": ["Agnès"], "m": []}  # « Dominique »: a man's 3 times in 4
    assert first_names(texts * 2) == found
    assert MIN_TOLD > 1


def test_the_shipped_first_names_are_two_lists_with_their_credit() -> None:
    data = json.loads(FIRST_NAMES_PATH.read_text(encoding="utf-8"))
    assert data["licence"] == "CC-BY-SA-4.0" and "OrangeSum" in data["credit"]
    women, men = set(data["f"].split()), set(data["m"].split())
    assert not women & men
    assert {"Agnès", "Claire", "Anne"} <= women
    assert {"Paul", "Emmanuel", "Jean-Yves"} <= men
    assert "Dominique" not in women | men
    assert 300 <= len(women | men) <= 2000


def test_a_word_the_articles_use_as_a_place_or_a_title_is_no_first_name() -> None:
    """The shipped file said « Marseille » was a man's first name (« le maire Marseille … »
    misread once too often) and « Le » a woman's (« la présidente du RN, Le Pen »)."""
    said = [
        "Le maire Marseille Martin a parlé.",
        "Le député Marseille Durand a voté.",
        "Le juge Marseille Petit a tranché.",
        "Le ministre Marseille Roux a signé.",
        "La présidente Le Pen a parlé.",
        "La députée Le Pen a voté.",
        "La candidate Le Pen a répondu.",
        "La dirigeante Le Pen a signé.",
        "Le ministre Paul Martin a parlé.",
        "Le député Paul Durand a voté.",
        "Le juge Paul Petit a tranché.",
        "Le maire Paul Roux a signé.",
    ]
    # « Le »: a woman's 4 times in 4, but a function word; « Marseille »: nothing says otherwise.
    assert first_names(said) == {"f": [], "m": ["Marseille", "Paul"]}
    places = ["Il vit à Marseille depuis dix ans.", "Le club joue à Marseille."] * 3
    assert first_names(said + places) == {"f": [], "m": ["Paul"]}
    # After « à » 6 times in 10, but a surname follows it more often: still a first name.
    assert first_names(said + said + places) == {"f": [], "m": ["Marseille", "Paul"]}
    # A word seldom followed by a surname, written often enough, is no one's first name.
    common = ["Noël approche et les magasins ouvrent le dimanche."] * 60
    christmas = [sentence.replace("Marseille", "Noël") for sentence in said[:4]]
    assert first_names(christmas) == {"f": [], "m": ["Noël"]}
    assert first_names(christmas + common) == {"f": [], "m": []}


def test_the_shipped_first_names_hold_no_place() -> None:
    data = json.loads(FIRST_NAMES_PATH.read_text(encoding="utf-8"))
    names = set(data["f"].split()) | set(data["m"].split())
    assert not names & {"Marseille", "Europe", "Normandie", "Rouen", "Le", "Etat", "Franceinfo"}
    assert {"Caroline", "Nancy", "Jeanne"} <= names


def test_the_first_names_are_learned_without_reading_the_shipped_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The speakers start a name at a known first name (« le maire Nice Christian Estrosi »
    is Christian Estrosi); the training must not, or each run would learn from the file the
    last one wrote."""

    texts = ["Le maire Nice Christian Estrosi a parlé."] * 4 + [
        "Le ministre Christian Martin a signé.",
        "Le juge Christian Petit a tranché.",
        "Le député Christian Roux a voté.",
        "Le maire Christian Durand a répondu.",
    ]
    with_file = first_names(texts)
    monkeypatch.setattr(quotes, "FIRST_NAMES_PATH", tmp_path / "none.json")
    quotes._first_names.cache_clear()
    try:
        assert first_names(texts) == with_file
    finally:
        quotes._first_names.cache_clear()
    assert with_file == {"f": [], "m": ["Christian", "Nice"]}  # the names as written
