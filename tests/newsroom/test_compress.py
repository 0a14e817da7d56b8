"""Sentence compression: each rule deletes words only, keeps French grammatical (pure)."""

from __future__ import annotations

import pytest

from numeriq.newsroom.compress import (
    acronym_for_name,
    drop_asides,
    drop_colon_hook,
    drop_dateline,
    drop_leading_selon,
    drop_opener,
    drop_parentheses,
    drop_trailing_attribution,
    drop_trailing_selon,
    drop_weekdays,
    tidy,
    variants,
)


def test_weekday_after_a_participle_goes() -> None:
    assert drop_weekdays("Cabasso a annoncé mardi avoir dépassé 10 millions de membres.") == (
        "Cabasso a annoncé avoir dépassé 10 millions de membres."
    )
    assert drop_weekdays("Le tribunal a placé lundi en redressement la société Fresko.") == (
        "Le tribunal a placé en redressement la société Fresko."
    )
    # « publiée jeudi » before a comma: the participle goes with it.
    assert (
        drop_weekdays(
            "Selon une étude de l'agence Trame publiée jeudi, 46 % des annonceurs utilisent l'IA."
        )
        == "Selon une étude de l'agence Trame, 46 % des annonceurs utilisent l'IA."
    )
    assert drop_weekdays("Selon le baromètre, publié jeudi, 46 % des annonceurs l'utilisent.") == (
        "Selon le baromètre, 46 % des annonceurs l'utilisent."
    )
    assert drop_weekdays("Le rapport, publié jeudi, montre une hausse de 8 % des ventes.") == (
        "Le rapport montre une hausse de 8 % des ventes."
    )
    assert drop_weekdays("Le salon, ouvert samedi, accueille 300 exposants à Lyon.") == (
        "Le salon accueille 300 exposants à Lyon."
    )


def test_weekday_stays_after_a_preposition_or_before_a_date() -> None:
    for kept in (
        "Le site est inaccessible depuis samedi, à la suite d'une cyberattaque.",
        "Les appels du samedi ne représentent plus que 4 % du volume.",
        "La réunion a été fixée mardi 3 mars à Paris, selon le syndicat.",
        "La décision a été rendue publique lundi.",
    ):
        assert drop_weekdays(kept) == kept


def test_acronym_replaces_the_long_name() -> None:
    assert (
        acronym_for_name(
            "La Commission nationale de l'informatique et des libertés (CNIL) a sanctionné Finovia."
        )
        == "La CNIL a sanctionné Finovia."
    )
    assert (
        acronym_for_name(
            "Selon l'Autorité de régulation des communications électroniques (Arcep), 92 % des "
            "locaux sont raccordables."
        )
        == "Selon l'Arcep, 92 % des locaux sont raccordables."
    )
    kept = "Le chiffre d'affaires (hors taxes) progresse de 8 %."
    assert acronym_for_name(kept) == kept


def test_closing_attribution_goes_but_not_the_main_verb() -> None:
    assert (
        drop_trailing_attribution(
            "Le studio Lumen va supprimer 60 postes, soit 15 % de ses effectifs, a annoncé sa "
            "direction vendredi."
        )
        == "Le studio Lumen va supprimer 60 postes, soit 15 % de ses effectifs."
    )
    assert (
        drop_trailing_attribution(
            "Des propositions de reclassement seront faites aux salariés, assure l'entreprise."
        )
        == "Des propositions de reclassement seront faites aux salariés."
    )
    assert (
        drop_trailing_attribution(
            "La plateforme renonce à sa nouvelle grille de rémunération, a-t-elle indiqué."
        )
        == "La plateforme renonce à sa nouvelle grille de rémunération."
    )
    for kept in (
        # The verb after the aside is the sentence's own.
        "Le groupe, qui compte 85 magasins, a annoncé le rachat de la chaîne Brico Sud.",
        # What follows the verb is what was said, not who said it.
        "Mutaléo, qui assure 2,5 millions de logements, affirme que le taux n'a pas augmenté.",
        # After a quote the attribution names the speaker: it stays.
        "« C'est une victoire », a déclaré Yanis Dembélé.",
    ):
        assert drop_trailing_attribution(kept) == kept


def test_source_phrases() -> None:
    assert (
        drop_leading_selon(
            "Selon une enquête de l'institut Opinia, 21 % des acheteurs paient en plusieurs fois."
        )
        == "21 % des acheteurs paient en plusieurs fois."
    )
    for kept in (
        # An apposition follows: « le député … » is not the sentence's subject.
        "Selon le rapporteur, le député Paul Verdier, le manque à gagner atteint 450 millions.",
        # The comma closed an aside, not the source.
        "Selon une étude publiée par Emploïa, qui organise ces salons, 34 % des PME y vont.",
        # « Il » would lean on nothing.
        "Selon la direction, il faudra deux ans pour revenir à l'équilibre financier.",
    ):
        assert drop_leading_selon(kept) == kept
    assert (
        drop_trailing_selon(
            "Le marché pèse 7 milliards d'euros, selon le cabinet Tendances Conseil."
        )
        == "Le marché pèse 7 milliards d'euros."
    )


def test_asides_between_commas() -> None:
    assert drop_asides("Tikal, fondé en 2014, réalisait 14 millions d'euros de ventes.") == (
        "Tikal réalisait 14 millions d'euros de ventes."
    )
    assert (
        drop_asides("Pour Prévia, qui assure 4 millions de personnes, l'opération ouvre un marché.")
        == "Pour Prévia, l'opération ouvre un marché."
    )
    kept = (
        "Les artisans font 80 % des ventes d'Outilia, qui a réalisé 340 millions, "
        "dont un tiers en ligne."
    )
    assert drop_asides(kept) == kept


def test_parentheses_and_colon_hooks() -> None:
    assert drop_parentheses("Les dark stores (entrepôts urbains) ferment à Lille.") == (
        "Les dark stores ferment à Lille."
    )
    # OrangeSum valid: the quotation's omission mark stays, its two sentences apart (the
    # title was « "On est au début On ne va pas acter l'échec!" »).
    quoted = '"On est au début (...) On ne va pas acter l\'échec!", a lancé le rapporteur.'
    assert drop_parentheses(quoted) == quoted
    assert drop_parentheses("Il part (…) Elle reste (et rit).") == "Il part (…) Elle reste."
    assert (
        drop_colon_hook(
            "Un compte à rebours truqué, des stocks fictifs : la DGCCRF a sanctionné le site Stylo "
            "d'une amende de 1,5 million d'euros."
        )
        == "La DGCCRF a sanctionné le site Stylo d'une amende de 1,5 million d'euros."
    )
    for kept in (
        # The part before the colon carries the facts (a name): it is no hook.
        "La plateforme Cabasso a publié ses résultats : le panier moyen recule de 7 % sur un an.",
        # « C'est » leans on the hook.
        "Deux jours par semaine : c'est devenu la norme dans 78 % des entreprises du secteur.",
    ):
        assert drop_colon_hook(kept) == kept


def test_variants_start_with_the_tidied_sentence_and_only_delete() -> None:
    sentence = (
        "Colistar, filiale logistique du groupe Marvel Retail, a lancé lundi la livraison en "
        "deux heures, selon le quotidien Ouest Matin."
    )
    found = variants(sentence)
    assert found[0] == tidy(sentence)
    assert "Colistar a lancé la livraison en deux heures." in found
    for form in found:
        words = iter(sentence.replace(",", " ").replace(".", " ").split())
        assert all(w in words for w in form.replace(",", " ").replace(".", " ").split())


def test_datelines_go() -> None:
    assert drop_dateline("PARIS (AFP) - Le groupe Orbéo rachète Tikal.") == (
        "Le groupe Orbéo rachète Tikal."
    )
    assert drop_dateline("Lyon, 12 mars (Reuters) – Paniero lève 14 millions d'euros.") == (
        "Paniero lève 14 millions d'euros."
    )
    assert drop_dateline("BORDEAUX – Alimo ouvre son cinquantième drive piéton.") == (
        "Alimo ouvre son cinquantième drive piéton."
    )
    kept = "Le groupe Orbéo – un éditeur nantais – rachète Tikal."
    assert drop_dateline(kept) == kept


def test_more_asides_and_attributions() -> None:
    assert (
        drop_asides("L'agence Traduplus, l'une des plus importantes de France, supprime 85 postes.")
        == "L'agence Traduplus supprime 85 postes."
    )
    assert (
        drop_trailing_attribution(
            "Nuvia héberge les données de 12 ministères pour 340 millions d'euros, a-t-on appris."
        )
        == "Nuvia héberge les données de 12 ministères pour 340 millions d'euros."
    )


def test_an_opening_complement_goes_with_its_comma() -> None:
    """OrangeSum valid's first article; a form of its own for the writer and the titles."""
    assert drop_opener(
        "Dimanche matin à Venise, l'équipage du MSC Opéra a perdu le contrôle du paquebot."
    ) == ("L'équipage du MSC Opéra a perdu le contrôle du paquebot.")


def test_a_condition_stays() -> None:
    """« Si …, » is part of what is said: without it, a hypothesis reads as a fact."""
    sentence = "Si le vaccin est efficace, l'épidémie reculera dès le printemps."
    assert drop_opener(sentence) == sentence
    assert drop_opener("Lundi, il pleut.") == "Lundi, il pleut."  # four words at least


@pytest.mark.parametrize(
    "sentence",
    [
        # OrangeSum valid: first names that end like a participle (« Partie de Brest, »)
        "Coralie Moussu, 32 ans, a été retrouvée morte dans le Rhône en 2010.",
        "Jacques Lajeanne, maire de la petite commune de Beurey-Bauguay, est décédé à 82 ans.",
        "Julie, 34 ans, a été retrouvée saine et sauve par les gendarmes.",
    ],
)
def test_a_subject_named_first_is_no_opening_complement(sentence: str) -> None:
    assert drop_opener(sentence) == sentence
    assert drop_opener("Arrivée à Paris dimanche, la délégation a rencontré le ministre.") == (
        "La délégation a rencontré le ministre."
    )


def test_an_opening_date_goes_with_its_comma() -> None:
    """OrangeSum valid titled « Le 29 mai, 21.000 tonnes de carburant contenu dans un
    réservoir »: the date took the words of the verb."""
    assert drop_opener(
        "Le 29 mai, 21.000 tonnes de carburant contenu dans un réservoir se sont déversées."
    ) == ("21.000 tonnes de carburant contenu dans un réservoir se sont déversées.")
    assert drop_opener("Le 14 septembre dernier, deux sites pétroliers ont été attaqués.") == (
        "Deux sites pétroliers ont été attaqués."
    )


@pytest.mark.parametrize(
    "sentence",
    [  # OrangeSum valid: the « opener » held the sentence's subject and verb
        "Députés et sénateurs tenteront de se mettre d'accord sur un texte commun, jeudi en "
        "commission mixte paritaire, faute de quoi une nouvelle lecture devra être organisée.",
        "Cette vidéo de 37 secondes montre l'avancée des forces de l'ordre rue Saint-Lazare, "
        "près de la gare.",
        "Ce dernier bénéficie d'une popularité en hausse, selon un sondage publié dimanche.",
        "Quelque 900 soldats du feu sont mobilisés ainsi que sept avions Canadairs, a indiqué "
        "la préfecture.",
        "Au total 5.253 tonnes de produits chimiques ont été détruits, selon l'organisation "
        "internationale basée à La Haye.",
        "Dans une autre vidéo elle apparaît insultant les indépendantistes, avant de quitter la "
        "salle.",
        "Ce morceau, sorti en 1985, a été vendu à plus de dix millions d'exemplaires.",
    ],
)
def test_an_opener_with_its_own_subject_and_verb_stays(sentence: str) -> None:
    assert drop_opener(sentence) == sentence


@pytest.mark.parametrize(
    ("sentence", "rest"),
    [
        ("Selon elle, le gouvernement a menti aux Français.", "Le gouvernement a menti"),
        ("Parmi elles, trois femmes ont porté plainte contre lui.", "Trois femmes ont porté"),
        (  # « Sera » is a newspaper's name, not the verb
            "Selon les précisions du Corriere della Sera, le pape a reçu le président.",
            "Le pape a reçu",
        ),
        (  # a relative's verb is the opener's own
            "Au-delà des 30.139 communes dont les conseils ont été élus au premier tour, près "
            "de 5.000 communes votent dimanche.",
            "Près de 5.000 communes",
        ),
        ("Nommée il y a quinze jours, la ministre a déjà démissionné.", "La ministre a déjà"),
        ("Cet été, les trains seront plus nombreux vers la côte.", "Les trains seront"),
        ("Quelques heures plus tard, le suspect a été interpellé à Lyon.", "Le suspect a été"),
        ("Dans un premier extrait dévoilé jeudi, la chanteuse pose en robe.", "La chanteuse"),
    ],
)
def test_an_opener_without_a_main_clause_goes(sentence: str, rest: str) -> None:
    assert drop_opener(sentence).startswith(rest)
