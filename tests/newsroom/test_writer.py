"""The offline writer and the French text helpers (pure)."""

from __future__ import annotations

import json
from pathlib import Path

from numeriq.newsroom.briefing import brief_article, offline_writer
from numeriq.newsroom.text import (
    content_words,
    names,
    numbers,
    split_sentences,
    word_count,
)
from numeriq.newsroom.writer import first_sentence, write_brief

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


def test_a_quote_glued_to_the_stop_before_it_opens_the_next_sentence() -> None:
    """Scraped text puts an opening straight quote on the full stop before it; a closing
    quote after a stop stays where it is."""
    text = (
        'Le séisme a eu lieu à 68 km de la ville, a précisé l\'institut." Il était très fort", '
        'a déclaré le sergent. Il a dit "c\'est fini." Puis il est parti.'
    )
    assert split_sentences(text) == [
        "Le séisme a eu lieu à 68 km de la ville, a précisé l'institut.",
        '"Il était très fort", a déclaré le sergent.',
        'Il a dit "c\'est fini."',
        "Puis il est parti.",
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
    """The brief opens on no hook, quote nor « Il/Elle/Mais »; at most 45 words (a second
    sentence may lean on the first: « Il s'agit du premier recul … »)."""
    brief = write_brief("Cabasso : le panier moyen recule de 7 %", [ARTICLE])
    sentences = split_sentences(brief.text)
    assert 1 <= len(sentences) <= 2
    assert sentences[0].startswith("La plateforme Cabasso annonce un panier moyen")
    assert word_count(brief.text) <= 45
    for sentence in sentences:
        assert sentence in ARTICLE
    assert not sentences[0].startswith(("Il ", "Elle ", "Mais ", "«"))
    assert not brief.flags
    assert brief.title and not brief.heading  # an informative title; no cut « heading »


def _deleted_from(brief_sentence: str, text: str) -> bool:
    """The brief's sentence is one of the article's with words deleted, none added."""

    def norm(word: str) -> str:
        return word.strip(",;:.!…").lower()

    words = [norm(w) for w in brief_sentence.split()]
    for sentence in split_sentences(text):
        source = iter(norm(w) for w in sentence.split())
        if all(any(w == s for s in source) for w in words):
            return True
    return False


def test_every_eval_brief_fits_the_rules() -> None:
    """On the tuning sets: 1–2 sentences, ≤ 45 words, each an article sentence or a
    compressed form of one (words deleted, none added)."""
    lines = EVAL.read_text(encoding="utf-8").splitlines()
    lines += EVAL.with_name("briefs_eval_wire.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        article = json.loads(line)
        brief = write_brief(article["title"], [article["text"]])
        assert word_count(brief.text) <= 45, article["id"]
        sentences = split_sentences(brief.text)
        assert 1 <= len(sentences) <= 2, article["id"]
        assert all(_deleted_from(s, article["text"]) for s in sentences), article["id"]
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


def test_a_stray_quote_mark_never_makes_a_three_sentence_brief() -> None:
    """OrangeSum valid, article 138 (CC BY-SA 4.0): an opening quote mark never closed holds
    the whole lead together as one "sentence"; the cut fallback still gives two at most."""
    text = (
        "Une lettre ouverte qui demande son \"exclusion immédiate. Des militants d'une "
        "association qui se bat contre l'homophobie ont publié une lettre ouverte "
        "adressée au président du parti La République en Marche demandant des sanction "
        "contre la députée Agnès Thill. La députée de l'Oise, avait partagé sur Twitter "
        "un article du magazine Têtu, spécialisé sur la culture LGBT, dans laquelle une "
        "interview du secrétaire d'Etat Gabriel Attal, qui a ouvertement évoqué son "
        'homosexualité, rapportait vouloir un enfant. "Au moins la couleur est '
        'annoncée. #bioéthique en juin" avait tweeté la parlementaire. Agnès Thill '
        "faisait référence à la loi sur la bioéthique qui prévoit d'accorder la "
        "Procréation médicalement"
    )  # the article's first 700 characters
    brief = write_brief("", [text])
    assert 1 <= len(split_sentences(brief.text)) <= 2
    assert word_count(brief.text) <= 45 and brief.flags


def test_the_short_heading_is_a_pun_never_the_titles_first_words() -> None:
    """The issue's « Telvia confie 30 % », « L'agence Médiaplus rachète »: a cut title is no
    heading. `numeriq brief`'s "heading" is the first of its three puns."""
    for title, text in (
        (
            "Telvia confie 30 % de ses appels à un robot",
            "Telvia confie désormais 30 % de ses appels entrants à un agent conversationnel. "
            "L'opérateur veut réduire l'attente de ses clients.",
        ),
        (
            "L'agence Médiaplus rachète Cabasso",
            "L'agence Médiaplus rachète la start-up Cabasso, spécialiste du commerce en ligne. "
            "Le montant de l'opération n'a pas été communiqué.",
        ),
    ):
        out = brief_article({"id": 1, "title": title, "text": text}, offline_writer())
        assert out["heading"] == out["headings"][0]
        assert not title.startswith(out["heading"])
        assert write_brief(title, [text]).heading == ""  # the offline writer invents none


def test_a_long_wire_lede_is_shortened_by_deletions_not_cut() -> None:
    """A 50-word lede with a dateline, a hook before a colon and a closing attribution
    becomes a complete brief within the limit, with no flag, every word from the lede."""
    lede = (
        "PARIS (AFP) - Un compte à rebours qui se relançait à chaque visite, des stocks "
        "présentés comme presque épuisés alors qu'ils ne l'étaient pas : la DGCCRF a "
        "sanctionné mardi le site de mode en ligne Stylo d'une amende de 1,5 million d'euros "
        "pour pratiques commerciales trompeuses, a-t-elle annoncé."
    )
    assert word_count(lede) > 45
    text = lede + "\nLe site a modifié ses pages depuis.\n« Nous ne contestons pas », dit Stylo."
    brief = write_brief("Stylo sanctionné par la DGCCRF", [text])
    assert not brief.flags
    assert "la DGCCRF a sanctionné le site de mode en ligne Stylo" in brief.text.replace("La", "la")
    assert "PARIS" not in brief.text and "a-t-elle annoncé" not in brief.text
    assert "1,5 million d'euros" in brief.text and "mardi" not in brief.text
    assert word_count(brief.text) <= 45
    assert _deleted_from(split_sentences(brief.text)[0], text)
