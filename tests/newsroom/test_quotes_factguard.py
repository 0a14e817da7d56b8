"""Quote candidates with speaker and role; the fact guard on planted errors (pure)."""

from __future__ import annotations

import pytest

from numeriq.newsroom import factguard
from numeriq.newsroom.quotes import QuoteCandidate, best_quote, find_quotes

TEXT = (
    "La plateforme annonce un recul. « Nos clients ne veulent pas une application de "
    "plus, ils veulent une raison de revenir », explique Claire Fontenay, directrice "
    "marketing de Cabasso, lors d'une conférence.\n"
    "Selon Marc-Antoine Leroy, fondateur de Telvia, « l'agent conversationnel ne "
    "remplace personne, il trie les appels ».\n"
    "Paul Durand, PDG de Bricoline, résume : « Le paiement sans caisse, c'est la fin "
    "de la file d'attente. »\n"
    "« Cette phrase-là restera anonyme pour toujours », dit-on dans les couloirs.\n"
    "« Nous allons recruter 200 personnes en 2027 », a annoncé Sophie de La Tour, "
    "directrice générale du groupe.\n"
    "“Les guillemets anglais comptent aussi, bien sûr”, souligne Jean Morel.\n"
    "« Trop court », dit Léa Roux.\n"
)


def test_quotes_with_speaker_and_role() -> None:
    """Each construction gives the words, the speaker and the role it states."""
    found = {q.text: (q.speaker, q.role) for q in find_quotes(TEXT, url="https://x.example/a")}
    assert found == {
        "Nos clients ne veulent pas une application de plus, ils veulent une raison de revenir": (
            "Claire Fontenay",
            "directrice marketing de Cabasso",
        ),
        "l'agent conversationnel ne remplace personne, il trie les appels": (
            "Marc-Antoine Leroy",
            "fondateur de Telvia",
        ),
        "Le paiement sans caisse, c'est la fin de la file d'attente.": (
            "Paul Durand",
            "PDG de Bricoline",
        ),
        "Cette phrase-là restera anonyme pour toujours": ("", ""),
        "Nous allons recruter 200 personnes en 2027": (
            "Sophie de La Tour",
            "directrice générale du groupe",
        ),
        "Les guillemets anglais comptent aussi, bien sûr": ("Jean Morel", ""),
    }


def test_best_quote_and_reveal() -> None:
    """A named speaker with a role wins; the reveal follows the house style."""
    quote = best_quote(find_quotes(TEXT))
    assert quote is not None and quote.speaker == "Claire Fontenay"
    assert quote.reveal == "C'est Claire Fontenay, directrice marketing de Cabasso."
    assert QuoteCandidate("Un mot de trop ici", "Jean Morel").reveal == "C'est Jean Morel."
    assert best_quote([]) is None


SOURCES = [
    "Cabasso : le panier moyen recule de 7 %",
    "La plateforme Cabasso annonce un panier moyen en recul de 7 % sur un an, à 58 euros, "
    "pour 1,2 million de clients et 40 000 commandes par jour. « Nos clients veulent une "
    "raison de revenir », explique Claire Fontenay.",
]


def test_faithful_draft_has_no_flag() -> None:
    """Numbers in another form, names and an exact quote are all found."""
    draft = (
        "Chez Cabasso, le panier moyen recule de 7 % à 58 euros, avec 40000 commandes par "
        "jour et 1.2 million de clients. « Nos clients veulent une raison de revenir », dit "
        "Claire Fontenay."
    )
    assert factguard.check(draft, SOURCES) == []


@pytest.mark.parametrize(
    ("draft", "flag"),
    [
        ("Cabasso voit son panier moyen reculer de 9 %.", "chiffre absent des sources : 9"),
        ("Le panier moyen tombe à 85 euros chez Cabasso.", "chiffre absent des sources : 85"),
        ("Selon Jean Valjean, Cabasso recule.", "nom absent des sources : Valjean"),
        ("Le panier de Telvia recule de 7 %.", "nom absent des sources : Telvia"),
        (
            "« Nos clients veulent partir », dit Claire Fontenay.",
            "citation introuvable dans les sources : « Nos clients veulent partir »",
        ),
    ],
)
def test_planted_errors_are_flagged(draft: str, flag: str) -> None:
    """A wrong number, an unknown name or an invented quote is flagged."""
    assert flag in factguard.check(draft, SOURCES)


def test_quotes_passed_apart_are_checked_too() -> None:
    """A quiz quote given separately is checked like one in the text."""
    flags = factguard.check("Rien à signaler.", SOURCES, quotes=["Une phrase inventée ici"])
    assert flags == ["citation introuvable dans les sources : « Une phrase inventée ici »"]
