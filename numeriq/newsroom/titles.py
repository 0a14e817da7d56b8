"""Informative titles: a complete phrase of at most 12 words for every story (pure).

Candidates are clauses of the brief and of the article's first sentences, made by deletions
(compress.py's asides, sources, parentheses, opening complement; the day of the news,
« vendredi 6 juillet »; what precedes « que » in reported speech; « a été » or « est » before
a participle, as titles write « un réseau démantelé »; the description before a name or
between commas after it and the adverbs titles leave out, « L'opérateur Telvia confie
désormais » → « Telvia confie », « Colistar, filiale de …, lance » → « Colistar lance ») and
by one rewriting, the lead's past in the present titles use (« a demandé » → « demande »,
`in_the_present`), cut at a boundary such as « , qui », « , alors que », « après avoir » (or
before a participle's phrase the 12 words fall inside: « un agent conversationnel | fondé
sur l'intelligence artificielle »), and each also with the story's recurring name or a
learned theme before a colon, as French news titles do (« Venise : un paquebot … »). A
linear model learned on the OrangeSum train split (`make train-titles`,
scripts/train_titles.py; weights and word chances in data/title_model.json) scores them by
how close (ROUGE-1) they should be to a journalist's title, from the chances that a title
uses their words: by the word itself, and by a small logistic token model that also knows
where and how often the story says it (`token_features`); the themes put before a colon are
the ones the article names that a logistic theme model finds likeliest in the title
(`named_themes`). Of the first candidates that `fragment_reasons` passes, the kept one
also reads most like a journalist's title (a small style model of titles' ends and
openings, `style_features`). Cuts fall only
at a boundary, never inside a name, a number and its unit, or a verb and its object, and
never between a subject and its verb (`cut_from_its_verb`: which forms are verbs comes from
spaCy's tagger, run once over the train leads, data/verb_forms.json); « que » gives its
clause only after a verb of saying (« X a estimé mercredi que … »). The fragment check is
the one the benchmark reports. Without the model file, the first candidate that passes the
check is kept.
"""

from __future__ import annotations

import json
import math
import operator
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from numeriq.newsroom.compress import drop_opener, tidy, variants
from numeriq.newsroom.quotes import first_name_gender, gender_of_first_name
from numeriq.newsroom.text import STOPWORDS, fold, split_sentences, word_count

MODEL_PATH = Path(__file__).with_name("data") / "title_model.json"
# Forms that are mostly verbs or participles (scripts/train_verb_forms.py, `make train-titles`).
VERB_FORMS_PATH = Path(__file__).with_name("data") / "verb_forms.json"

MAX_WORDS = 12

# A past participle's endings (« placé », « mis », « conduit », « venu », « ouvert », « peint »).
_PARTICIPLE_ENDINGS = (
    "é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues|ert|erte|erts|ertes|int|inte|ints|intes"
)

# Words a complete phrase never ends on: articles, prepositions, conjunctions, pronouns,
# auxiliaries, and verbs that need their object (« a annoncé », « veut »).


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


_FUNCTION_END = _folded(
    "le la les l' un une des du de d' au aux à a en et ou mais ni que qu' qui dont où "
    "pour par avec sans sur sous dans chez vers entre contre selon depuis pendant avant "
    "après lors ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos "
    "se s' ne n' y il elle ils elles on nous vous je j' est sont ont été être avoir "
    "fait va vont peut doit veut plus très trop si comme dont quand alors afin tout "
    "annoncé indiqué déclaré affirmé expliqué estimé précisé assuré souligné décidé "
    "jugé appelé demandé rappelé dénoncé confirmé révélé lancé pris mis rendu "
    "raconté regretté ajouté estimé annonce indique déclare affirme explique estime "
    "serait sera seront était étaient soit fut avait avaient aurait pourrait devrait "
    "doivent peuvent veulent faut semble reste devient permet permettent mettent met "
    "porte portent compte concerne touche vise due dû dus dues tel telle lui leur eux "
    "notamment encore déjà aussi même ainsi toujours jamais désormais plutôt "
    "rachète achète acquiert vend cède confie lance annonce signe ouvre ferme supprime "
    "prépare recrute quitte rejoint dévoile présente propose obtient remporte perd gagne "
    "convoque accuse condamne interdit autorise d'ici"
)
# Those of them that are nouns too, after a determiner: « ne ferme pas la porte », « son compte ».
_VERB_OR_NOUN = _folded(
    "porte compte annonce vise touche signe lance reste ferme vend pris fait rendu demande "
    "propose présente recrute perd gagne cède dévoile quitte ouvre"
)
# « Cabasso : la plateforme, qui revendique 1,2 million de clients », « Plusieurs clients de
# Dialogo, notamment des fournisseurs »: the subject and its relative clause or aside, the
# sentence's own verb cut away.
_OPEN_RELATIVE = re.compile(
    r",\s+(?:qui|dont|où|que|qu['’]|notamment|parmi lesquels|parmi lesquelles)\s"
    r"(?:[^,]|,(?=\d))*$"
)
_BAD_START = re.compile(
    r"^(?:qu['’]|c['’]est\b|c['’]était\b|d['’]une?\b|voici\b|voilà\b|et\b|mais\b|or\b|donc\b|car\b|"
    r"ou\b|ni\b|"  # « Benjamin Griveaux : ou encore revenir à la semaine de quatre jours »
    r"il\b|elle\b|ils\b|elles\b|cela\b|ça\b|ceci\b|en effet\b|ainsi\b|puis\b|ce dernier\b|"
    r"de son côté\b|de leur côté\b|tel est\b|telle est\b|sauf\b|par ailleurs\b|cependant\b|"
    r"pourtant\b|enfin\b|aussi\b|celui-ci\b|celle-ci\b|lui\b|eux\b|y\b|on\b|néanmoins\b|"
    r"toutefois\b|auparavant\b|d['’]ailleurs\b|en revanche\b|en outre\b|de plus\b|certes\b|"
    r"d['’]abord\b|alors\b|l['’]une?\b(?!\s+(?:des|d['’]entre)\b)|[,;:.]|"
    r"celui\b|celle\b|ceux\b|celles\b|"  # « Celui de « Danse avec les stars » bat son plein »
    r"\w+ment,\s+(?:il|elle|ils|elles|on|cela|ça)\b)",  # « Officiellement, il ne s'agit pas »
    re.IGNORECASE,
)
# « Si le mercato est terminé », « Lors de la traversée du pont », « contrairement à l'injure »:
# a subordinate clause or a complement of time whose main clause is not there (when no comma
# brings it). In OrangeSum's 13,938 train titles of at most 12 words: one such opening.
_SUBORDINATE = re.compile(
    r"(?:si\s|s['’](?:il|ils)\b|contrairement\s+(?:à|au|aux)\b|lors\s+d|alors\s+qu|"
    r"tandis\s+qu|bien\s+qu|puisqu|parce\s+qu|afin\s+d|avant\s+qu|après\s+qu|pour\s+qu)",
    re.IGNORECASE,
)
# A relative clause, to its comma or its end: its verb says something of a noun, not the
# sentence's news (« … l'incendie qui a ravagé Notre-Dame »).
_RELATIVE = re.compile(
    r"(?<![\w'’-])(?:qui|que|qu['’]|dont|où|lequel|laquelle|lesquels|lesquelles|auquel|"
    r"auxquels|auxquelles|duquel)(?![\w-])[^,]*",
    re.IGNORECASE,
)
# « Face à l'émergence de listes communautaristes », « Depuis l'abaissement de la vitesse à
# 80 km/h »: a complement of cause or time, no verb, no comma bringing a main clause (none of
# OrangeSum's 13,938 train titles of at most 12 words; « Vers », « Dans », « Sur » open
# theirs: « Dans l'intimité des coachings de Brigitte Macron »).
_LONE_COMPLEMENT = re.compile(
    r"(?:après|avant|à la suite d|a la suite d|suite à|suite aux?|face à|face aux|depuis|"
    r"malgré|grâce à|grâce aux|pendant|faute d|en raison d|à cause d|a cause d|lors d|"
    r"au lendemain d|à la veille d|à l['’]issue d|à l['’]approche d)",
    re.IGNORECASE,
)
# A preposition opening two or three words: the title is a complement and nothing else.
_SHORT_COMPLEMENT = re.compile(
    r"(?:à|a|au|aux|en|dans|sur|sous|vers|chez|pour|par|avec|sans|lors|dès|depuis|après|avant|"
    r"pendant|malgré|entre|contre|face)\b",
    re.IGNORECASE,
)
# « Pour célébrer le seuil des 500 millions d'utilisateurs », « Sans se prononcer sur le jeu
# des deux équipes », « En pleine épidémie »: a preposition's phrase, no verb, no comma bringing
# a clause (3 of OrangeSum's 13,938 train titles of at most 12 words: « Ikea : en garde à vue
# pour avoir mal scanné des articles », « EN DIRECT. Les voeux … »; 7 of numeriq's 1,499 valid
# titles, all cut from their sentence). Not « Dans », « Sur », « Vers », which open
# journalists' titles (« Dans l'intimité des coachings de Brigitte Macron », « Sur les traces
# des ancêtres poilus d'Emmanuel Macron », « Urgences : vers un été catastrophique »).
_PREPOSITIONAL_OPENING = re.compile(
    r"(?:en|pour|avec|sans|chez|par|dans le cadre d['’]?\w*)\s", re.IGNORECASE
)
# « Son film en compétition à Deauville est … », « Sa "phobie administrative" ne lui aura pas
# permis … »: a possessive whose owner the article named before (1 of the 13,938 train titles
# opens so without a colon naming the owner first, as « Michel Drucker : son père … » does).
_POSSESSIVE_OPENING = re.compile(r"(?:sa|son|ses|leur|leurs)\s", re.IGNORECASE)
# « Jeudi 9 janvier, il était invité »: a date, then a pronoun whose antecedent the article
# gave before (none of the train titles).
_DATE_THEN_PRONOUN = re.compile(
    r"(?:(?:ce\s+|le\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|hier|"
    r"aujourd['’]hui|le\s+\d|en\s+\d{4}|début|fin|mi-|cette\s+semaine|ce\s+week-end|"
    r"au\s+petit\s+matin|dans\s+la\s+nuit)[^,]{0,40},\s+(?:il|elle|ils|elles|on)\b",
    re.IGNORECASE,
)
# « J'ai des convictions, je suis un modéré »: a quote without its quotation marks (and
# without who said it); none of the train titles speaks in the first person outside them.
_FIRST_PERSON = re.compile(r"(?:^|,\s)(?:je\b|j['’]|nous\b)", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|«[^»]*»|“[^”]*”')
# « François Hollande : ► Cécile Duflot », « Philippe Pemezec : -Depuis l'affaire … » (a list's
# dash, not « -69,6°C : un nouveau record »)
_LAYOUT_SYMBOL = re.compile(r"[►▶▸•■□●◆➜➤→]|:\s-(?=[^\W\d])")
_DETERMINERS = _folded("le la les l' un une des du ce cet cette ces son sa ses leur")
_DEFINITE = _folded("le la les l' ce cet cette ces son sa ses leur leurs")  # not « un séisme »
# « France a convoqué »: an auxiliary and a participle, nothing after (not « a été blessé »).
_BARE_PARTICIPLE_END = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient|va|vont|veut|veulent|doit|doivent|devra|"
    r"devront|pourra|pourront|peut|peuvent)\s+(?:pas\s+|plus\s+|jamais\s+|déjà\s+)?"
    r"\w+(?:é|i|u|is|it|er|ir|re)"
    # « France a convoqué vendredi »: a day or a time after the verb is not its object
    r"(?:\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui|"
    r"matin|soir|midi|dernier|dernière|prochain|\d{1,2}|(?:ce|cette|le|la)(?=\s)))*$"
    # « le Premier ministre a ainsi présidé »: an adverb between them changes nothing
    r"|\b(?:a|ont|avait|avaient|aurait|auraient)\s+(?:ainsi|aussi|même|notamment|également|"
    r"toujours|encore|finalement|bien|longtemps|récemment|alors)\s+\w+(?:é|i|u|is|it)$"
    r"|\b(?:par rapport|grâce|face|jusqu['’]|quant)$"
    # « … permet aux annonceurs de produire », « pour lancer »: an infinitive needing more
    r"|\b(?:pour|afin de|sans)\s+[a-zà-ÿ]+(?:er|ir|re)$"
    r"|\b(?:permet|permettent|vise|visent|cherche|cherchent|tente|tentent|décide|décident|"
    r"propose|proposent|aide|aident|promet|promettent|refuse|refusent|compte|comptent)"
    r"\s+(?:\S+\s+){0,3}(?:de|d['’]|à)\s*[a-zà-ÿ]+(?:er|ir|re)$"
    # « … pour réussir à mettre »: a verb, « à » or « de », and an infinitive needing more
    r"|\b(?:réussir|réussit|réussissent|parvenir|parvient|parviennent|commence|commencent|"
    r"continue|continuent|arrive|arrivent|cherchant|tentant|essaie|essaient|essayer|chercher|"
    r"tenter|pousse|poussent|invite|invitent|oblige|obligent|appelle|appellent|incite|"
    r"incitent|prêts?|prêtes?|décidée?s?)\s+(?:à|de|d['’])\s*[a-zà-ÿ]+(?:er|ir|re)$"
)
_NAME_WORD = re.compile(r"[A-ZÀ-ÝŒ][\w’'-]*$|[A-Z]{2,}$|(?:de|du|d['’]\w+)$")
# « Benoît Hamon : à la présidentielle »: after the colon, a complement and nothing else.
_PREPOSITION_START = re.compile(
    r"(?:(?:à|au|aux|en|dans|depuis|pour|sur|sous|chez|avec|sans|par|entre|vers|lors|après|"
    r"avant|pendant|selon|contre|malgré|au-delà|face|outre|dès|parmi|de la)\s|de l['’])",
    re.IGNORECASE,
)
# Words that point back to what the article said before: a title cannot (in OrangeSum's
# 21,395 train titles, « auparavant », « de son côté », « pour sa part » never come,
# « ensuite » once, « également » 7 times; of the 13,938 of 12 words or fewer, none says
# « par ailleurs », « par exemple », « en effet » or « d'ailleurs »).
_POINTS_BACK = re.compile(
    r"\b(?:auparavant|ensuite|également|de son côté|de leur côté|pour sa part|pour leur part|"
    r"(?:lui|elle|eux|elles) aussi|par ailleurs|par exemple|en effet|d['’]ailleurs)\b",
    re.IGNORECASE,
)
# « le président ... du lobby des chasseurs », « (...) »: words left out of what is quoted (not
# the suspension at a title's end, « Crise de paranoïa à Matignon... »).
_OMISSION = re.compile(r"(?:\s\.\.\.|…)\s+[a-zà-ÿ]|\(\.\.\.\)|\(…\)|\[\.\.\.\]|\[…\]")
_SOURCE_ONLY = re.compile(r"(?:selon|d['’]après)\s", re.IGNORECASE)
# What opens a complement of time, place or source rather than a clause.
_COMPLEMENT_START = re.compile(
    rf"{_PREPOSITION_START.pattern}|(?:selon|d['’]après)\s|(?:l['’]an|l['’]année|la semaine|"
    r"le mois|cette année|ce mois|hier|aujourd['’]hui|demain|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche)\b",
    re.IGNORECASE,
)
# « … le président bélarusse confronté », « Paris opposé »: a word that governs a complement
# (« confronté à », « opposé à ») cut from it.
_GOVERNING_END = _folded(
    "confronté confrontée confrontés confrontées opposé opposée opposés opposées soumis soumise "
    "soumises exposé exposée exposés exposées destiné destinée destinés destinées lié liée liés "
    "liées prêt prête prêts prêtes consacré consacrée consacrés consacrées dédié dédiée dédiés "
    "dédiées réservé réservée réservés réservées habitué habituée habitués habituées attaché "
    "attachée attachés attachées favorable favorables hostile hostiles relatif relative relatifs "
    "relatives conforme conformes suite faute appartenant concernant visant portant comptant "
    "menant permettant situé située situés situées implanté implantée implantés implantées "
    "installé installée installés installées fondé fondée fondés fondées basé basée basés basées "
    "considéré considérée considérés considérées qualifié qualifiée qualifiés qualifiées réputé "
    "réputée réputés réputées censé censée censés censées appelle appellent appelé appelée "
    "appelés appelées mené menée menés menées"  # « une levée de fonds … menée » (par …)
)
# « les secours ne bloquent la route »: « ne » with no « pas », « plus », « que » … after it
# (the sentence's « ne … qu'à » cut short).
_NEGATION = re.compile(r"\b(?:ne\s|n['’](?=\w))", re.IGNORECASE)
_NEGATION_END = re.compile(
    r"\b(?:pas|plus|jamais|rien|guère|point|que|qu['’]|aucun|aucune|personne|ni|nul|nulle|"
    r"nullement|importe)\b",
    re.IGNORECASE,
)
_INVERSION = re.compile(r"[\s-]t-(?:il|elle|ils|elles|on)\b", re.IGNORECASE)
_BARE_NUMBER_END = re.compile(r"(?:^|\s)\d+(?:[.,]\d+)?$")
# Where a clause may be cut: before these, what precedes is still a phrase.
_CUT_BEFORE = re.compile(
    r",\s|\s;\s|\s[–—-]\s|\s(?=(?:qui|dont|où|alors que|tandis que|après avoir|après|avant de|"
    r"avant|afin de|pour|selon|lors d[eu']|depuis|dans|sur|en|à|au|aux|avec|par|contre|"
    r"malgré|grâce à|face à|auprès d[eu']|chez|pendant|sous|vers|entre|parmi|dès|jusqu['’]\w+)\s)"
)
_NAME = re.compile(
    r"(?<![\w'’])(?:[A-ZÀ-ÝŒ][\w’'-]+|[A-Z]{2,})(?:\s+(?:de\s+|d['’]|du\s+)?"
    r"(?:[A-ZÀ-ÝŒ][\w’'-]+|[A-Z]{2,}))*"
)
_NOT_NAMES = _folded(
    "le la les l un une des du de d au aux à en et ou mais il elle ils elles on nous "
    "vous je ce cette ces son sa ses leur selon pour par avec sur dans après avant "
    "depuis lors alors si comme quand lundi mardi mercredi jeudi vendredi samedi "
    "dimanche c qu mme m monsieur madame france français française"
)


# « Queensland : dont quatre Français », « Deux Alpes : n'a pas survécu », « Qui s'ajoute à
# l'aide »: a relative or a verb with its subject left behind (« Qui a tué l'ours ? » asks).
_NO_SUBJECT_START = re.compile(r"(?:dont\b|n['’]\w|ne\s|qui\b(?![^?]*\?))", re.IGNORECASE)
# « … de même qu'un »: an elided word that opens what is cut away.
_ELIDED_OPENERS = _folded("un une il elle ils elles on en y")
# « la réforme des retraites est actuellement », « une mesure qui fera l'objet »: a verb whose
# attribute or complement is cut away (« n'est plus » is whole).
_HANGING_VERB_END = re.compile(
    r"\b(?:est|sont|était|étaient|sera|seront|serait|a|ont|avait|avaient)\s+(?:\w+ment|"
    r"toujours|encore|déjà|désormais|aussi|très|notamment|alors|donc)$"
    r"|\b(?:fait|font|fera|feront|faire|ferait|feraient|faisait)\s+l['’]objet$",
    re.IGNORECASE,
)


# A word as the governing and the never final words are counted (scripts/train_verb_forms.py):
# « l'impôt » is one.
GOVERNING_WORD = r"[\w’'-]+"
_LAST_TOKEN = re.compile(GOVERNING_WORD + "$")


def _last_token(text: str) -> str:
    """The title's last word as the word lists were counted (« l'impôt » is one)."""
    found = _LAST_TOKEN.search(text)
    return found.group() if found else ""


_BE_FORMS = _folded("est sont sera seront serait seraient était étaient été être soit soient fut")


def fragment_reasons(title: str) -> list[str]:
    """Why a title is a fragment rather than a complete phrase (empty: it is complete)."""
    reasons: list[str] = []
    text = " ".join(title.split()).rstrip(" .")
    words = text.split()
    if len(words) < 2:
        return ["un seul mot" if words else "titre vide"]
    if word_count(text) > MAX_WORDS:  # « 7 % » is one word
        reasons.append(f"plus de {MAX_WORDS} mots")
    if _BAD_START.match(text):
        reasons.append(f"commence par « {words[0]} »")
    opening = text.lstrip('«"“ \u00a0\u202f')
    if not opening[:1].isupper() and not opening[:1].isdigit():
        reasons.append("ne commence pas par une majuscule")
    last = fold(words[-1].strip('»"”),;:!?…'))
    noun = len(words) > 2 and fold(words[-2]) in _DETERMINERS and last not in _DETERMINERS
    # « Le campus sera fermé », « L'ambassadeur va être convoqué »: a passive is whole (the
    # folded « ferme », « convoque » are verbs that need their object).
    passive = (
        len(words) > 2
        and fold(words[-2]) in _BE_FORMS
        and words[-1].rstrip('»"”),;:!?…').endswith(("é", "ée", "és", "ées"))
    )
    # The last word as the learned word lists count it, when the title ends on it.
    listed = _last_token(text).lower() if words[-1][-1:].isalnum() else ""
    if last.endswith("'") or (
        last in _FUNCTION_END and not (noun and last in _VERB_OR_NOUN) and not passive
    ):
        reasons.append(f"finit sur « {words[-1]} »")
    elif last in _GOVERNING_END or listed in governing_words():
        reasons.append(f"finit sur « {words[-1]} » sans son complément")
    elif listed in never_final_words():
        reasons.append(f"finit sur « {words[-1]} », qui ne finit presque jamais une phrase")
    negation = _NEGATION.search(text)
    if negation and not _NEGATION_END.search(text, negation.end()):
        reasons.append("négation incomplète (« ne » sans « pas », « plus », « que »…)")
    if _a_name_alone(words, _DETERMINERS):  # « Kim Jong », « Benoît Hamon », « Le chômage »
        reasons.append("un nom seul, sans ce qu'il en dit")
    after_colon = text.partition(" : ")[2]
    if after_colon and _PREPOSITION_START.match(after_colon) and "," not in after_colon:
        reasons.append("après les deux-points, un complément sans phrase")
    # « François Hollande : Nicolas Sarkozy », « Antoine Flahault : les postillons » (not « un
    # séisme »: a named event is news)
    if after_colon and _a_name_alone(after_colon.split(), _DEFINITE):
        reasons.append("après les deux-points, un nom seul, sans ce qu'il en dit")
    if after_colon and _BAD_START.match(after_colon):  # « X : elle, le cinéaste … »
        reasons.append(f"après les deux-points, commence par « {after_colon.split()[0]} »")
    clause = after_colon or text  # « Selon la fédération X, les ventes »: no verb after
    if _SUBORDINATE.match(clause) and ", " not in clause:
        reasons.append("une subordonnée ou un complément sans la phrase principale")
    if _NO_SUBJECT_START.match(clause):
        reasons.append(f"commence par « {clause.split()[0]} », sans sujet")
    elided = last.rpartition("'")[2]
    if "'" in last[:-1] and elided in _ELIDED_OPENERS:
        reasons.append(f"finit sur « {words[-1]} »")
    if _HANGING_VERB_END.search(text):
        reasons.append(f"finit sur un verbe sans attribut ni complément (« {words[-1]} »)")
    said_part = _SAID_WITHOUT_VERB.search(clause)
    if said_part and _verbs_in(said_part.group("said"))[1]:
        reasons.append("« que » sans le verbe de ce qui est dit")
    if len(words) <= 3 and _SHORT_COMPLEMENT.match(text) and not _finite_verb_in(text):
        reasons.append("un complément seul")  # « Au lendemain », « Dans le cadre », « En Corse »
    if (  # « Après l'incendie qui a ravagé Notre-Dame »: the relative's verb is no main verb
        _LONE_COMPLEMENT.match(clause)
        and "," not in clause
        and not clause.endswith("?")
        and not _finite_verb_in(_RELATIVE.sub("", clause))
    ):
        reasons.append("un complément sans la phrase qu'il complète")
    if (  # « Dans l'usine de Blanquefort en Gironde », « En précisant avoir "demandé …" »
        _PREPOSITIONAL_OPENING.match(clause)
        and "," not in clause
        and not clause.endswith(("?", "!"))
        and not _finite_verb_in(_RELATIVE.sub("", clause))
    ):
        reasons.append("un complément sans la phrase qu'il complète")
    if " : " not in text and _POSSESSIVE_OPENING.match(text):  # « Sa "phobie administrative" … »
        reasons.append(f"commence par « {words[0]} », qui renvoie à ce qui précède")
    if (  # « A la tête du gouvernement depuis sept mois »
        _A_COMPLEMENT.match(clause)
        and "," not in clause
        and not clause.endswith("?")
        and not _finite_verb_in(clause[2:])
    ):
        reasons.append("un complément sans la phrase qu'il complète")
    if _without_subject(after_colon or text):
        reasons.append(f"un verbe sans sujet (« {clause.split()[0]} »)")
    named = clause.rpartition(", ")[2].split()
    if (  # « La nouvelle ministre déléguée à l'Égalité, Elisabeth Moreno »
        ", " in clause
        and 0 < len(named) <= 3
        and all(_NAME_WORD.match(word) for word in named)
        and "?" not in clause
        and not _finite_verb_in(clause)
    ):
        reasons.append("une description et un nom, sans ce qu'on en dit")
    head, comma, rest = clause.partition(", ")
    if (  # « Le cousin du célèbre chanteur français, a été l'acteur » (none of the train titles)
        comma
        and ", " not in rest
        and rest.partition(" ")[0] in _AUXILIARIES
        and not _COMPLEMENT_START.match(head)
        and not _finite_verb_in(head)
        and "?" not in clause
    ):
        reasons.append("une virgule entre le sujet et son verbe")
    if _participle_alone(text, after_colon):
        reasons.append("un participe sans le nom ni la phrase qu'il complète")
    if _present_participle_alone(clause):
        reasons.append(f"un participe présent sans la phrase (« {clause.split()[0]} »)")
    if _described_subject(clause):
        reasons.append("un sujet et sa description, sans son verbe")
    if _LEANING_OPENER.match(clause):  # « Surtout, la position de … », « D'autant plus qu'ils »
        reasons.append(f"commence par « {clause.split()[0].rstrip(',')} », qui tient au contexte")
    if _common_capital(after_colon):
        reasons.append(
            f"après les deux-points, une majuscule à « {after_colon.split()[0].rstrip(',')} »"
        )
    ending = words[-1].strip('»"”')
    hanging = _COORDINATED_VERB_END.search(text) or _IMPERFECT_END.fullmatch(ending)
    future = _FUTURE_END.fullmatch(ending) and ending not in _NOT_FUTURES
    if (hanging and _a_verb(ending)) or future:
        reasons.append(f"finit sur un verbe sans complément (« {words[-1]} »)")
    if _DATE_THEN_PRONOUN.match(clause):
        reasons.append("une date puis un pronom qui renvoie à ce qui précède")
    if _FIRST_PERSON.search(_QUOTED.sub("", clause)):
        reasons.append("une citation sans guillemets (« je », « nous »)")
    if _LAYOUT_SYMBOL.search(text):
        reasons.append("un symbole de mise en page")
    opener, comma, subject = clause.rpartition(", ")
    said = subject.split()
    if (
        comma
        and _PREPOSITION_START.match(opener)
        and len(said) <= 2
        and (fold(said[0]) in _DETERMINERS or fold(said[0]).startswith("l'"))
    ):
        reasons.append("un complément puis un sujet sans son verbe")
    parts = clause.split(", ")
    tail = parts[-1].split()
    if len(parts) > 1 and len(tail) == 2 and fold(tail[0]) in _DEFINITE:
        reasons.append("un sujet sans son verbe")  # « pandémie oblige, les commémorations »
    if (len(parts) == 1 and _SOURCE_ONLY.match(clause)) or (
        len(parts) > 1 and all(_COMPLEMENT_START.match(part) for part in parts)
    ):  # « Selon la fédération X », « L'an dernier, selon le bilan publié par X »
        reasons.append("des compléments sans la phrase qu'ils complètent")
    if points_back := _POINTS_BACK.search(text):  # « Le délai moyen était auparavant de … »
        reasons.append(f"renvoie à ce qui précède (« {points_back[0]} »)")
    if _OMISSION.search(text):
        reasons.append("des mots coupés (« ... »)")
    if _BARE_PARTICIPLE_END.search(text):
        reasons.append(f"finit sur un verbe sans complément (« {words[-1]} »)")
    if _OPEN_RELATIVE.search(text):
        reasons.append("finit dans une relative, sans le verbe de la phrase")
    if _BARE_NUMBER_END.search(text):
        reasons.append("finit sur un nombre seul")
    if text.count(" : ") > 1:  # « Syrie : la position de la France n'a pas changé : les … »
        reasons.append("deux fois « : », une phrase coupée par une autre")
    if text.endswith((",", ":", ";", "-", "–")):
        reasons.append("finit sur une ponctuation ouverte")
    if text.count("«") != text.count("»") or text.count("(") != text.count(")"):
        reasons.append("guillemet ou parenthèse non fermé")
    if _INVERSION.search(text) and not text.endswith("?"):  # « … a t-elle un plan »
        reasons.append("une question sans point d'interrogation")
    if text.count('"') % 2:
        reasons.append("guillemet non fermé")
    return reasons


# « A deux semaines de la rentrée », « À l'initiative du champion du monde »: « à » opening
# a complement (« A » as titles often write it), no verb and no comma bringing a clause (3 of
# OrangeSum's 13,938 train titles of at most 12 words: « A l'affût des signes de rebond »).
_A_COMPLEMENT = re.compile(r"[AÀà]\s")
# « Bidart : restera un jour à marquer », « X : aurait tenu Michel Fourniret »: after the
# colon, a conjugated verb whose subject was cut away (none of the train titles).
_CONJUGATED = re.compile(r"[a-zà-ÿ]{3,}(?:era|eront|erait|eraient|ait|aient)$")
# « … ressemblerait à l'étiquette-énergie et attribuerait »: a second verb without its object.
_COORDINATED_VERB_END = re.compile(
    r"\bet\s+(?:\w+\s+)?\w{3,}(?:rait|raient|ra|ront|ait|aient)$", re.IGNORECASE
)
# « la justice reprochait », « le dernier message remontait », « le tracé épousera »: an
# imperfect, a conditional or a future that ends a title has lost what it governs (2 of the
# 13,938 train titles: « un homme tué par un migrant qu'il hébergeait »).
_IMPERFECT_END = re.compile(r"[a-zà-ÿ]{4,}(?:ait|aient)")
_FUTURE_END = re.compile(r"[a-zà-ÿ]{3,}(?:era|eront|ira|iront)")
_NOT_FUTURES = frozenset({"caméra", "opéra", "lira"})
_PARTICIPLE_END = re.compile(r"\w(?:é|ée|és|ées)$")
_PARTICIPLE_FORM = re.compile(rf"(?:ant|ants|ante|antes|i|ie|ies|{_PARTICIPLE_ENDINGS})$")
_PRESENT_PARTICIPLE_START = re.compile(r"[Ss]['’]\w+ant\b")  # « S'affichant amateur de … »
_AUXILIARY_WORDS = (
    "a ont est sont sera seront serait seraient était étaient avait avaient aurait auraient va "
    "vont doit doivent peut peuvent fait font"
)
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split())  # not folded: « a » is no « à »


def _a_verb(word: str) -> bool:
    """Whether the lower-case word is a verb form (spaCy's tagger's, or a tense ending)."""
    return word in verb_forms()[0] or bool(_TENSE_ENDING.match(word))


# Endings of a participle's form that no participle has: « provoque », « distingue »,
# « utilise », « précise » (but « mise », « prise », « acquise » are), « invite », « évite »
# (but « dite », « écrite », « conduite »), « pourrait », « avançait » (but « fait »,
# « extrait »).
_NO_PARTICIPLE = re.compile(
    r"(?:[qg]ues?|(?<!m)(?<!pr)(?<!qu)ises?|(?<![dur])ites?|(?<!f)(?<!tr)aient|(?<!f)(?<!tr)ait)$"
)


def _participle_form(word: str) -> bool:
    """Whether the lower-case word ends like a participle (« rentrée », « finie », « mise »),
    not as « provoque » or « utilise », present tenses of the same look."""
    return bool(_PARTICIPLE_FORM.search(word)) and not _NO_PARTICIPLE.search(word)


def _finite_verb_in(text: str) -> bool:
    """Whether the text has a conjugated verb: an auxiliary, or a form the tagger read as
    one that is no participle, neither after a determiner nor a preposition (« le chômage
    baisse », not « la baisse », « rentrée », « plateformes américaines »)."""
    before = ""
    finite = finite_forms()
    for word in re.findall(r"\w+", text):
        lower = word.lower()
        if lower in _AUXILIARIES and before not in _NOUN_BEFORE:
            return True
        conjugated = lower in finite or bool(_TENSE_ENDING.match(lower))
        if conjugated and before not in _NOUN_BEFORE and not _participle_form(lower):
            return True
        before = fold(lower)
    return False


def _without_subject(clause: str) -> bool:
    """Whether the clause opens on a conjugated verb (an auxiliary, « restera »), not a
    question (« a-t-il menti ? » keeps its subject after the verb) nor « A » for « À »."""
    first = clause.split()[0]
    if "?" in clause:
        return False
    if first == "A":  # « A expliqué lors d'une table ronde … » is no « À Paris »
        second = (clause.split()[1:2] or [""])[0].lower()
        return _past_participle(second)
    first = first.lower()
    return first in _AUXILIARIES or (_a_verb(first) and bool(_CONJUGATED.match(first)))


_NOT_PARTICIPLES = _folded(
    "maintenant pendant durant cependant avant devant suivant moyennant nonobstant"
)


def _present_participle_alone(clause: str) -> bool:
    """« Pariant sur une victoire 3-1 des Bleus », « Paris : craignant une nouvelle fermeture
    des cafés »: a present participle's phrase and no clause after a comma (none of OrangeSum's
    13,938 train titles of at most 12 words; « Jouant sur l'empathie …, Biden retrouve … » has
    its clause; « L'opposant », « L'étonnant » are nouns and adjectives)."""
    words = clause.split()
    if len(words) < 2 or ", " in clause:
        return False
    first = words[0].lower().strip('"«“')
    verbs, others = verb_forms()
    return (
        first.isalpha()
        and len(first) > 4
        and first.endswith("ant")
        and fold(first) not in _NOT_PARTICIPLES
        and (first in verbs or first not in others)
        and not words[1][:1].isupper()
    )


# Nouns the tagger mostly saw as participles, that open titles (« Tollé en Allemagne … »).
_NOUNS_LIKE_PARTICIPLES = _folded(
    "tollé levée envolée arrivée montée flambée poussée percée ruée entrée rentrée"
)


def _participle_alone(text: str, after_colon: str) -> bool:
    """« Qualifiée de "honte" par Jean-Luc Mélenchon », « X : S'affichant amateur de Brel »:
    a participle's phrase and no clause (9 of the 13,938 train titles of at most 12 words
    open so, nouns among them: « Tollé en Allemagne … »)."""
    if _PRESENT_PARTICIPLE_START.match(after_colon or text):
        return "," not in (after_colon or text)
    if after_colon or ":" in text or "," in text or "?" in text:
        return False
    first, _, rest = text.partition(" ")
    lower = first.lower()
    return (
        first[:1].isupper()
        and fold(lower) not in _NOUNS_LIKE_PARTICIPLES
        and _PARTICIPLE_END.search(lower) is not None
        and lower in verb_forms()[0]
        and not _finite_verb_in(rest)
    )


def _described_subject(clause: str) -> bool:
    """« Le médecin de Vincent Lambert, hospitalisé », « l'animateur Stéphane Bern, chargé de
    la mission Patrimoine »: a subject, its one comma, then a participle's phrase that
    describes it, and no conjugated verb. 24 of OrangeSum's 15,445 train titles of at most 12
    words write so (« Un rare Botticelli aux enchères, estimé plus de 80 millions de
    dollars »); of numeriq's 1,499 valid titles before this check, 26, all but two of them
    sentences cut from their verb (« Simon, remarque ce miracle … », a verb the list lacks)."""
    head, comma, rest = clause.partition(", ")
    if not comma or not head or not rest or ", " in rest or "?" in clause:
        return False  # « Rock en Seine, dernier grand festival de l'été, reporté à 2021 »
    first = rest.split()[0].lower()
    if first in _SAYS or not _past_participle(first):
        return False
    opening = head.split()[0]
    subject = fold(opening) in _DEFINITE or fold(opening).startswith("l'") or opening[:1].isupper()
    return subject and not _finite_verb_in(clause)


_SAYS = frozenset({"dit", "dite"})  # « Décrue de la mortalité …, dit l'Insee »
# A past participle's form (« hospitalisé », « chargée », « mis », « connue », « ouvert »).
_PARTICIPLE_END_FORM = re.compile(rf"\w(?:{_PARTICIPLE_ENDINGS})$")


def _past_participle(word: str) -> bool:
    """Whether the lower-case word is a verb form of the tagger's with a past participle's
    ending (« hospitalisé », « expliqué »)."""
    return bool(_PARTICIPLE_END_FORM.search(word)) and word in verb_forms()[0]


# Words that open a clause after the colon only as a sentence writes them, with a capital that
# a title drops: adverbs, subordinators, participles (« Pau : Lorsqu'ils pénètrent … »,
# « X : Actuellement, … », « X : S'affichant amateur … »).
_ELIDED_SUBORDINATORS = _folded("lorsqu jusqu puisqu quoiqu d s qu")
# (« Et », « Mais », « Pourtant », « Alors » … after the colon: _BAD_START)
_CAPITALISED_OPENER_WORDS = (
    "surtout", "ensuite", "désormais", "bref", "parfois", "hier", "demain", "aujourd'hui",
    "là", "ici", "outre", "lorsque", "puisque",
)  # fmt: skip
_CAPITALISED_OPENERS = frozenset(_CAPITALISED_OPENER_WORDS)


# An adverb and its comma that tie the sentence to the one before (« Surtout, », « Ensuite, »,
# « Désormais, »), a subordinator, or a present participle opening what the article said
# after another sentence (none of OrangeSum's 15,445 train titles of at most 12 words opens
# so; 4 of numeriq's 1,499 valid titles did once the colon's capital was checked: « Surtout,
# la position de … », « S'affichant amateur de … », « D'autant plus qu'ils … »). Adverbs of
# manner or comment stand alone: « Heureusement, le bateau a tenu bon ».
_LEANING_OPENER = re.compile(
    r"(?:(?:surtout|ensuite|désormais|bref|puis),\s|(?:lorsqu|puisqu|d['’]autant)\b|s['’]\w+ant\b)",
    re.IGNORECASE,
)


def _common_capital(after_colon: str) -> bool:
    """Whether what follows the colon opens on a capitalised adverb, subordinator or
    participle (« Actuellement », « Lorsqu'ils », « D'après », « Devenu »), not a name nor a
    determiner (« Nice : Une mère tente … », as some journalists write). One of OrangeSum's
    15,445 train titles of at most 12 words opens so (« Espace : Bennu, l'astéroïde … »,
    a name the verb list holds; « Quand » is not one of these words: « Nice : Quand
    Christian Estrosi efface … »); of numeriq's 1,499 valid titles before this check, 12."""
    if not after_colon[:1].isupper():
        return False
    lower = after_colon.split(" ", 1)[0].lower()
    elided = re.match(r"(\w+)['’]", lower)
    if elided:
        return fold(elided.group(1)) in _ELIDED_SUBORDINATORS
    if lower.rstrip(",") in _CAPITALISED_OPENERS:
        return True
    # « Actuellement, », « Devenu, d'attentat en attentat, … »: an adverb or a participle
    # and its comma (not « Chevènement clarifie », « Envoyé Spécial diffuse »).
    return lower.endswith(",") and (
        lower.endswith("ment,")
        or (lower[:-1] in verb_forms()[0] and bool(_PARTICIPLE_FORM.search(lower[:-1])))
    )


def _a_name_alone(words: Sequence[str], determiners: frozenset[str]) -> bool:
    """Whether the words are only a name (at most three capitalised words) or a determiner
    and its noun."""
    return (len(words) == 2 and fold(words[0]) in determiners) or (
        0 < len(words) <= 3 and all(_NAME_WORD.match(word) for word in words)
    )


@lru_cache(maxsize=1)
def _word_lists() -> Mapping[str, frozenset[str]]:
    """data/verb_forms.json's lists of words (scripts/train_verb_forms.py); none without it."""
    try:
        data = json.loads(VERB_FORMS_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        name: frozenset(data[name].split())
        for name in ("verbs", "not verbs", "finite", "governing", "never final")
        if name in data
    }


def verb_forms() -> tuple[frozenset[str], frozenset[str]]:
    """The lower-case forms often tagged verbs or participles, and those known not to be
    (both empty without data/verb_forms.json)."""
    lists = _word_lists()
    return lists.get("verbs", frozenset()), lists.get("not verbs", frozenset())


def finite_forms() -> frozenset[str]:
    """The verb forms the tagger read as conjugated verbs now and then (« baisse », « a »,
    not « américaines », a participle's form only an adjective uses)."""
    return _word_lists().get("finite", frozenset())


def governing_words() -> frozenset[str]:
    """The lower-case words the articles mostly follow with « à », « entre », « sur » …: a
    title that ends on one lacks its complement (« rend hommage », « font un lien »)."""
    return _word_lists().get("governing", frozenset())


def never_final_words() -> frozenset[str]:
    """The lower-case words that almost never end a clause in the articles (« mettre »,
    « ceux », « peut »): a title that ends on one is cut."""
    return _word_lists().get("never final", frozenset())


# A form the tagger never saw that can only be a conjugated verb (« attribuerait »).
_TENSE_ENDING = re.compile(r"\w{2,}(?:erait|eraient|èrent|irent|eront|iront|aient)$")
# After these a verb form is a noun: « la baisse », « sa garde à vue » (words as \w+ splits
# them: « l », « d »).
_NOUN_BEFORE = (
    _DETERMINERS | _DEFINITE | _folded("l d au aux à de en par pour sans sur sous avec dans chez")
)


def _verbs_in(text: str) -> tuple[bool, bool]:
    """Whether the text surely has a verb (a verb form not after a determiner or a
    preposition: « baisse » in « le chômage baisse », not in « la baisse »), and whether it
    surely has none (every word known not to be one; a word the tagger never saw may be
    one). Without data/verb_forms.json, neither."""
    verbs, others = verb_forms()
    surely_none = bool(verbs)
    before = ""
    for word in re.findall(r"\w+", text):
        lower = word.lower()
        if (lower in verbs and before not in _NOUN_BEFORE) or _TENSE_ENDING.match(lower):
            return True, False
        if not (lower in verbs or lower in others or lower in STOPWORDS or word[:1].isupper()):
            surely_none = surely_none and word.isdigit()
        before = fold(lower)
    return False, surely_none


def cut_from_its_verb(head: str, clause: str) -> bool:
    """Whether cutting the clause to `head` kept a subject and left its verb behind:
    « Les conditions de sa garde à vue | à l'époque font l'objet d'une question … »,
    « La vieille dame, une de ses connaissances, | gérait un terrain … »."""
    if len(head) >= len(clause) or not _verbs_in(head)[1]:
        return False
    return _verbs_in(clause[len(head) :])[0]


def is_fragment(title: str) -> bool:
    """Whether the fragment check flags the title."""
    return bool(fragment_reasons(title))


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" .;,:")
    return text[:1].upper() + text[1:]


def _prefixes(clause: str, limit: int) -> list[str]:
    """The clause cut at its boundaries, longest first, each of at most `limit` words."""
    return [head for head, _ in _counted_prefixes(clause, limit)]


# « … à un agent conversationnel | fondé sur l'intelligence artificielle »: a participle and
# its complement describe the noun before them; when the words' limit falls inside them, the
# phrase before them is the title (not after an auxiliary or an adverb: « a été | lancé »).
_PARTICIPLE_PHRASE = re.compile(
    r"(?<=\w)\s(?=(?P<participle>\w+(?:é|ée|és|ées))\s(?:sur|à|au|aux|par|en|dans|de|d['’]|du|"
    r"des|pour|avec|contre)\s)"
)
_NOT_A_NOUN_BEFORE = re.compile(
    r"\b(?:a|ont|avait|avaient|est|sont|était|étaient|été|être|avoir|sera|seront|se|s['’]\w+|"
    r"elle|il|ils|elles|on|ne|n['’]\w+|pas|plus|jamais|bien|déjà|aussi|encore|toujours|"
    r"\w+ment)$",
    re.IGNORECASE,
)


def _counted_prefixes(clause: str, limit: int) -> list[tuple[str, int]]:
    """`_prefixes`, each with its number of words."""
    end = _word_start(clause, limit)  # a cut after the limit-th word leaves too many
    cuts = []
    for match in _CUT_BEFORE.finditer(clause):
        if match.start() > end:
            break
        cuts.append(match.start())
    described = None  # the last participle's phrase the limit reaches, if the limit cuts
    if end < len(clause):
        for match in _PARTICIPLE_PHRASE.finditer(clause):
            if match.start() > end:
                break
            described = match
    if (
        described
        and described.group("participle").lower() in verb_forms()[0]
        and not _NOT_A_NOUN_BEFORE.search(clause, 0, described.start())
        and not any(cut > clause.find(" ", described.end()) for cut in cuts)
    ):
        cuts = sorted([*cuts, described.start()])
    found: dict[str, int] = {}
    if end == len(clause):
        found[clause] = word_count(clause)
    for cut in reversed(cuts):
        head = _clean(clause[:cut])
        words = word_count(head)
        if 2 <= words <= limit:
            found.setdefault(head, words)
    return list(found.items())


_WORDLIKE = re.compile(r"\S*\w\S*")


def _word_start(text: str, limit: int) -> int:
    """Where the word after the first `limit` words starts (the text's end if none)."""
    for number, match in enumerate(_WORDLIKE.finditer(text)):
        if number == limit:
            return match.start()
    return len(text)


# The media a story cites are its sources, not its subject (« selon Le Parisien »).
_MEDIA = frozenset(
    fold(name)
    for name in (
        "Le Parisien", "Le Monde", "Le Figaro", "Libération", "Le Point", "L'Express", "L'Obs",
        "BFMTV", "BFM TV", "franceinfo", "France Info", "France Inter", "France Bleu", "RTL",
        "Europe 1", "LCI", "CNews", "TF1", "France 2", "France 3", "M6", "RMC", "Le JDD",
        "Ouest-France", "Ouest France", "La Voix du Nord", "Nice-Matin", "Nice Matin",
        "Le Progrès", "La Dépêche", "Sud Ouest", "AFP", "Reuters", "Mediapart", "Les Echos",
        "Le Dauphiné", "Paris Match", "Valeurs actuelles", "Marianne", "Closer", "Gala",
        "Le Télégramme", "La Provence", "Midi Libre", "Le Républicain lorrain", "20 Minutes",
        "Le Canard enchaîné", "Canard enchaîné", "Le Journal du dimanche",
    )
)  # fmt: skip
_ARTICLES_IN_NAMES = frozenset({"Le", "La"})  # « La Rochelle », « Le Caire », « La Poste »
_PARTICLES_IN_NAMES = frozenset({"De", "Du"})
# Towns whose article « au », « du » contract: « au Mans » is « Le Mans », never « Mans ».
_WITH_ITS_ARTICLE = {
    name: "Le " + name
    for name in ("Mans", "Havre", "Caire", "Cap", "Touquet", "Creusot", "Puy-en-Velay", "Lavandou")
}
_INSIDE_A_SENTENCE = re.compile(r"[\w,]\s+$")  # not after a quotation mark opening it
_TITLE_WORDS = _folded("premier première président présidente")  # « le Premier ministre »


def topic(articles: Sequence[str]) -> str:
    """The story's most recurring proper name (at least twice), or '': with its article when
    the text writes it capitalised inside a sentence (« à La Rochelle »), never a medium."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for text in articles:
        for sentence in split_sentences(text):
            for match in _NAME.finditer(sentence):
                name = match.group().strip("'’-")
                words = name.split()
                popped, article = 0, ""  # the article right before the name, not opening
                while words and fold(words[0]) in _NOT_NAMES:
                    inside = popped > 0 or bool(
                        _INSIDE_A_SENTENCE.search(sentence, 0, match.start())
                    )
                    if inside and words[0] in _PARTICLES_IN_NAMES and len(words) > 1:
                        break  # « De Gaulle », « De Funès » inside a sentence, not « Gaulle »
                    article = words[0] if inside and words[0] in _ARTICLES_IN_NAMES else ""
                    words.pop(0)
                    popped += 1
                if not words or (match.start() == 0 and not popped and len(words) == 1):
                    continue  # a lone capitalised first word says nothing
                bare = " ".join(words)
                key = fold(bare)
                if article:
                    spelled[key] = f"{article} {bare}"  # as the name is spelled inside a sentence
                if {fold(name), fold(spelled.get(key, bare)), key} & _MEDIA or key in _TITLE_WORDS:
                    continue
                counts[key] += 1
                spelled.setdefault(key, _WITH_ITS_ARTICLE.get(bare, bare))
    if not counts:
        return ""
    key, count = max(counts.items(), key=lambda item: (item[1], len(item[0]), item[0]))
    if count < 2:
        return ""
    if " " not in key and gender_of_first_name(spelled[key]):
        # « Julie », « Vincent »: a first name alone, the person's whole name when the story
        # gives it (« Julie Trossat »)
        whole = [
            (n, name)
            for name, n in counts.items()
            if name.startswith(key + " ")
            and first_name_gender(spelled[name])
            and not any(gender_of_first_name(word) for word in spelled[name].split()[1:])
        ]  # not « Marseille Jean-Claude Gaudin » (« le maire de Marseille Jean-Claude Gaudin »)
        if whole:
            key = max(whole)[1]
    return spelled[key]


def informative_title(brief: str, articles: Sequence[str] = ()) -> str:
    """A complete phrase of at most 12 words saying what the story is about."""
    learned = learned_title(brief, articles)
    if learned:
        return learned
    sentences = split_sentences(brief) or [brief]
    for text in articles[:1]:
        sentences += split_sentences(text)[:8]  # if the brief gives no title, the lead may
    subject = topic(articles) if articles else ""
    for minimum in (4, 2):  # a short complete phrase rather than a fragment
        title = _first_title(sentences, subject, minimum)
        if title:
            return title
    trimmed = _trimmed(brief)
    if is_fragment(trimmed) and subject and len(subject.split()) > 1:
        return subject  # a name says more than a cut sentence
    return trimmed


def _trimmed(text: str) -> str:
    """The text's first words, cut back to a word a phrase may end on (last resort)."""
    words = _clean(text).split()
    if len(words) > MAX_WORDS:
        # The phrase goes on past the limit: end it before its last « et », « mais », « ou »
        # or comma, not between a verb and its object (« …télévisée et consacre »).
        words = words[:MAX_WORDS]
        for end in range(len(words) - 1, 3, -1):
            if fold(words[end]) in _COORDINATIONS or words[end - 1].endswith(","):
                words = words[:end]
                words[-1] = words[-1].rstrip(",")
                break
    cut = list(words)
    while len(words) > 2 and is_fragment(" ".join(words)):
        words.pop()
    if is_fragment(" ".join(words)):
        # « Après les appels du "Lundi 14 septembre" … » says more than « Après les »
        return " ".join(cut)
    return " ".join(words)


_COORDINATIONS = frozenset({"et", "mais", "ou", "puis", "ni"})


def _first_title(sentences: Sequence[str], subject: str, minimum: int) -> str:
    """The first complete candidate of at least `minimum` words from the sentences, or ''."""
    for sentence in sentences:
        shortest = min(variants(sentence), key=lambda f: (word_count(f), f))
        for base in dict.fromkeys((shortest, tidy(sentence))):
            clause = _clean(drop_opener(_clean(base)))
            mentions = subject and fold(subject) in fold(clause)
            for head in _prefixes(clause, MAX_WORDS):
                candidate = head
                if subject and not mentions:
                    room = MAX_WORDS - word_count(subject)
                    if word_count(head) <= room:
                        candidate = f"{subject} : {head[:1].lower() + head[1:]}"
                        if head.split()[0][:1].isupper() and not re.match(
                            r"(?:Le|La|Les|L['’]|Un|Une|Des|Du)\b", head
                        ):
                            candidate = f"{subject} : {head}"
                if word_count(head) < minimum or is_fragment(head):
                    continue
                return candidate if not is_fragment(candidate) else head
    return ""


# --- learned choice among candidate titles -------------------------------------------------

_LEAD_SENTENCES = 4  # candidates come from the brief and the article's first sentences
# Reported speech: « que » (a word, not the start of « quelques ») or « qu’ » after a verb of
# saying or thinking, at most four words between them (« X avait estimé mercredi que … »,
# « révèle ce mercredi que », « a déclaré à l'AFP que »), the last of them not one of
# _NOT_BEFORE_QUE (« a rappelé son rôle ainsi que », « dit plutôt que »), save « ainsi »
# alone (« estime ainsi que »). Any other « que » opens no title: « plutôt que de », « avant
# que les secours ne … », « se félicite que … soient », « ce que propose », « n'est arrivé
# qu'en ».
_SAYING = (
    r"(?:(?:annon[cç]|indiqu|précis|affirm|expliqu|déclar|confirm|assur|soulign|estim|rapport|"
    r"révél|révèl|ajout|rappel|constat|not|observ|jug|considér|considèr|pens|signal|répét|"
    r"répèt|martel|relev|relèv|certifi|garanti|confi|dévoil|montr|prouv|démontr|avou|espér|"
    r"espèr|tweet|racont|insist|assén|assèn)"
    r"(?:e|es|ent|é|ée|és|ées|ait|aient|ant|era|eront|ons|ez)|rappelle|rappellent|"  # -er verbs
    r"répond(?:|ent|u|ait|aient)|admet|admettent|admis|reconna[iî]t|reconnaissent|reconnu|"
    r"pr[ée]vien(?:t|nent)|prévenu|avertit|averti|promet|promis|conclut|conclu|"
    r"écri(?:t|vent|vait|vaient)|appren(?:d|nent)|appris|soutien(?:t|nent)|soutenu|soutenant|"
    r"dit|disent|disait|disaient|dira|sait|savent|savait|su|croit|croient|croyait|cru|"
    r"fait savoir|faisant savoir)"
)
_NOT_BEFORE_QUE = (
    r"(?:alors|ainsi|tandis|bien|parce|avant|pour|sans|dès|après|lors|ce|tant|"
    r"plutôt|sorte|moins|plus|autant|même|fait|afin|sauf|outre|si|encore|de|à|n['’]\w+|ne)"
)
_REPORTED = re.compile(
    r"\b"
    + _SAYING
    + r"(?:\s+ainsi|(?:,?\s+[^\s,.;:«»\"]+){0,3}?,?\s+(?!"
    + _NOT_BEFORE_QUE
    + r"\s)[^\s,.;:«»\"]+)?,?\s+"
    r"(?:que\s+|qu['’]\s*)(?=[A-ZÀ-Ýa-zà-ÿ«\"0-9])",
    re.IGNORECASE,
)
# « le ministère a estimé que l'enquête »: what was said, without its verb (in OrangeSum's
# 13,938 train titles of at most 12 words, three false alarms).
_SAID_WITHOUT_VERB = re.compile(
    _SAYING + r"(?:\s+\S+){0,3}?\s+(?:que\s+|qu['’])(?P<said>[^,;:«»\"]+)$", re.IGNORECASE
)


_MONTHS = (
    r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)
# « , samedi 22 juin, » / « ce vendredi » / « mardi 23 juillet » / « vendredi soir 22
# juillet »: the day of the news is no title's news (a date alone, « le 11 mai », may be: it
# stays).
_DATE = re.compile(
    r"(?:,\s+)?\b(?:(?:ce\s+|le\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    r"(?:\s+(?:matin|soir|après-midi|midi)(?=\s+\d))?"
    r"(?:\s+\d{1,2}(?:er)?(?:\s+" + _MONTHS + r")?(?:\s+\d{4})?)?|cette semaine|ce week-end)"
    r"(?:\s+(?:matin|soir|après-midi|midi|dernier|prochain))?(?:\s*,(?=\s))?",
    re.IGNORECASE,
)
# « Un réseau de trafic a été démantelé » → « Un réseau de trafic démantelé », « Un pêcheur
# est porté disparu » → « Un pêcheur porté disparu », as titles say (in OrangeSum's train
# split, a title drops the lead's « est » or « sont » before a participle 100 times, keeps it
# 12 times). Not after a pronoun (« il est prévu », « qui est situé »), nor a verb whose past
# is made with « être » (« est arrivé », « est mort »), nor a reflexive one's (« se sont
# retrouvés », « s'en est pris »: « se retrouvés » is no French; in_the_present gives
# « se retrouvent »).
_PARTICIPLE = rf"(\w+(?:{_PARTICIPLE_ENDINGS}))\b"
_PASSIVE = re.compile(
    r"(?<=\w)(?<!\bil)(?<!\bon)(?<!\bce)(?<!\bqui)(?<!\belle)(?<!\bils)(?<!\bcela)(?<!\belles)"
    r"(?<!\bse)(?<!\ben)(?<!\by)(?<!\bme)(?<!\bte)(?<!\bnous)(?<!\bvous)"
    r"\s+(?:(?:a|ont)\s+été|(?:est|sont)(?!\s+(?:(?:arriv|n|rest|tomb|entr|pass|retourn|mont|"
    r"décéd|all)(?:é|ée|és|ées)|(?:part|sort)(?:i|ie|is|ies)|(?:ven|deven|reven|interven|"
    r"parven|surven|descend)(?:u|ue|us|ues)|mort|morte|morts|mortes)\b))\s+" + _PARTICIPLE,
    re.IGNORECASE,
)
# What every match of _REPORTED (its « que », « qu' ») and of _PASSIVE (« été », « est »,
# « sont ») holds: a quick search that spares most clauses the slow one.
_REPORTED_GATE = re.compile(r"\bqu(?:e\s|['’])", re.IGNORECASE)
_PASSIVE_GATE = re.compile(r"\b(?:été|est|sont)\s", re.IGNORECASE)
# « Le gouvernement a lancé une concertation » → « … lance une concertation », the present
# titles use (in OrangeSum's train split, a title takes the present of the lead's « a lancé »
# four times as often as it keeps it). First-group verbs, whose present is the participle's
# stem and « e » (« publié » → « publie », « révélé » → « révèle »), reflexive ones too
# (« s'est félicité » → « se félicite »), and the commonest others of the train leads; not
# « a été », not after « n' » or « y », not the stems whose present doubles a consonant or
# turns « e » or « y » (« appelé », « jeté », « levé », « envoyé »).
_PAST = re.compile(
    r"(?<![’'\w])(?<!y )(a|ont|s['’]est|se sont)\s+(?!été\b)([a-zà-ÿ]{2,}?)(é|ée|és|ées)?"
    r"(?=\s+\w)"
)
_UNSURE_STEM = re.compile(r"(?:[^é]e[a-zç]|[ou]y)$")
# The commonest other participles after « a » or « ont » in the train leads: participle,
# then the present in the singular and in the plural.
_IRREGULAR = (
    "fait:fait/font pris:prend/prennent mis:met/mettent reçu:reçoit/reçoivent "
    "dit:dit/disent répondu:répond/répondent réagi:réagit/réagissent "
    "perdu:perd/perdent écrit:écrit/écrivent tenu:tient/tiennent ouvert:ouvre/ouvrent "
    "reconnu:reconnaît/reconnaissent permis:permet/permettent "
    "découvert:découvre/découvrent rendu:rend/rendent réussi:réussit/réussissent "
    "choisi:choisit/choisissent repris:reprend/reprennent obtenu:obtient/obtiennent "
    "promis:promet/promettent atteint:atteint/atteignent subi:subit/subissent "
    "défendu:défend/défendent saisi:saisit/saisissent vendu:vend/vendent "
    "conclu:conclut/concluent interdit:interdit/interdisent fini:finit/finissent "
    "poursuivi:poursuit/poursuivent appris:apprend/apprennent remis:remet/remettent "
    "admis:admet/admettent compris:comprend/comprennent suspendu:suspend/suspendent "
    "produit:produit/produisent éteint:éteint/éteignent détruit:détruit/détruisent "
    "construit:construit/construisent offert:offre/offrent souffert:souffre/souffrent "
    "converti:convertit/convertissent"
)
_IRREGULAR_PRESENT = {
    participle: tuple(forms.split("/"))
    for participle, forms in (item.split(":") for item in _IRREGULAR.split())
}


def in_the_present(clause: str) -> str:
    """The clause with its first « a/ont + participle » (or « s'est … ») in the present
    (« Raoni a demandé le départ » → « Raoni demande le départ »), or the clause itself."""
    match = _PAST.search(clause)
    if not match:
        return clause
    auxiliary, stem, ending = match.groups()
    plural = auxiliary in ("ont", "se sont")
    reflexive = not auxiliary.startswith(("a", "o"))
    if ending:
        if _UNSURE_STEM.search(stem) or (ending != "é" and not reflexive):
            return clause  # « a Xée » agrees with no subject: an adjective, not a participle
        stem = re.sub(r"é([^aeiouyéèêëàâîôûœ]+)$", r"è\1", stem)  # révél → révèl
        present = stem + ("ent" if plural else "e")
    else:
        agreed = (stem, stem[:-1], stem[:-2]) if reflexive else (stem,)  # « s'est mise »
        known = [_IRREGULAR_PRESENT[form] for form in agreed if form in _IRREGULAR_PRESENT]
        if not known:
            return clause
        present = known[0][plural]
    if reflexive:
        present = ("s'" if present[:1] in "aeiouéèêâîôûh" else "se ") + present
    return clause[: match.start()] + present + clause[match.end() :]


_GOVERNS_DATE = re.compile(
    r"\b(?:depuis|dès|jusqu['’]à|jusqu['’]au|avant|après|pour|de|d['’]ici|à|entre|et|ou|"
    r"du|au|le)\s*$",
    re.IGNORECASE,
)
_DATE_HINT = re.compile(r"di\b|semaine|week-end", re.IGNORECASE)  # every weekday ends in -di
WORDS = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _model() -> Mapping[str, Mapping[str, float]]:
    """The shipped model (data/title_model.json, `make train-titles`): weights and words."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"weights": {}, "words": {}, "themes": {}}
    keys = ("weights", "words", "themes", "token weights", "theme weights", "style weights")
    return {key: data.get(key, {}) for key in keys}


def word_class(word: str, capitalised: bool, count: int) -> str:
    """A word the model does not know by itself: its kind and how often the article says
    it (« ~nom:3 »)."""
    kind = "chiffre" if word[:1].isdigit() else "nom" if capitalised else "mot"
    return f"~{kind}:{min(count, 5)}"


def word_chance(word: str, capitalised: bool, count: int, words: Mapping[str, float]) -> float:
    """The learned chance that a journalist's title uses this word of the lead."""
    chance = words.get(word)
    if chance is None:
        chance = words.get(word_class(word, capitalised, count), 0.0)
    return chance


class Story(NamedTuple):
    """Where the story says its words: what a word's chance to be in the title depends on
    besides the word itself."""

    counted: Counter[str]  # how often the first article says each lower-cased word
    first: Mapping[str, int]  # the word's first position in the article (in words)
    opening: frozenset[str]  # the words of the article's first sentence
    lead: frozenset[str]  # of its next two sentences
    brief: frozenset[str]  # of the brief
    brief_opening: frozenset[str]  # of the brief's first sentence
    topic: frozenset[str]  # of the story's recurring name
    said: str  # the article's words, lower-cased, one space between and around them
    lead_said: str  # its first sentences' words, likewise
    brief_said: str  # the brief's words, likewise


def _spaced(words: Sequence[str]) -> str:
    """The words with one space between and around them, where a word or a run of words is
    looked for whole (« covid 19 » in « … le covid 19 … », not in « covid 190 »)."""
    return f" {' '.join(words)} "


def story(brief: str, articles: Sequence[str], name: str = "") -> Story:
    """The story's words and where it says them (`name`: its recurring name, `topic`)."""
    text = articles[0] if articles else ""
    said = WORDS.findall(text.lower())
    sentences = split_sentences(text)[:_LEAD_SENTENCES]
    briefed = split_sentences(brief)[:1]
    lead = WORDS.findall(" ".join(sentences).lower())
    summary = WORDS.findall(brief.lower())
    return Story(
        Counter(said),
        dict(zip(reversed(said), range(len(said) - 1, -1, -1), strict=True)),  # the first wins
        frozenset(WORDS.findall(" ".join(sentences[:1]).lower())),
        frozenset(WORDS.findall(" ".join(sentences[1:]).lower())),
        frozenset(summary),
        frozenset(WORDS.findall(" ".join(briefed).lower())),
        frozenset(WORDS.findall(name.lower())),
        _spaced(said),
        _spaced(lead),
        _spaced(summary),
    )


def _logit(chance: float) -> float:
    chance = min(max(chance, 0.001), 0.999)
    return math.log(chance / (1 - chance))


# The token model's inputs, in the order of `token_features` (their names in the model file).
TOKEN_FEATURES = (
    "bias",
    "word chance",
    "kind chance",
    "count",
    "first position",
    "in the first 10 words",
    "in the first 25 words",
    "first sentence",
    "next sentences",
    "brief",
    "brief's first sentence",
    "capitalised",
    "number",
    "stopword",
    "length",
    "recurring name",
    "capitalised count",
    "stopword chance",
    "first sentence and brief",
)


def token_features(
    word: str, capitalised: bool, told: Story, words: Mapping[str, float]
) -> tuple[float, ...]:
    """What the token model knows of a (lower-cased) word of the story: its learned chances
    by itself and by its kind, and where and how often the story says it."""
    times = told.counted[word]
    position = told.first.get(word, 500)
    stopword = word in STOPWORDS
    opening = word in told.opening
    briefed = word in told.brief
    chance = _logit(word_chance(word, capitalised, times, words))
    return (
        1.0,
        chance,
        _logit(words.get(word_class(word, capitalised, times), 0.0)),
        math.log1p(times),
        math.log1p(position),
        float(position < 10),
        float(position < 25),
        float(opening),
        float(word in told.lead),
        float(briefed),
        float(word in told.brief_opening),
        float(capitalised),
        float(word[:1].isdigit()),
        float(stopword),
        min(len(word), 12) / 12,
        float(word in told.topic),
        math.log1p(times) if capitalised else 0.0,
        chance if stopword else 0.0,
        float(opening and briefed),
    )


def logistic(values: Sequence[float], weights: Sequence[float]) -> float:
    """A learned chance (a logistic model): that the journalist's title uses a word, or a
    theme's words (0 without weights)."""
    if not weights:
        return 0.0
    return 1 / (1 + math.exp(-sum(map(operator.mul, weights, values))))


def _drop_dates(clause: str) -> str:
    """« Le Conseil d'État a suspendu vendredi 6 juillet la chasse » → « … suspendu la chasse »."""
    if not _DATE_HINT.search(clause) or not _DATE.search(clause):
        return clause

    def gap(match: re.Match[str]) -> str:
        date = match.group()
        if _GOVERNS_DATE.search(clause, 0, match.start()):
            return date  # « a lancé depuis mardi un appel »: « depuis » would be left alone
        return ", " if date.endswith(",") and not date.startswith(",") else " "

    return _clean(re.sub(r"\s+([,.])", r"\1", _DATE.sub(gap, clause)))


# « L'opérateur télécom Telvia confie … » → « Telvia confie … », « La start-up parisienne
# Pixalia a levé » → « Pixalia a levé »: a name needs no description in a title (a determiner,
# one to four lower-case words, then the name).
_DESCRIBED_NAME = re.compile(
    r"^(?:Le|La|Les|L['’])\s*(?:[a-zà-ÿ][\w'’-]*\s+){0,3}[a-zà-ÿ][\w'’-]*\s+"
    r"(?=[A-ZÀ-Ý][\w’'-]*(?:\s+[A-ZÀ-Ý][\w’'-]*)*\s+[a-zà-ÿ])"
)
# Adverbs a title leaves out: « confie désormais 30 % de ses conversations » → « confie 30 % … »
# (not « encore », « toujours »: « pas encore » is no « pas »; not « ainsi », « alors »,
# « aussi », which « que » may follow).
_TITLE_ADVERBS = re.compile(
    r"\s+(?:désormais|notamment|également|actuellement|finalement|officiellement|déjà|donc|"
    r"néanmoins|toutefois|pourtant|cependant|par ailleurs|par exemple|en effet|d['’]ailleurs|"
    r"de son côté|de leur côté|pour sa part|pour leur part)\b(?=\s)"
)


# « La femme de Nicolas Sarkozy », « Le fils du chanteur Johnny Hallyday », « L'avocat de
# Michel Fourniret », « La rivalité entre Gilles Verdez et Michel Cymes », « Le candidat
# démocrate à la Maison Blanche Joe Biden »: a preposition in the description, and the name
# is someone's or something else's, or the description's complement.
_OF_SOMEONE = re.compile(
    r"\b(?:du|des|au|aux|de|d['’]|entre|contre|avec|pour|par|sur|chez|à|en|sans|envers|dans|"
    r"selon)(?:\s|$)|\bd['’]",
    re.IGNORECASE,
)


# « Outilia, distributeur de matériel professionnel, ouvre sa plateforme », « Tim Cook, le
# patron d'Apple, a présenté », « Mathias Echène, un Français détenu en Indonésie, a entamé »:
# the description between commas after the subject's name goes when what follows is its verb
# (and the description has no conjugated verb of its own).
_APPOSED = re.compile(
    r"^([A-ZÀ-Ý][\w’'-]*(?:\s+(?:(?:de|du|des|d['’]|la|le)\s*)?[A-ZÀ-Ý][\w’'-]*){0,3}),"
    r"\s+([a-zà-ÿ\d][^,;:«»\"()]{1,90}?),\s+(?=(\w+)\s)"
)
# Capitalised words opening a sentence that are no name (« Pourtant, plusieurs faits récents,
# rappelés par Le Parisien, indiquent … »).
_OPENING_ADVERBS = _folded(
    "pourtant surtout enfin ensuite ainsi aussi puis désormais cependant toutefois néanmoins "
    "or donc bref certes alors parfois hier demain aujourd'hui là ici outre seul seuls seule"
)


def _apposition_dropped(clause: str) -> str:
    """« Colistar, filiale logistique du groupe …, lance » → « Colistar lance »."""
    match = _APPOSED.match(clause)
    if not match:
        return clause
    name, apposition, verb = match.groups()
    first = fold(re.split(r"[\s'’]", name, maxsplit=1)[0])
    if first in _NOT_NAMES or first in STOPWORDS or first in _OPENING_ADVERBS:
        return clause  # « Pourtant, … », « Selon Le Parisien, … », « Lundi, … »
    if first.endswith("ment"):
        return clause  # « Finalement, … »
    if verb.lower() not in verb_forms()[0] or _finite_verb_in(apposition):
        return clause
    return name + " " + clause[match.end() :]


def _shortened(clause: str) -> str:
    """The clause without its adverbs, the description before its subject's name and the
    one after it."""
    described = _DESCRIBED_NAME.match(clause)
    if described and not _OF_SOMEONE.search(described.group()):
        clause = clause[described.end() :]
    return _clean(_TITLE_ADVERBS.sub("", _apposition_dropped(clause)))


def _clauses(sentence: str) -> list[tuple[str, str]]:
    """The sentence's clauses a title may start with, each with how it was made."""
    found: dict[str, str] = {}
    forms = variants(sentence)
    for number, form in enumerate(dict.fromkeys((forms[0], forms[-1]))):
        kind = "tidy" if number == 0 else "lossy"
        clause = _clean(form)
        found.setdefault(clause, kind)
        opened = _clean(drop_opener(clause))
        found.setdefault(opened, kind + "+opener")
        undated = _drop_dates(opened)
        found.setdefault(undated, kind + "+dates")
        match = _REPORTED_GATE.search(undated) and _REPORTED.search(undated)
        if match and word_count(undated[match.end() :]) >= 3:
            found.setdefault(_clean(undated[match.end() :]), kind + "+reported")
        passive = (
            _PASSIVE.sub(r" \1", undated, count=1) if _PASSIVE_GATE.search(undated) else undated
        )
        if passive != undated:
            found.setdefault(passive, kind + "+passive")
        present = in_the_present(undated)
        if present != undated:
            found.setdefault(present, kind + "+present")
        shorter = _shortened(present)
        if shorter != present:
            found.setdefault(shorter, kind + "+shortened")
    return [(clause, kind) for clause, kind in found.items() if clause]


def lead_words(brief: str, articles: Sequence[str]) -> dict[str, bool]:
    """The lower-cased words candidates are made of, each with whether it was capitalised."""
    found: dict[str, bool] = {}
    leads = (" ".join(split_sentences(t)[:_LEAD_SENTENCES]) for t in articles[:1])
    for raw in WORDS.findall(" ".join([brief, *leads])):
        found.setdefault(raw.lower(), raw[:1].isupper())
    return found


def counts(articles: Sequence[str]) -> Counter[str]:
    """How often the first article says each (lower-cased) word."""
    counted: Counter[str] = Counter()
    for text in articles[:1]:
        counted.update(WORDS.findall(text.lower()))
    return counted


_STARTS_DET = re.compile(r"(?:Le|La|Les|L['’]|Un|Une|Des|Du)\b")
# Per word of a clause, summed from its start: the learned chance (first occurrence only),
# content words, how often the article says them (capped), frequent ones, capitals, the
# chance of the word's kind (« ~nom:3 ») and the token model's chance, which knows where
# the story says the word (both first occurrence only).
_Values = tuple[str, float, float, float, float, float, float, float]


def _running_sums(
    text: str,
    known: dict[str, _Values],
    told: Story,
    chances: Mapping[str, float],
    token_weights: Sequence[float],
    end: int | None = None,
) -> tuple[list[int], list[tuple[float, ...]]]:
    """Where each word of the text starts, and the running sums (above) before it
    (`known` keeps each word's values for the story)."""
    starts: list[int] = []
    sums: list[tuple[float, ...]] = [(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)]
    seen: set[str] = set()
    chance = content = count = frequent = capitals = kind_chance = token = 0.0
    for match in WORDS.finditer(text, 0, len(text) if end is None else end):
        raw = match.group()
        values = known.get(raw)
        if values is None:
            word = raw.lower()
            times = told.counted[word]
            capitalised = raw[:1].isupper()
            plain = word not in STOPWORDS and not word[:1].isdigit()
            values = known[raw] = (
                word,
                word_chance(word, capitalised, times, chances),
                float(plain),
                min(times, 10) / 10 if plain else 0.0,
                float(plain and times >= 3),
                float(capitalised),
                chances.get(word_class(word, capitalised, times), 0.0),
                logistic(token_features(word, capitalised, told, chances), token_weights),
            )
        starts.append(match.start())
        if values[0] not in seen:
            seen.add(values[0])
            chance += values[1]
            kind_chance += values[6]
            token += values[7]
        content += values[2]
        count += values[3]
        frequent += values[4]
        capitals += values[5]
        sums.append((chance, content, count, frequent, capitals, kind_chance, token))
    return starts, sums


@lru_cache(maxsize=4)
def _theme_keys(known: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """Each theme with its first word and the words it is looked for as (« covid-19 » →
    « covid 19 »)."""
    keys = []
    for theme in known:
        words = WORDS.findall(theme.lower())
        if words:
            keys.append((theme, words[0], _spaced(words)))
    return tuple(keys)


# The theme model's inputs, in the order of `named_themes` (their names in the model file).
THEME_FEATURES = ("bias", "theme chance", "count", "in the lead", "in the brief", "first position")


def named_themes(told: Story, known: Mapping[str, float]) -> dict[str, tuple[float, ...]]:
    """The learned themes (« Coronavirus », « Réforme des retraites ») the brief or the
    article names, each with what the theme model knows of it: how often titles use the
    words of a theme their article names (learned), and how often and how early the
    article names it, in its lead or its brief."""
    found: dict[str, tuple[float, ...]] = {}
    for theme, first, key in _theme_keys(tuple(known)):
        if first not in told.counted and first not in told.brief:
            continue
        times = told.said.count(key)
        if not times and key not in told.brief_said:
            continue
        position = told.said.find(key) if times else len(told.said)
        found[theme] = (
            1.0,
            _logit(known[theme]),
            math.log1p(times),
            float(key in told.lead_said),
            float(key in told.brief_said),
            math.log1p(position / 100),
        )
    return found


def themes(
    told: Story, known: Mapping[str, float], weights: Sequence[float], limit: int = 3
) -> list[tuple[str, float]]:
    """The learned themes the story names, each with the theme model's chance that the
    title uses its words, most likely first (at most `limit`)."""
    chances = [
        (theme, logistic(values, weights) if weights else known[theme])
        for theme, values in named_themes(told, known).items()
    ]
    return sorted(chances, key=lambda item: (-item[1], item[0]))[:limit]


_WORD_PARTS = re.compile(r"[-'’]")


def _named(head: str, body: str, names: dict[str, bool]) -> bool:
    """Whether a clause's capitalised first word is a name, which keeps its capital after a
    colon: an acronym, a word before another capitalised one, or one the article writes so
    inside a sentence (« SNCF », « Karim Benali », « Ryanair », not « Aucune effraction »,
    « Impossible pour lui », « Furieux, le chef de l'État », « Peut-il »; `names` keeps the
    answers for the story)."""
    word, _, rest = head.partition(" ")
    word = word.rstrip(",;:")
    if word.isupper() or rest[:1].isupper():
        return True
    parts = [part for part in _WORD_PARTS.split(word) if part]
    if len(parts) > 1 and all(part[:1].isupper() for part in parts):
        return True  # « Jean-Luc », « L'Oréal », not « Peut-il », « Quatre-vingts »
    named = names.get(word)
    if named is None:
        named = names[word] = re.search(r"[\w,] " + re.escape(word) + r"\b", body) is not None
    return named


def ordered(weights: Mapping[str, float], names: Sequence[str]) -> tuple[float, ...]:
    """A logistic model's weights in the order of its inputs (empty if it has none)."""
    return tuple(weights.get(name, 0.0) for name in names) if weights else ()


def title_candidates(
    brief: str,
    articles: Sequence[str] = (),
    learned: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, dict[str, float]]:
    """Every candidate title of the story, each with its features (in a stable order);
    `learned` holds the word chances, the themes and the token and theme models' weights
    (the shipped model's by default)."""
    model = _model() if learned is None else learned
    chances = model["words"]
    token_weights = ordered(model.get("token weights", {}), TOKEN_FEATURES)
    theme_weights = ordered(model.get("theme weights", {}), THEME_FEATURES)
    sources = [("brief", s) for s in split_sentences(brief)[:2]]
    for text in articles[:1]:
        sources += [(f"lead{n}", s) for n, s in enumerate(split_sentences(text)[:_LEAD_SENTENCES])]
    body = " ".join(articles[:1])
    names: dict[str, bool] = {}  # the first words of clauses that are names (`_named`)
    known: dict[str, _Values] = {}
    name = topic(articles) if articles else ""
    told = story(brief, articles, name)
    named = [(name, "name", 0.0)] if name else []
    named += [
        (theme, "theme", chance) for theme, chance in themes(told, model["themes"], theme_weights)
    ]
    subjects = [
        (
            subject,
            kind,
            _running_sums(subject, known, told, chances, token_weights)[1][-1],
            word_count(subject),
            len(WORDS.findall(subject)),
            _spaced(WORDS.findall(subject.lower())),  # « Koh-Lanta » is « Koh Lanta »
            chance,
            _person_words(subject),
        )
        for subject, kind, chance in named
    ]
    found: dict[str, dict[str, float]] = {}
    done: set[str] = set()  # the brief's sentences are often the lead's
    for source, sentence in sources:
        for clause, kind in _clauses(sentence):
            if clause in done:
                continue
            done.add(clause)
            heads = _counted_prefixes(clause, MAX_WORDS)
            if _apposition_dropped(clause) != clause:
                # « Colistar, filiale logistique du groupe …, lance la livraison »: a description
                # that leaves no room for the verb's complement; « Colistar lance … » has it.
                heads = [(head, n) for head, n in heads if len(head) == len(clause)]
            if not heads:
                continue
            starts, sums = _running_sums(
                clause, known, told, chances, token_weights, len(heads[0][0])
            )
            lowered = _spaced(WORDS.findall(clause.lower()))
            for head, words_in in heads:
                if head in found or cut_from_its_verb(head, clause):
                    continue
                tokens = bisect_left(starts, len(head))
                kept = len(head) / len(clause)
                found[head] = _features(sums[tokens], tokens, words_in, source, kind, kept)
                for (
                    subject,
                    subject_kind,
                    subject_sums,
                    size,
                    subject_tokens,
                    low,
                    chance,
                    person,
                ) in subjects:
                    if low in lowered or words_in + size > MAX_WORDS:
                        continue
                    if person and not person.isdisjoint(_WHOLE_WORD.findall(head)):
                        continue  # « Laurent Berger : Berger identifie … », « Johnny Hallyday :
                        # Laeticia Hallyday … », « François Fillon : François Hollande … »
                    lower = head
                    first = head.split(" ", 1)[0].rstrip(",;:")
                    common = fold(first) not in _MEDIA and (
                        f" {first.lower()} " in body or not _named(head, body, names)
                    )
                    if first == "A":  # « A Toulouse, … » is « à Toulouse », not « a »
                        lower = "à" + head[1:]
                    elif fold(first) in STOPWORDS or _STARTS_DET.match(head) or common:
                        lower = head[:1].lower() + head[1:]
                    topical = f"{subject} : {lower}"
                    if topical not in found:
                        total = tuple(
                            a + b for a, b in zip(sums[tokens], subject_sums, strict=True)
                        )
                        found[topical] = _features(
                            total,
                            tokens + subject_tokens,
                            words_in + size,
                            source,
                            kind,
                            kept,
                            topical=subject_kind,
                            theme_chance=chance,
                        )
    return found


_WHOLE_WORD = re.compile(r"[\w-]+")  # « Jean-Marie » is not « Marie »


def _person_words(name: str) -> frozenset[str]:
    """The words of a person's name that another name sharing them would echo (« Laurent
    Berger »: Laurent, Berger; « Jean-Marie Le Pen »: Jean-Marie, Pen); none for a place."""
    if not first_name_gender(name):
        return frozenset()
    return frozenset(word for word in _WHOLE_WORD.findall(name) if len(word) > 2)


def _features(
    sums: tuple[float, ...],
    tokens: int,
    words: int,
    source: str,
    kind: str,
    kept: float,
    *,
    topical: str = "",
    theme_chance: float = 0.0,
) -> dict[str, float]:
    """What the model knows of a candidate title, from its words' sums (`theme_chance`: the
    theme model's, for a theme before the colon)."""
    chance, content, count, frequent, capitals, kind_chance, token = sums
    tokens = max(tokens, 1)
    expected_f = 2 * chance / (tokens + 11)
    token_f = 2 * token / (tokens + 11)
    return {
        f"expected f|topic={topical or 'none'}": expected_f,
        "expected f squared": expected_f * expected_f,
        "bias": 1.0,
        f"words={min(words, MAX_WORDS)}": 1.0,
        f"source={source}": 1.0,
        f"kind={kind}": 1.0,
        "kept": kept,
        "whole clause": float(kept >= 1.0),
        "topic": float(bool(topical)),
        f"topic={topical or 'none'}": 1.0,
        "frequent": frequent / max(content, 1),
        "mean count": count / max(content, 1),
        "capitals": capitals / tokens,
        "content share": content / tokens,
        "expected f": expected_f,
        "expected precision": chance / tokens,
        "expected overlap": chance / MAX_WORDS,
        "expected f by kind": 2 * kind_chance / (tokens + 11),
        f"token f|topic={topical or 'none'}": token_f,
        "token f": token_f,
        "token f squared": token_f * token_f,
        "token precision": token / tokens,
        "token overlap": token / MAX_WORDS,
        "theme chance": theme_chance,
    }


def score(features: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The model's estimate of how close (ROUGE-1) a candidate is to a journalist's title."""
    weight = weights.get
    return sum([weight(name, 0.0) * value for name, value in features.items()])


# How much a title reads like one a journalist wrote rather than a piece of a sentence: a
# logistic model over its clause's ends (the last word and the last two, the first and the
# first two, their kinds), its commas and whether it has a conjugated verb, learned on
# OrangeSum's train titles against the candidates the ranker put first
# (scripts/train_titles.py, `style_weights`). Its log-odds, weighed as chosen on valid (the
# weights are stored so multiplied), is added to the ranker's score of the first
# STYLE_CANDIDATES candidates the fragment check passes: « Gilles Verdez : le chroniqueur de
# Touche pas à mon poste ! » rather than « … de Touche pas ».
STYLE_CANDIDATES = 4
_STYLE_WORDS = re.compile(r"[\w'’-]+|[?!…»«\"]")


def _style_kind(word: str) -> str:
    """A word's kind for the style model."""
    if not word:
        return "none"
    lower = word.lower()
    if word[0].isdigit():
        return "digit"
    if fold(lower) in STOPWORDS:
        return "stop"
    if word[:1].isupper():
        return "capital"
    if lower in verb_forms()[0]:
        return "participle" if _PARTICIPLE_FORM.search(lower) else "verb"
    return "other"


def style_features(title: str) -> list[str]:
    """The style model's features of a title (names; each counts once)."""
    text = " ".join(title.split()).rstrip(" .")
    clause = text.partition(" : ")[2] or text
    words = _STYLE_WORDS.findall(clause) or [""]
    lower = [word.lower() for word in words]
    before_last = words[-2] if len(words) > 1 else ""
    return [
        "bias",
        f"commas={min(clause.count(','), 3)}",
        f"last={lower[-1]}",
        f"last2={' '.join(lower[-2:])}",
        f"first={lower[0]}",
        f"first2={' '.join(lower[:2])}",
        f"last kind={_style_kind(words[-1])}",
        f"last2 kinds={_style_kind(before_last)} {_style_kind(words[-1])}",
        f"first kind={_style_kind(words[0])}",
        f"conjugated={int(_finite_verb_in(clause))}",
    ]


def first_passing(
    found: Mapping[str, Mapping[str, float]], weights: Mapping[str, float], limit: int
) -> list[tuple[str, float]]:
    """The first `limit` candidates in the ranker's order (best score first) that the
    fragment check passes, each with its score."""
    scores = {text: score(found[text], weights) for text in found}
    passing: list[tuple[str, float]] = []
    for text in sorted(found, key=lambda text: -scores[text]):
        if word_count(text) >= 2 and not is_fragment(text):
            passing.append((text, scores[text]))
            if len(passing) == limit:
                break
    return passing


def learned_title(brief: str, articles: Sequence[str] = ()) -> str:
    """The best-scored candidate the fragment check passes, or ''."""
    model = _model()
    weights, style = model["weights"], model.get("style weights", {})
    if not weights:
        return ""
    passing = first_passing(
        title_candidates(brief, articles), weights, STYLE_CANDIDATES if style else 1
    )
    if not passing:
        return ""
    weight = style.get
    return max(  # ties: the ranker's order
        passing, key=lambda item: item[1] + sum(weight(f, 0.0) for f in style_features(item[0]))
    )[0]
