"""The offline writer and the French text helpers (pure)."""

from __future__ import annotations

import json
from pathlib import Path

from numeriq.newsroom.text import (
    content_words,
    names,
    numbers,
    split_sentences,
    word_count,
)
from numeriq.newsroom.writer import first_sentence, suggest_heading, write_brief

EVAL = Path(__file__).resolve().parents[2] / "bench" / "data" / "briefs_eval.jsonl"


def test_sentences_respect_abbreviations_initials_and_quotes() -> None:
    """M. and J. do not end sentences; « … » followed by a capital does."""
    text = (
        "M. Dupont, PDG, l'a annoncé mardi ! « C'est énorme. » Elle vise 40 000 clients. "
        "J. Martin confirme.\nUn paragraphe sans point"
    )
    assert split_sentences(text) == [
        "M. Dupont, PDG, l'a annoncé mardi !",
        "« C'est énorme. »",
        "Elle vise 40 000 clients.",
        "J. Martin confirme.",
        "Un paragraphe sans point",
    ]


def test_numbers_names_words() -> None:
    """French number forms normalise; sentence openers are not names."""
    assert numbers("12,5 millions, 40 000 clients, 1.500 magasins, 7 %") == [
        "12.5",
        "40000",
        "1500",
        "7",
    ]
    assert names("Le groupe Cabasso rachète Telvia. Elle vise Paris.") == [
        "cabasso",
        "telvia",
        "paris",
    ]
    assert word_count("Le panier recule de 7 % à l'été.") == 7
    assert "ete" not in content_words("Il a été décidé")


ARTICLE = """C'est une petite révolution dans le commerce en ligne.
La plateforme Cabasso annonce un panier moyen en recul de 7 % sur un an, à 58 euros.
Il s'agit du premier recul depuis sa création. Elle promet une offre d'abonnement au printemps.
« Nos clients veulent une raison de revenir », explique Claire Fontenay.
Mais le marché reste dynamique."""


def test_brief_is_complete_sentences_from_the_article() -> None:
    """The brief skips the hook, the quote and « Il/Elle/Mais » openers; at most 45 words."""
    brief = write_brief("Cabasso : le panier moyen recule de 7 %", [ARTICLE])
    sentences = split_sentences(brief.text)
    assert 1 <= len(sentences) <= 2
    assert sentences[0].startswith("La plateforme Cabasso annonce un panier moyen")
    assert word_count(brief.text) <= 45
    for sentence in sentences:
        assert sentence in ARTICLE
        assert not sentence.startswith(("Il ", "Elle ", "Mais ", "«"))
    assert not brief.flags
    assert 2 <= len(brief.heading.split()) <= 4


def test_every_eval_brief_fits_the_rules() -> None:
    """On the evaluation set: 1–2 sentences, ≤ 45 words, each a sentence of the article."""
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        brief = write_brief(article["title"], [article["text"]])
        assert word_count(brief.text) <= 45, article["id"]
        sentences = split_sentences(brief.text)
        assert 1 <= len(sentences) <= 2, article["id"]
        assert all(s in " ".join(article["text"].split()) for s in sentences), article["id"]
        assert brief.text[-1] in ".!…»", article["id"]
        assert brief.text != first_sentence(article["text"]) or len(sentences) == 1


def test_half_quotes_are_never_complete_sentences() -> None:
    """A sentence split inside « … » or ( … ) is not complete; a whole quote is."""
    from numeriq.newsroom.writer import _standalone

    assert not _standalone("« Cabasso a doublé ses ventes en ligne cette année.")
    assert not _standalone("Ce n'est qu'un début », affirme le patron de Cabasso.")
    assert not _standalone("Cabasso (qui vend en ligne a doublé ses ventes.")
    assert _standalone("« Ce n'est qu'un début », affirme le patron de Cabasso.")
    assert not _standalone("Elle a doublé ses ventes.")  # leans on the sentence before


def test_too_long_sentences_are_cut_and_flagged() -> None:
    """When no sentence fits, the lead is cut at a clause and the draft says so."""
    long = "La société " + ", ".join(f"la filiale numéro {n} du groupe" for n in range(20)) + "."
    brief = write_brief("Un titre", [long])
    assert word_count(brief.text) <= 45
    assert brief.flags and "raccourci" in brief.flags[0]
    empty = write_brief("Un titre sans texte", [""])
    assert empty.text == "Un titre sans texte." and "titre seul" in empty.flags[0]
    assert write_brief("", [""]).flags == ("rien à résumer : article sans texte",)


def test_headings_are_two_to_four_words() -> None:
    """The suggested heading comes from the title's core."""
    assert suggest_heading("Cabasso : le panier moyen recule de 7 %") == "Panier moyen recule"
    assert suggest_heading("Telvia confie 30 % de ses appels à un robot") == "Telvia confie 30 %"
    assert suggest_heading("Fin des cookies tiers : les annonceurs s'organisent") == (
        "Fin des cookies tiers"
    )
