"""Quote candidates: one per quote per story, a speaker and role from the sentence, never a
pronoun (pure)."""

from __future__ import annotations

import pytest

from numeriq.newsroom.quotes import (
    QuoteCandidate,
    clean_role,
    dedupe,
    find_quotes,
    first_name_gender,
    last_person,
    person_name,
    quote_key,
)


def _speakers(text: str) -> dict[str, tuple[str, str]]:
    return {q.text: (q.speaker, q.role) for q in find_quotes(text)}


def test_a_declare_name_and_role_after_the_quote() -> None:
    text = (
        "« Nous ne fermerons aucun magasin cette année », a déclaré Julien Marchal, "
        "directeur général de Bricoline, jeudi à Lille."
    )
    assert _speakers(text) == {
        "Nous ne fermerons aucun magasin cette année": (
            "Julien Marchal",
            "directeur général de Bricoline",
        )
    }


def test_name_role_then_estime_que_before_the_quote() -> None:
    text = (
        "Le marché ralentit. Hélène Garnier, PDG de Cabasso, estime que « le panier moyen "
        "remontera dès le printemps prochain »."
    )
    assert _speakers(text) == {
        "le panier moyen remontera dès le printemps prochain": ("Hélène Garnier", "PDG de Cabasso")
    }


def test_selon_name_before_the_quote() -> None:
    text = (
        "Selon Karim Benali, analyste chez Prisme Études, « le retail media va doubler "
        "d'ici deux ans »."
    )
    assert _speakers(text) == {
        "le retail media va doubler d'ici deux ans": ("Karim Benali", "analyste chez Prisme Études")
    }


def test_a_t_elle_is_the_last_named_person_with_her_role() -> None:
    text = (
        "Claire Fontenay, directrice marketing de Cabasso, a présenté les résultats mardi. "
        "« Nos clients commandent plus souvent, mais pour moins cher », a-t-elle expliqué."
    )
    assert _speakers(text) == {
        "Nos clients commandent plus souvent, mais pour moins cher": (
            "Claire Fontenay",
            "directrice marketing de Cabasso",
        )
    }


def test_explique_t_il_and_il_estime_que_resolve_to_the_last_person_named() -> None:
    text = (
        "Le fondateur de Telvia, Marc Leroy, ne s'en cache pas. Puis Paul Durand prend la "
        "parole. « Le robot répond à un appel sur trois aujourd'hui », explique-t-il. "
        "Il estime que « les conseillers garderont les cas difficiles »."
    )
    found = _speakers(text)
    assert found["Le robot répond à un appel sur trois aujourd'hui"] == ("Paul Durand", "")
    assert found["les conseillers garderont les cas difficiles"] == ("Paul Durand", "")


@pytest.mark.parametrize(
    "incise",
    [
        "s'est-il indigné",  # OrangeSum valid: « …", s'est-il indigné, également sur Franceinfo »
        "s'était-il félicité",
        "a t-il ajouté",  # the press's « a t-il », « explique t-il »: 70 quotes of valid
        "explique t-il",
        "avait-il déclaré",
    ],
)
def test_a_pronoun_incise_as_the_press_writes_it_is_the_last_person_named(incise: str) -> None:
    text = (
        "Le premier adjoint, Emmanuel Grégoire, a tenu à répondre. « Il est inélégant "
        f"d'accuser la police de ne pas avoir fait son travail », {incise}, sur Franceinfo."
    )
    speaker, _ = _speakers(text)[
        "Il est inélégant d'accuser la police de ne pas avoir fait son travail"
    ]
    assert speaker == "Emmanuel Grégoire"


def test_a_pronoun_with_nobody_named_before_is_dropped_never_kept() -> None:
    text = "« Nous allons ouvrir vingt magasins en Belgique », a-t-il assuré."
    quotes = find_quotes(text)
    assert [(q.speaker, q.role) for q in quotes] == [("", "")]
    for q in find_quotes(
        "« Le paiement fractionné est devenu un réflexe pour nos clients », dit-elle. "
        "Elle ajoute : « Personne ne revient en arrière après l'avoir essayé. »"
    ):
        assert q.speaker.lower() not in {"il", "elle", "ils", "elles"}


def test_an_organisation_or_article_is_not_taken_for_the_person() -> None:
    assert last_person("Selon La Tribune du Nord, les ventes ont baissé.") == ("", "")
    assert last_person("Anne Morel, fondatrice de Vendix, et Le Groupe Nova.") == (
        "Anne Morel",
        "fondatrice de Vendix",
    )


def test_same_quote_with_other_typography_is_one_candidate() -> None:
    assert quote_key("« L’IA ne remplace personne. »") == quote_key('"l\'IA ne remplace  personne"')
    assert quote_key("Nos clients, eux, reviennent") == quote_key("Nos clients eux reviennent !")
    assert quote_key("Nos clients reviennent") != quote_key("Nos clients ne reviennent pas")


def test_a_story_keeps_one_candidate_per_quote_with_the_best_speaker() -> None:
    first_source = "« L’agent conversationnel ne remplace personne », a-t-il dit."
    second_source = (
        "Marc Leroy, fondateur de Telvia, l'assure : \"L'agent conversationnel ne remplace "
        'personne."'
    )
    third_source = "« L'agent conversationnel ne remplace personne… », selon Marc Leroy."
    quotes = dedupe(
        [
            *find_quotes(first_source, url="https://a.example/1"),
            *find_quotes(second_source, url="https://b.example/2"),
            *find_quotes(third_source, url="https://c.example/3"),
        ]
    )
    assert len(quotes) == 1
    assert (quotes[0].speaker, quotes[0].role) == ("Marc Leroy", "fondateur de Telvia")
    assert quotes[0].url == "https://b.example/2"


def test_one_article_quoting_twice_gives_one_candidate() -> None:
    text = (
        "« Le magasin sans caisse, c'est pour demain », promet Paul Durand, PDG de Bricoline. "
        "Et de répéter : « Le magasin sans caisse, c’est pour demain ! »"
    )
    quotes = find_quotes(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Le magasin sans caisse, c'est pour demain", "Paul Durand")
    ]


def test_a_later_role_completes_the_same_speaker() -> None:
    quotes = dedupe(
        [
            QuoteCandidate("Une phrase assez longue pour compter", "Anne Morel"),
            QuoteCandidate("Une phrase assez longue pour compter.", "Anne Morel", "PDG de Vendix"),
        ]
    )
    assert [(q.speaker, q.role) for q in quotes] == [("Anne Morel", "PDG de Vendix")]


def test_the_word_a_role_or_a_place_ends_on_is_no_part_of_the_name() -> None:
    """OrangeSum valid: « le ministre de la Santé Olivier Véran » gave the quiz's speaker
    « Santé Olivier Véran », and « les jardins de la Maison Blanche » a speaker « Maison
    Blanche » for « a-t-il lancé »."""
    text = (
        "« J'entends l'impatience des soignants », a assuré mercredi le ministre de la Santé "
        "Olivier Véran au Sénat. « La situation est difficile pour tout le monde », a-t-il "
        "reconnu devant les sénateurs."
    )
    assert _speakers(text)["La situation est difficile pour tout le monde"][0] == "Olivier Véran"
    text = (
        "Le président américain a parlé depuis les jardins de la Maison Blanche. « Vous allez "
        "être fantastique, croyez-moi », a-t-il lancé à la juge."
    )
    assert _speakers(text) == {"Vous allez être fantastique, croyez-moi": ("", "")}
    assert last_person("Il a visité la Maison Blanche hier.") == ("", "")


# OrangeSum valid (shortened): a pronoun after a quote was given to the last person named,
# whose role or title says they are of the other gender.
@pytest.mark.parametrize(
    "text",
    [
        # « a-t-il écrit »: Emmanuel Macron wrote it, not « la chancelière allemande »
        "Selon l'hebdomadaire, le chef de l'État a encouragé la chancelière allemande Angela "
        "Merkel à plus d'audace. « L'Europe n'est pas une routine », a-t-il écrit.",
        # « a-t-il insisté »: Mme Rubirola is who they talked of
        "« Je vais voter pour la liste de Mme Rubirola », a expliqué le leader de La France "
        "insoumise. « A un deuxième tour, on n'hésite pas entre la gauche et la droite », "
        "a-t-il insisté.",
        # « a-t-elle déclaré »: the judge she replaces is « le juge Brett Kavanaugh »
        "Le président lui avait finalement préféré le juge Brett Kavanaugh. « J'aime les "
        "Etats-Unis et j'aime la Constitution », a-t-elle déclaré.",
        "Paul Martin, directeur de l'usine, a reçu les syndicats mardi. « Nous ne fermerons pas "
        "le site cette année », a-t-elle assuré.",
        # Nothing but the first name says it: « elle » is Valérie Trierweiler, not
        # François Hollande; « il » is not Roselyne Bachelot.
        "Depuis 2014, elle ne parle plus à François Hollande. « Il veut de nouveau se placer "
        "dans la course à la présidentielle », a-t-elle écrit.",
        "L'aide a été présentée jeudi par Roselyne Bachelot. « Tout sera fait pour que les "
        "Françaises et les Français retrouvent les salles », a-t-il encore déclaré.",
    ],
)
def test_a_pronoun_is_nobody_of_the_other_gender(text: str) -> None:
    assert [speaker for speaker, _ in _speakers(text).values()] == [""] * len(_speakers(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Claire Durand, directrice de l'usine, a reçu les syndicats mardi. « Nous ne "
            "fermerons pas le site cette année », a-t-elle assuré.",
            ("Claire Durand", "directrice de l'usine"),
        ),
        (  # « le parti de » tells nothing of Marine Le Pen; no role tells nothing either
            "Il refuse tout rapprochement avec le parti de Marine Le Pen. « Nous ne ferons "
            "aucune alliance avec eux », a-t-elle assuré.",
            ("Marine Le Pen", ""),
        ),
        (  # « la stratégie pour laquelle a opté » is no role
            "C'est la stratégie pour laquelle a opté Michel Fourniret. « Ce n'est pas drôle de "
            "vieillir, les neurones foutent le camp », assure-t-il.",
            ("Michel Fourniret", ""),
        ),
    ],
)
def test_a_pronoun_keeps_the_last_person_when_nothing_says_otherwise(
    text: str, speaker: tuple[str, str]
) -> None:
    assert list(_speakers(text).values()) == [speaker]


def test_a_time_is_no_role_and_tells_no_gender() -> None:
    """OrangeSum valid and train: « Ce lundi 15 juin, » made Marine Le Pen a man, « la semaine
    dernière » made Emmanuel Macron a woman, « ce mercredi » was a role."""
    text = (
        "Ce lundi 15 juin, Marine Le Pen a confirmé sa candidature. « Nous serons au second "
        "tour », a-t-elle assuré."
    )
    assert list(_speakers(text).values()) == [("Marine Le Pen", "")]
    text = (
        "Le projet a été présenté la semaine dernière par Emmanuel Macron. « Nous irons "
        "jusqu'au bout de cette réforme », a-t-il déclaré."
    )
    assert list(_speakers(text).values()) == [("Emmanuel Macron", "")]
    assert clean_role("ce mercredi") == ""
    assert clean_role("lundi 21 septembre") == ""
    assert clean_role("la GPA ne sera pas légalisée en France") == ""
    assert clean_role("ce sera sur le terrain du régalien") == ""
    assert clean_role("directrice marketing de Cabasso") == "directrice marketing de Cabasso"


def test_a_first_name_tells_a_gender_only_when_the_articles_agree() -> None:
    assert first_name_gender("Agnès Buzyn") == "f"
    assert first_name_gender("Paul Martin") == "m"
    assert first_name_gender("Jean-Yves Le Drian") == "m"
    assert first_name_gender("Dominique Martin") == ""  # a woman's and a man's
    assert first_name_gender("Agnès") == ""  # a name alone may be a surname


def test_a_verb_after_the_names_comma_is_no_role() -> None:
    """OrangeSum valid gave roles « a tenu à répondre », « rien n'a changé »; a relative
    clause still ends a real one (« le président du groupe Créapharm dont l'identité … »)."""
    assert clean_role("a tenu à répondre") == ""
    assert clean_role("rien n'a changé") == ""
    assert clean_role("le président du groupe Créapharm dont l'identité a été usurpée") == (
        "le président du groupe Créapharm"
    )
    assert last_person("Le directeur, Paul Martin, a reçu les syndicats mardi.") == (
        "Paul Martin",
        "",
    )


@pytest.mark.parametrize(
    ("name", "person"),
    [
        # OrangeSum valid: media, organisations, a sentence's initial and the next word.
        ("France Inter", ""),
        ("Météo France", ""),
        ("France Bleu Breizh", ""),
        ("Paris Match", ""),
        ("Air France", ""),
        ("Sciences Po Lille", ""),
        ("Le Parisien", ""),
        ("La Voix du Nord", ""),
        ("P. Ce", ""),
        ("D. N.", ""),
        # A medium before the name: « sur Twitter Christophe Castaner ».
        ("Twitter Christophe Castaner", "Christophe Castaner"),
        ("France Inter Valérie Pécresse", "Valérie Pécresse"),
        # People, particles and all.
        ("Marine Le Pen", "Marine Le Pen"),
        ("Robert De Niro", "Robert De Niro"),
        ("Me Pierre-Olivier Sur", "Me Pierre-Olivier Sur"),
        ("M. Mladic", "M. Mladic"),
    ],
)
def test_a_speaker_is_a_person(name: str, person: str) -> None:
    assert person_name(name) == person


def test_a_medium_is_nobody_and_the_pronoun_goes_to_the_person_before_it() -> None:
    text = (
        "Jean-Yves Le Drian était l'invité de France Inter mardi matin. « La France ne "
        "laissera pas tomber le Liban », a-t-il déclaré."
    )
    assert list(_speakers(text).values()) == [("Jean-Yves Le Drian", "")]
    assert list(_speakers("« Il fera beau demain partout », annonce Météo France.").values()) == [
        ("", "")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # OrangeSum valid 885: the last person named is Emmanuel Macron, the subject Hulot
            "Par la suite, Nicolas Hulot a tout de même saisi la main que lui tendait Emmanuel "
            "Macron, une fois élu président. « Il y avait un préalable pour réformer ce pays, "
            "sur les sujets que je porte », a-t-il poursuivi.",
            "Nicolas Hulot",
        ),
        (  # valid 469: « du président de l'Assemblée nationale Richard Ferrand » is a complement
            "Dès l'ouverture de son audition, Alain Juppé a dit avoir été surpris de la "
            "proposition du président de l'Assemblée nationale Richard Ferrand. « Je me suis "
            "d'abord demandé si j'en étais digne, je l'ai interrogé », a-t-il expliqué.",
            "Alain Juppé",
        ),
        (  # valid 1416: the niece named last is no « il »; the subject is
            "Jean-Marie Le Pen indique ne pas être en relation avec sa fille, ni avec sa nièce, "
            "Marion Maréchal-Le Pen. « C'est une tristesse, mais la vie politique en compte "
            "beaucoup », ajoute-t-il.",
            "Jean-Marie Le Pen",
        ),
    ],
)
def test_a_pronoun_is_the_subject_of_the_sentence_before(text: str, speaker: str) -> None:
    assert [name for name, _ in _speakers(text).values()] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # the sentence before gave its quote to the person named last: they go on
            "Paul Martin a reçu les syndicats, « une rencontre utile », a commenté Jacques "
            "Durand. « Nous reviendrons la semaine prochaine avec des "
            "propositions », a-t-il ajouté.",
            "Jacques Durand",
        ),
        (  # train: the name after « elle appréciait » is its object, not the subject
            "Pourtant, elle appréciait Alexandre Benalla révèle Daniel Cohn-Bendit. « Le soir "
            "où j'ai décidé de ne pas être ministre, j'étais à l'Élysée », raconte-t-il.",
            "Daniel Cohn-Bendit",
        ),
        (  # valid 1384: « Sur Public Sénat » is where, not who
            "Sur Public Sénat, le porte-parole des députés socialistes Boris Vallaud s'est lui "
            "aussi inquiété des répercussions de ces ordonnances. « On ne peut pas faire "
            "n'importe quoi avec le temps de travail », a-t-il déclaré.",
            "Boris Vallaud",
        ),
    ],
)
def test_a_pronoun_keeps_the_last_person_when_the_sentence_before_names_no_subject(
    text: str, speaker: str
) -> None:
    assert [name for name, _ in _speakers(text).values()] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # OrangeSum valid: the role before the name, no comma between them (none was named)
        (
            "« Nous ne lâcherons rien face à cette violence », a déclaré le Premier ministre "
            "Jean Castex lors d'un déplacement sur les lieux.",
            ("Jean Castex", "Premier ministre"),
        ),
        (
            "« La situation reste très tendue dans tout le département », a indiqué le "
            "procureur de la République du Mans Delphine Dewailly dans un communiqué.",
            ("Delphine Dewailly", "procureur de la République du Mans"),
        ),
        (
            "« Il faut protéger les plus fragiles avant tout », souligne le maire écologiste "
            "de la ville Éric Piolle.",
            ("Éric Piolle", "maire écologiste de la ville"),
        ),
    ],
)
def test_a_role_then_a_name_after_the_quote(text: str, speaker: tuple[str, str]) -> None:
    assert list(_speakers(text).values()) == [speaker]


@pytest.mark.parametrize(
    "text",
    [  # OrangeSum valid: the name is the role's complement, or a relative's object
        "« Ce que j'imagine, c'est que la reprise sera lente », a ajouté l'ancienne ministre "
        "de Nicolas Sarkozy.",
        "« Il n'a jamais rien payé de sa poche », assure l'entourage de François de Rugy.",
        "« Je ne voterai plus jamais pour eux », ajoute le jeune homme qui avait pourtant "
        "choisi Barack Obama pour son premier vote.",
    ],
)
def test_a_name_the_role_governs_is_not_the_speaker(text: str) -> None:
    assert [speaker for speaker, _ in _speakers(text).values()] == [""]


@pytest.mark.parametrize(
    "text",
    [  # OrangeSum train (read after the rule was written): a name after « par », « avec »
        "« Ayez confiance en vous, parce que moi j'ai confiance en vous », a lancé le chef "
        "de l'État aux rugbymen sélectionnés par Jacques Brunel avant leur départ.",
        "« J'ai voulu toujours minimiser le danger », déclarait le président dans un échange "
        "avec Bob Woodward le 19 mars.",
        # the name the rules read stops short of « McKenzie »: nobody rather than « Kenneth Mc »
        "« Les États-Unis ont décidé de réduire leur présence en Irak », a déclaré le général "
        "Kenneth McKenzie, chef du commandement militaire américain.",
    ],
)
def test_a_name_after_par_or_avec_or_cut_short_is_not_the_speaker(text: str) -> None:
    assert [speaker for speaker, _ in _speakers(text).values()] == [""]


def test_a_verb_of_saying_and_a_name_after_a_comma_are_no_role() -> None:
    # « Alexandre Benalla, révèle Daniel Cohn-Bendit »: the role pattern took « révèle Daniel
    # Cohn-Bendit » for Benalla's role, and « il » became Benalla.
    text = (
        "Pourtant, elle appréciait Alexandre Benalla, révèle Daniel Cohn-Bendit. « Le soir où "
        "j'ai décidé de ne pas être ministre, j'étais à l'Élysée », raconte-t-il."
    )
    assert list(_speakers(text).values()) == [("Daniel Cohn-Bendit", "")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # OrangeSum valid: verbs of saying the rules did not list
        (
            '"Je ne suis pas candidat pour être délégué de classe, mais député", plaisante '
            "Benoît Hamon. Pour lui, c'est loin d'être gagné.",
            ("Benoît Hamon", ""),
        ),
        (
            '"Il est responsable de la mort de millions de personnes", a tweeté Donald Trump.',
            ("Donald Trump", ""),
        ),
        (
            "\"Certains disent déjà 'c'est la fin de l'épidémie'. Bien sûr que non !\", s'est "
            "exclamé Hans Kluge.",
            ("Hans Kluge", ""),
        ),
        (
            '"Le préfet a un pouvoir discrétionnaire pour délivrer des titres de séjour", a '
            "expliqué à Libération Violaine Carrère, membre du Groupe d'information et de "
            "soutien des immigrés.",
            ("Violaine Carrère", "membre du Groupe d'information et de soutien des immigrés"),
        ),
        (  # the medium's name is no part of hers
            "\"Le pont sera remis en état d'ici à la fin de l'année\", a indiqué à Paris Match "
            "Elisabeth Borne.",
            ("Elisabeth Borne", ""),
        ),
        (  # a role ends where the sentence turns
            '"Ce sont des images insultantes et racistes !", a aussi critiqué sur Twitter '
            "Karima Delli, tandis que le député Eric Coquerel fustigeait le film.",
            ("Karima Delli", ""),
        ),
    ],
)
def test_any_verb_of_saying_and_a_name_after_the_quote(text: str, speaker: tuple[str, str]) -> None:
    assert list(_speakers(text).values()) == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        '"Les soignants appelaient au secours depuis longtemps", a souligné dans un communiqué '
        "le Collectif Inter-Hôpitaux.",
        '"Une réforme injuste et brutale pour les salariés", et Paul Martin a quitté la salle.',
        '"Une réforme injuste et brutale pour les salariés", dont Paul Martin se souvient.',
    ],
)
def test_no_verb_of_saying_or_no_person_after_the_quote_is_nobody(text: str) -> None:
    assert list(_speakers(text).values()) == [("", "")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [  # OrangeSum valid: a role without a name after the quote
        (
            '"Je suis satisfait que cet individu soit vivant et localisé", a déclaré Me Thierry '
            "Moser, avocat de la famille. \"C'est une satisfaction évidente mais nous restons "
            "prudents\", a ajouté l'avocat.",
            ("Me Thierry Moser", "avocat de la famille"),
        ),
        (
            'Le ministre de la Santé Olivier Véran a présenté le plan mardi. "Nous serons prêts '
            "pour la deuxième vague de l'épidémie\", a assuré le ministre.",
            ("Olivier Véran", "ministre de la Santé"),
        ),
        (
            "François Ghiringhelli, professeur de cancérologie à Dijon, dirige l'essai. \"Nous "
            'voulions ajouter le système immunitaire au modèle", explique le professeur '
            "Ghiringhelli.",
            ("François Ghiringhelli", "professeur de cancérologie à Dijon"),
        ),
    ],
)
def test_a_role_after_the_quote_is_the_person_named_before_with_it(
    text: str, speaker: tuple[str, str]
) -> None:
    assert list(_speakers(text).values())[-1] == speaker


@pytest.mark.parametrize(
    "text",
    [  # the other gender, the name a complement of the role, another surname, no such role
        'Le ministre de la Santé Olivier Véran a présenté le plan mardi. "Nous serons prêts '
        "pour la deuxième vague de l'épidémie\", a assuré la ministre.",
        'Le syndicat de Philippe Martinez a appelé à la grève. "La réforme des retraites est '
        'injuste pour les salariés", indique le syndicat.',
        "François Ghiringhelli, professeur de cancérologie à Dijon, dirige l'essai. \"Nous "
        'voulions ajouter le système immunitaire au modèle", explique le professeur Dupont.',
        "Paul Martin, directeur de l'usine, a reçu les syndicats. \"La réforme des retraites est "
        'injuste pour les salariés", indique le communiqué.',
    ],
)
def test_a_role_with_no_such_person_before_is_nobody(text: str) -> None:
    assert list(_speakers(text).values())[-1] == ("", "")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (  # OrangeSum valid: « Saint-Denis Alexis Corbière », role « en pleine séance … »
            "Le pain est cher, avait dénoncé le député de Seine-Saint-Denis Alexis Corbière, en "
            "pleine séance parlementaire, le 26 juillet.",
            ("Alexis Corbière", ""),
        ),
        ("Le maire de Nice Christian Estrosi a répondu.", ("Christian Estrosi", "")),
        ("Pourquoi Michel Drucker a-t-il quitté la chaîne ?", ("Michel Drucker", "")),
        # A first name that is also a surname's particle does not start the name.
        ("L'épouse de l'ancien président, Leïla Ben Ali, a parlé.", ("Leïla Ben Ali", "")),
    ],
)
def test_the_last_person_named_starts_at_their_first_name(
    text: str, person: tuple[str, str]
) -> None:
    assert last_person(text) == person


@pytest.mark.parametrize(
    "circumstance",
    [
        "en pleine séance parlementaire",
        "en déplacement à Dreux",
        "au moment de quitter la salle",
        "sans donner plus de détails sur son contenu",
        "après avoir échangé par téléphone avec son homologue libanais",
        "présent à Matignon",
        "également interrogé par France 2",
        "joint par l'AFP à Berlin",
        "dans les colonnes de Paris Match",
    ],
)
def test_what_a_person_was_doing_is_no_role(circumstance: str) -> None:
    assert clean_role(circumstance) == ""


@pytest.mark.parametrize(
    "role",
    [
        "en charge des situations d'urgence à l'OMS Europe",
        "présidente de l'association des Mères de Srebrenica",
        "à la tête de la Conférence des présidents d'université",
    ],
)
def test_a_role_is_kept(role: str) -> None:
    assert clean_role(role) == role
