"""The wordplay lexicon's format and the matcher: keywords, themes, sounds, ranking."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from numeriq.newsroom.text import fold
from numeriq.newsroom.wordplay import (
    KINDS,
    LEXICON_FILE,
    THEMES_FILE,
    Expression,
    Lexicon,
    LexiconError,
    as_name,
    lexicon,
    names,
    offer_headings,
    parse_lexicon,
    parse_themes,
    phonetic,
    stem,
)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text)).split())


@pytest.fixture(scope="module")
def entries() -> list[Expression]:
    with LEXICON_FILE.open(encoding="utf-8") as lines:
        return parse_lexicon(lines)


@pytest.fixture(scope="module")
def themes() -> dict[str, frozenset[str]]:
    with THEMES_FILE.open(encoding="utf-8") as lines:
        return parse_themes(lines)


def test_the_lexicon_has_at_least_1500_expressions_of_2_to_5_words(entries):
    assert len(entries) >= 1500
    wrong = [e.text for e in entries if not 2 <= len(e.text.split()) <= 5]
    assert wrong == []


def test_no_expression_ends_on_a_preposition_waiting_for_its_complement(entries):
    """« En direct de », « Faire le jeu de » were offered as headings: half a phrase."""
    open_ends = {
        *("de", "du", "des", "à", "au", "aux", "sur", "pour", "par", "avec", "dans", "en"),
        *("vers", "chez", "sans", "sous", "entre", "contre", "et", "ou", "que"),
    }
    wrong = [e.text for e in entries if e.text.split()[-1].lower() in open_ends]
    assert wrong == []


def test_no_expression_twice_even_with_other_case_accents_or_punctuation(entries):
    counts = Counter(_key(e.text) for e in entries)
    assert [text for text, n in counts.items() if n > 1] == []


def test_every_entry_has_a_known_kind_known_themes_and_keywords(entries, themes):
    for entry in entries:
        assert entry.kind in KINDS, entry
        assert entry.themes, entry
        assert set(entry.themes) <= set(themes), entry
        assert entry.keywords, entry
        assert all(k == k.strip() and k for k in entry.keywords), entry
        assert entry.text == entry.text.strip() and "  " not in entry.text


def test_the_lexicon_mixes_kinds_and_every_theme_is_used(entries, themes):
    kinds = Counter(e.kind for e in entries)
    for kind in ("expression", "proverbe", "film", "livre", "chanson"):
        assert kinds[kind] >= 20, kinds
    used = {t for e in entries for t in e.themes}
    assert set(themes) - used == set()


def test_the_house_style_examples_are_in_the_lexicon(entries):
    texts = {e.text for e in entries}
    for expression in ("Cartes sur table", "Tout le monde descend", "Travail de sape",
                       "Les dieux du stade", "Mauvaise herbe"):  # fmt: skip
        assert expression in texts


def test_a_malformed_line_is_named():
    with pytest.raises(LexiconError, match="line 2: 4 tab-separated fields"):
        parse_lexicon(["Cartes sur table\texpression\tsécurité\tcarte", "Sans kind\tsécurité"])
    with pytest.raises(LexiconError, match="line 1: unknown kind 'poème'"):
        parse_lexicon(["Le Lac\tpoème\tlivre\tlac"])


def test_stems_meet_across_plurals_accents_and_elisions():
    assert stem("licenciements") == stem("licenciement") == stem("Licencier")
    assert stem("données") == stem("donnee")
    assert stem("l'entreprise") == stem("entreprises")


def test_the_phonetic_key_hears_a_name_in_a_word():
    assert phonetic("SAP") == phonetic("sape")
    assert phonetic("Lyon") == phonetic("lion")
    assert phonetic("cœur") == phonetic("coeur") != phonetic("car")
    assert phonetic("Carrefour") == phonetic("carrefours")
    assert phonetic("Orange") != phonetic("ange")


def test_an_acronym_read_as_a_word_is_written_as_a_name():
    assert as_name("SAP") == "Sap"
    assert as_name("BlaBlaCar") == "BlaBlaCar"
    assert as_name("X") == "X"


def test_names_are_the_titles_capitalised_words_but_not_a_plain_first_word():
    assert names("SAP lance une offensive sur le CRM") == ["SAP", "CRM"]
    assert names("Fuite de données chez Orsay", {"fuite"}) == ["Orsay"]
    assert names("Telvia confie ses appels à un robot") == ["Telvia"]


def test_the_house_style_examples_come_first():
    assert (
        offer_headings(
            "SAP lance une offensive sur le CRM",
            "L'éditeur allemand SAP lance une offensive contre Salesforce sur le marché du CRM.",
        )[0]
        == "Travail de Sap"
    )
    assert (
        offer_headings(
            "Fuite de données chez un émetteur de cartes bancaires",
            "Les numéros de deux millions de cartes de paiement ont été volés par des pirates.",
        )[0]
        == "Cartes sur table"
    )
    assert (
        offer_headings(
            "Le groupe supprime 1 200 emplois",
            "Le groupe annonce un plan social et la suppression de 1 200 postes.",
        )[0]
        == "Tout le monde descend"
    )
    assert (
        offer_headings(
            "Un assureur donne son nom au stade de la ville",
            "Le contrat de naming du stade rapportera au club 5 millions d'euros par an.",
        )[0]
        == "Les dieux du stade"
    )


def test_three_distinct_headings_of_2_to_5_words_deterministic():
    story = ("Bricoline teste le paiement sans caisse dans 12 magasins",
             "Le réseau de bricolage Bricoline teste le paiement sans caisse.")  # fmt: skip
    first = offer_headings(*story)
    assert len(first) == 3 and len(set(first)) == 3
    assert all(2 <= len(h.split()) <= 5 for h in first)
    assert all(h[0].isupper() for h in first)
    assert offer_headings(*story) == first


def test_a_sound_substitution_keeps_the_rest_of_the_expression():
    small = Lexicon(
        [
            Expression("Travail de sape", "expression", ("concurrence",), ("offensive",)),
            Expression("Le roi lion", "film", ("cinéma",), ("roi",)),
        ],
        {"concurrence": frozenset({stem("offensive")}), "cinéma": frozenset({stem("film")})},
    )
    puns = small.offer("SAP attaque Oracle", "SAP lance une offensive.")
    assert puns[0].heading == "Travail de Sap"
    assert puns[0].expression == "Travail de sape"
    assert "son : SAP" in puns[0].why


def test_a_near_sound_alone_offers_nothing():
    small = Lexicon(
        [Expression("Le lièvre et la tortue", "livre", ("vitesse",), ("lièvre",))],
        {"vitesse": frozenset({stem("rapide")})},
    )
    assert small.offer("Lèvre rachète un concurrent", "Le groupe Lèvre rachète un rival.") == []


def test_the_rubric_calls_its_themes():
    def score(rubric: str) -> float:
        puns = lexicon().offer(
            "Orsay change ses horaires", "La banque change ses horaires.", rubric=rubric, count=3000
        )
        return next((p.score for p in puns if p.expression == "Ne quittez pas"), 0.0)

    assert score("relation client") > score("")


def test_no_text_gives_no_heading():
    assert offer_headings("", "") == []


def test_the_same_headings_in_every_process_whatever_the_hash_seed():
    import ast
    import os
    import subprocess
    import sys

    code = (
        "from numeriq.newsroom.wordplay import offer_headings; print(offer_headings("
        "'Colistar promet la livraison en deux heures dans dix villes', "
        "'Colistar lance la livraison en deux heures pour les commandes passées avant midi.'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert len(ast.literal_eval(outputs.pop())) == 3
