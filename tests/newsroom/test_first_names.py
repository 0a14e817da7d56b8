"""The first names' genders the quote speakers read: learned from the words before the names
(scripts/train_first_names.py), and the shipped file's format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
