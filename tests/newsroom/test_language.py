"""The French language layer: segmentation of real glued text (rules) and spaCy's analyses."""

from __future__ import annotations

import pytest

from numeriq.newsroom import language
from numeriq.newsroom.text import split_sentences, unglue


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Glued paragraphs as OrangeSum's scraped articles have them.
        (
            "où de nombreux navires de croisière s'arrêtent pour permettre à leurs passagers "
            "de visiter Venise.Selon le quotidien italien Corriere della Serra, cette course "
            "folle serait due aux forts courants.",
            [
                "où de nombreux navires de croisière s'arrêtent pour permettre à leurs "
                "passagers de visiter Venise.",
                "Selon le quotidien italien Corriere della Serra, cette course folle serait "
                "due aux forts courants.",
            ],
        ),
        (
            "Benoît Hamon n'est arrivé qu'en quatrième position sans sa propre "
            "circonscription.Il maintient sa ligne d'opposition claire à Emmanuel Macron.",
            [
                "Benoît Hamon n'est arrivé qu'en quatrième position sans sa propre "
                "circonscription.",
                "Il maintient sa ligne d'opposition claire à Emmanuel Macron.",
            ],
        ),
        (
            'la préfecture a qualifié cette vidéo de "parcellaire et sortie de son '
            'contexte".Les policiers ont riposté.',
            [
                'la préfecture a qualifié cette vidéo de "parcellaire et sortie de son contexte".',
                "Les policiers ont riposté.",
            ],
        ),
        (
            "Le taux a atteint 6.5 % en 2019.Il a baissé.",
            ["Le taux a atteint 6.5 % en 2019.", "Il a baissé."],
        ),
        ("Il a gagné!Le public applaudit.", ["Il a gagné!", "Le public applaudit."]),
        # Abbreviations, initials, decimals, addresses and quotes never end a sentence.
        (
            "M. Dupont et Mme Durand ont vu J.K. Rowling. La ville, fondée en 52 av. J.-C. "
            "par les Romains, compte 2.600 habitants.",
            [
                "M. Dupont et Mme Durand ont vu J.K. Rowling.",
                "La ville, fondée en 52 av. J.-C. par les Romains, compte 2.600 habitants.",
            ],
        ),
        (
            "« Nous avons fini. Maintenant nous partons », a-t-il dit. Puis il est parti.",
            ["« Nous avons fini. Maintenant nous partons », a-t-il dit.", "Puis il est parti."],
        ),
        (
            "Il cite Booking.com et orange.fr hier. Rien.",
            ["Il cite Booking.com et orange.fr hier.", "Rien."],
        ),
        ("Il a vu M.Dupont hier.", ["Il a vu M.Dupont hier."]),
        # A heading glued to its paragraph with no full stop (OrangeSum valid): it ends a
        # sentence of its own; camel-case names and scraped code stay whole.
        (
            "terminant sa course dans la Seine, dimanche après-midi. Des conditions de "
            "sauvetage difficilesRapidement, un policier arrivé sur place a plongé.",
            [
                "terminant sa course dans la Seine, dimanche après-midi.",
                "Des conditions de sauvetage difficiles",
                "Rapidement, un policier arrivé sur place a plongé.",
            ],
        ),
        (
            "Il l'a dit sur franceinfoLes habitants ont voté. Il vole avec easyJet et un iPhone, "
            "videoInfo compris.",
            [
                "Il l'a dit sur franceinfo",
                "Les habitants ont voté.",
                "Il vole avec easyJet et un iPhone, videoInfo compris.",
            ],
        ),
        # OrangeSum train: a heading glued after an elision, a capitalised word or a hyphen
        # (« l'épidémieSi », « LeetchiUne », « Pays-BasLe »); brands stay whole.
        (
            "À R=1, maintien de l'épidémieSi en moyenne une personne en contamine une.",
            ["À R=1, maintien de l'épidémie", "Si en moyenne une personne en contamine une."],
        ),
        (
            "Une cagnotte légale, assure LeetchiUne initiative populaire mais contestée. "
            "Une plaie vive aux Pays-BasLe rôle des Casques bleus est en cause.",
            [
                "Une cagnotte légale, assure Leetchi",
                "Une initiative populaire mais contestée.",
                "Une plaie vive aux Pays-Bas",
                "Le rôle des Casques bleus est en cause.",
            ],
        ),
        (
            "Le OnePlus 8 et DisneyPlus arrivent. Ellen DeGeneres prend un McDonald. "
            "BlaBlaCar recrute sur LinkedIn.",
            [
                "Le OnePlus 8 et DisneyPlus arrivent.",
                "Ellen DeGeneres prend un McDonald.",
                "BlaBlaCar recrute sur LinkedIn.",
            ],
        ),
        # OrangeSum valid: a heading that ends on a quotation glued to the next paragraph;
        # a sentence's full stop glued to a number opening the next one.
        (
            "précise-t-elle.L'anonymat au moment du don \"sera préservé\"Si l'anonymat au "
            'moment du don "sera préservé", assure Agnès Buzyn, l\'enfant pourra y accéder.',
            [
                "précise-t-elle.",
                'L\'anonymat au moment du don "sera préservé"',
                "Si l'anonymat au moment du don \"sera préservé\", assure Agnès Buzyn, l'enfant "
                "pourra y accéder.",
            ],
        ),
        (
            "Il parle de Maurane.« Un côté sadomaso »Mais pour la jeune fille, non.",
            ["Il parle de Maurane.", "« Un côté sadomaso »", "Mais pour la jeune fille, non."],
        ),
        (
            'Il a crié"Bonjour" hier. Cannes fut annulé en mai.18 films sont en lice, pour '
            "3.500 euros et la version 2.0.",
            [
                'Il a crié"Bonjour" hier.',
                "Cannes fut annulé en mai.",
                "18 films sont en lice, pour 3.500 euros et la version 2.0.",
            ],
        ),
    ],
)
def test_sentences_of_real_text(text: str, expected: list[str]) -> None:
    """Glued paragraphs are split; abbreviations, initials, decimals and quotes are not."""
    assert split_sentences(text) == expected


def test_unglue_leaves_numbers_and_initials() -> None:
    """Only a word's full stop before a capitalised word gets its space back."""
    assert unglue("U.S.A. et 3.500 euros") == "U.S.A. et 3.500 euros"
    assert unglue("les Pyrénées.Alors que") == "les Pyrénées. Alors que"


def test_spacy_gives_lemmas_parts_of_speech_parse_and_entities() -> None:
    """One pipeline, loaded once; each call runs only what it needs."""
    assert language.pipeline() is language.pipeline()
    tagged = language.tag("Les policiers ont ouvert une enquête.")
    assert [t.lemma_ for t in tagged][:4] == ["le", "policier", "avoir", "ouvrir"]
    assert tagged[3].pos_ == "VERB" and not tagged.has_annotation("DEP")
    parsed = language.parse("Le parquet de Paris a ouvert une enquête.")
    root = next(t for t in parsed if t.dep_ == "ROOT")
    assert root.lemma_ == "ouvrir"
    assert {t.text for t in parsed if t.head == root and t.dep_ == "obj"} == {"enquête"}
    found = language.entities("Emmanuel Macron a rencontré Angela Merkel à Berlin.")
    assert {(e.text, e.label_) for e in found.ents} >= {
        ("Emmanuel Macron", "PER"),
        ("Berlin", "LOC"),
    }
    assert language.lemmas("Les enquêtes") == ["le", "enquête"]


def test_a_missing_model_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """No download at run time: a clear error naming the dependency."""
    from numeriq.newsroom.errors import LanguageModelMissing

    monkeypatch.setattr(language, "MODEL", "fr_core_news_absent")
    language.pipeline.cache_clear()
    try:
        with pytest.raises(LanguageModelMissing, match="reinstall numeriq"):
            language.pipeline()
    finally:
        language.pipeline.cache_clear()


def test_batched_parse_and_full_analysis() -> None:
    """parse_many parses like parse, in batches; analyse adds entities to the parse."""
    texts = ["Le parquet a ouvert une enquête.", "Orange rachète une start-up à Lyon."]
    batched = [[(t.text, t.dep_) for t in doc] for doc in language.parse_many(texts)]
    assert batched == [[(t.text, t.dep_) for t in language.parse(text)] for text in texts]
    doc = language.analyse("Emmanuel Macron a visité Lyon.")
    assert doc.has_annotation("DEP") and {e.text for e in doc.ents} >= {"Lyon"}
