"""Sentence compression for briefs: deletions that keep a French sentence grammatical (pure).

Every rule only deletes words (never rewrites or adds one), so whatever remains was said by
the article, in its order, and the fact guard still finds every number and name. A rule
applies only where its pattern is unambiguous; otherwise the sentence is returned unchanged.

Two levels:

- `tidy` (always safe, a newsletter editor would do it): the weekday of a wire lede
  (« a annoncé mardi » → « a annoncé »), a long institution name before its acronym
  (« la Commission nationale … (CNIL) » → « la CNIL »), a closing attribution
  (« …, a indiqué la direction. » → « … . »).
- `variants` (shorter forms that lose a detail; the writer picks one only when it buys room
  for more facts under the word limit): a leading « Selon X, », a closing « selon X. », an
  aside between commas (« , qui …, », « , fondée en …, »), a parenthetical, a hook before a
  colon (« Un compte à rebours … : la DGCCRF a sanctionné … » → « La DGCCRF a sanctionné … »).
- `drop_opener`: a complement opening the sentence up to its comma (« Dimanche matin à
  Venise, l'équipage … » → « L'équipage … »), a form of its own for the writer and the titles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from numeriq.newsroom.text import capitalised_words, numbers, word_count

_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_ANY_DAY = re.compile(_DAYS, re.IGNORECASE)
# « publié jeudi, » between commas: the whole aside goes (« une étude, publiée jeudi, dit … »).
# « , publié jeudi, » / « , ouvert samedi, »: an aside that only dates; it goes whole.
_PUBLISHED_DAY = re.compile(
    r",\s+\w{3,}(?:é|ée|és|ées|u|ue|us|ert|erte|is|ise|it|ite)(?:\s+publique?s?)?\s+"
    + _DAYS
    + r"\s*,\s+",
    re.IGNORECASE,
)
# « publiée mardi » right before a comma or the end: both go (« Selon une étude de X, … »).
_PUBLISHED_DAY_END = re.compile(
    r"\s+(?:publié|publiée|publiés|publiées|paru|parue|parus|parues|rendu public|"
    r"rendue publique)\s+" + _DAYS + r"(?=\s*,)",
    re.IGNORECASE,
)
# A weekday right after a past participle (« a annoncé mardi », « a placé lundi en … »),
# not followed by a date (« mardi 3 mars ») or a time of day, and not after a preposition
# (« depuis lundi », « du samedi » stay).
_PARTICIPLE_DAY = re.compile(
    r"(\b(?!depuis\b|puis\b|plus\b|jusqu)\w{3,}(?:é|ée|és|ées|is|ise|it|ite|u|ue|us|"
    r"ert|erte|int|ainte))\s+"
    + _DAYS
    + r"\b(?!\s+(?:\d|soir|matin|midi|dernier|prochain|après-midi))(?!\s*[.!]$)",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\s*\(([A-ZÀ-Ý][A-Za-zÀ-ÿ]{1,11})\)")
_DETERMINER = re.compile(r"(?:^|\s)(le|la|les|l['’]|du|des|au|aux|de la|de l['’])\s*$", re.I)
_VERBS = (
    r"(?:annoncé|indiqué|précisé|affirmé|expliqué|déclaré|confirmé|assuré|souligné|"
    r"estimé|fait savoir|rapporté|révélé|ajouté|communiqué|appris)"
)
_VERBS_PRESENT = (
    r"(?:annonce|indique|précise|affirme|explique|déclare|confirme|assure|souligne|"
    r"estime|fait savoir|rapporte|révèle|ajoute)"
)
# Who said it, after the verb: « l'entreprise », « sa direction », « le groupe dans un
# communiqué », « Claire Dubost », or nothing after « a-t-il ». Anything else after the verb
# (« a annoncé le lancement de X ») is the sentence's own content and stays.
_SPEAKER = (
    r"(?:(?:l['’]|la |le |les |sa |son |ses |leur |un |une )"
    r"(?:entreprise|société|groupe|direction|enseigne|start-up|jeune pousse|plateforme|"
    r"marque|opérateur|distributeur|porte-parole|ministère|ministre|fondateur|fondatrice|"
    r"cofondateur|cofondatrice|PDG|patron|patronne|dirigeant|dirigeante|président|"
    r"présidente|directeur général|directrice générale|cabinet|banque|assureur|éditeur)"
    r"|[A-ZÀ-Ý][\w'’-]+(?: [A-ZÀ-Ý][\w'’-]+){0,3})"
)
_TAIL = r"(?:\s+" + _SPEAKER + r")?(?:\s+" + _DAYS + r")?(?:\s+dans un communiqué)?"
# «, a annoncé l'entreprise lundi. » / «, a-t-elle précisé. » / «, indique la direction. »
_TRAILING_SAID = re.compile(
    r",\s+(?:(?:a|ont|avait|avaient)-t-(?:il|elle|ils|elles|on)\s+"
    + _VERBS
    + r"(?:\s+"
    + _DAYS
    + r")?"
    + r"|(?:a|ont|avait|avaient)\s+"
    + _VERBS
    + _TAIL
    + r"|"
    + _VERBS_PRESENT
    + r"-t-(?:il|elle|ils|elles|on)"
    + r"|"
    + _VERBS_PRESENT
    + _TAIL
    + r")\s*([.!])$",
)
_ASIDE_BEFORE = re.compile(r",\s+(?:qui|dont|que|où)\s[^,]*$")
_TRAILING_SELON = re.compile(r",\s+selon\s+[^,;:«»\"()]{3,90}?\s*([.!])$", re.IGNORECASE)
_LEADING_SELON = re.compile(r"^(?:Selon|D['’]après)\s+[^,;:«»\"()]{3,90}?,\s+(?=\S)")
# An aside between commas: a relative clause or a past-participle phrase (« fondée en 2018 »).
_ASIDE = re.compile(
    r",\s+(?:qui|dont|où|fondée?s?|créée?s?|lancée?s?|née?s?|installée?s?|basée?s?|"
    r"détenue?s?|rachetée?s?|filiale|spécialiste|numéro|l['’]une? des)\s[^,;:«»\"()]{2,100}?,\s+"
)
_DET_LOWER = re.compile(r"^(?:le|la|les|l['’]|un|une|des|du|au|aux|plus|près|\d)", re.I)
_CONTINUES_ASIDE = re.compile(
    r"^(?:dont|qui|que|qu['’]|où|soit|et|ou|contre|mais|en|à|au|aux|de|du|des|d['’]|pour|"
    r"avec|sur|dans|ainsi|selon|notamment|loin)\b",
    re.IGNORECASE,
)
_OPENING_PHRASE = re.compile(
    r"^(?:Pour|Selon|Chez|Avec|Dans|Après|Depuis|Face à|Outre|Sur|En|Au|Aux|À|D['’]après|"
    r"Pour sa part|Comme)\b"
)
# Not « (...) »: words left out inside a quotation, whose removal would glue its two
# sentences (« "On est au début (...) On ne va pas acter l'échec!" »).
_PARENTHESIS = re.compile(r"\s*\((?!\s*(?:\.\.\.|…)\s*\))[^()«»]{1,100}\)")
_COLON = re.compile(r"^([^:«»\"]{3,200}?)\s*:\s+(?=[^:]{20,}$)")
_PRONOUN_OPENER = re.compile(
    r"^(?:c['’]|ce |ça |cela |il |elle |ils |elles |on |y |en |le principe|l['’]idée)",
    re.IGNORECASE,
)
_DETERMINER_OPENER = re.compile(
    r"^(?:le|la|les|l['’]|un|une|des|du|selon|au|aux|plus|près|pour|dans|en|depuis|"
    r"\d|[A-ZÀ-Ý])",
)


def _tidy_spaces(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    return text[:1].upper() + text[1:]


def drop_weekdays(sentence: str) -> str:
    """« Cabasso a annoncé mardi avoir … » → « Cabasso a annoncé avoir … »."""
    if not _ANY_DAY.search(sentence):
        return sentence
    result = sentence
    match = _PUBLISHED_DAY.search(result)
    if match:
        result = _join(result[: match.start()], result[match.end() :])
    result = _PUBLISHED_DAY_END.sub("", result)
    result = _PARTICIPLE_DAY.sub(r"\1", result)
    return _tidy_spaces(result)


def acronym_for_name(sentence: str) -> str:
    """« la Commission nationale de l'informatique et des libertés (CNIL) a … » → « la CNIL a … ».

    The long name runs from a determiner to the parenthesis and is capitalised right after
    the determiner; the acronym keeps that determiner (same head noun, same gender).
    """
    if "(" not in sentence:
        return sentence
    match = _ACRONYM.search(sentence)
    if not match:
        return sentence
    acronym = match.group(1)
    if not (acronym.isupper() or acronym[1:].islower()):
        return sentence
    before = sentence[: match.start()]
    words = before.split(" ")
    # Walk back to the capitalised head of the name, at most 16 words back.
    for back in range(1, min(17, len(words))):
        head = words[-back]
        stem = head.split("’")[-1].split("'")[-1]
        if not stem[:1].isupper():
            continue
        if head != stem:  # « l'Autorité »: the determiner is glued to the head
            prefix = " ".join([*words[:-back], head[: len(head) - len(stem)]])
            return _tidy_spaces(prefix + acronym + sentence[match.end() :])
        if _DETERMINER.search(" ".join(words[:-back])):
            prefix = " ".join(words[:-back])
            return _tidy_spaces(prefix + " " + acronym + sentence[match.end() :])
        break
    return sentence


def drop_trailing_attribution(sentence: str) -> str:
    """« …, a indiqué la direction lundi. » → « … . » (not after a quote: it names the speaker)."""
    if re.search(r"[«»“”\"]", sentence):
        return sentence
    match = _TRAILING_SAID.search(sentence)
    if not match:
        return sentence
    head = sentence[: match.start()]
    # « Le groupe, qui compte 85 magasins, a annoncé le rachat. »: the verb was the main one.
    if _ASIDE_BEFORE.search(head) or len(head.split()) < 6:
        return sentence
    return _tidy_spaces(head + match.group(1))


# A wire dateline: « PARIS (AFP) - », « Lyon, 12 mars (Reuters) – », « BORDEAUX – ».
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’ -]{1,30}?(?:,\s*(?:le\s+)?\d{1,2}\s+\w+(?:\s+\d{4})?)?\s*"
    r"\((?:AFP|Reuters|AP|Relaxnews|AFP/Relaxnews|ETX|ANSA)\)|[A-ZÀ-Ý]{3,}(?:[ -][A-ZÀ-Ý]{2,})*)"
    r"\s*[-–—]\s+(?=\S)"
)


def drop_dateline(sentence: str) -> str:
    """« PARIS (AFP) - Le groupe X a … » → « Le groupe X a … » (a dateline is no news)."""
    if not re.search(r"[-–—]", sentence[:60]):
        return sentence
    result = _DATELINE.sub("", sentence, count=1)
    return _tidy_spaces(result) if result != sentence else sentence


@lru_cache(maxsize=4096)
def tidy(sentence: str) -> str:
    """The safe deletions, always applied."""
    return drop_trailing_attribution(acronym_for_name(drop_weekdays(drop_dateline(sentence))))


def drop_leading_selon(sentence: str) -> str:
    """« Selon une étude de X publiée mardi, 71 % des … » → « 71 % des … »."""
    result = _LEADING_SELON.sub("", sentence, count=1)
    if result == sentence or _PRONOUN_OPENER.match(result):
        return sentence
    opens_well = _DETERMINER_OPENER.match(result) and (
        result[:1].isupper() or _DET_LOWER.match(result)
    )
    if not opens_well:
        return sentence  # « Selon X, qui … »: the comma closed an aside, not the source
    if "," in " ".join(result.split()[:6]):
        return sentence  # « Selon le rapporteur, le député Paul Verdier, … »: an apposition
    return _tidy_spaces(result)


# « Dimanche matin à Venise, l'équipage … », « Lors de son discours, le président … »,
# « Arrivée à Paris, la délégation … », « Le 29 mai, 21.000 tonnes … », « Ce jeudi, … »: a
# complement of time, place or circumstance opening the sentence, up to its comma (not
# « Si …, »: a condition is part of what is said; not a first name such as « Coralie
# Moussu, », « Jacques Lajeanne, » or « Julie, », the subject; not « Cette vidéo montre …, »
# or « Quelque 900 soldats sont mobilisés, »: a subject and its verb).
_OPENER = re.compile(
    r"^(?:Sur|Dans|Pour|Avec|Depuis|Après|Avant|Lors|En|Au|Aux|À|Selon|D['’]après|Face|"
    r"Alors|Comme|Quand|Lorsque|Malgré|Outre|Parmi|Chez|Entre|Dès|Samedi|"
    r"Dimanche|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Hier|Aujourd['’]hui|Mi-\w+|Fin|Début|"
    r"(?:Ce|Cet|Cette) (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|"
    r"midi|après-midi|week-end|jour|jour-là|mois|mois-ci|année|année-là|semaine|nuit|été|"
    r"hiver|automne|printemps|fois)|"
    r"Quelques (?:secondes|minutes|heures|jours|semaines|mois|années|instants)|"
    r"Le \d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre)|"
    r"(?!Quelques?\b)[A-ZÀ-Ý][a-zà-ÿ]+(?:é|ée|és|ées|ie|ies|ue|ues)(?!\w|\s+[A-ZÀ-Ý]|,))\b"
    r"[^,]{0,80},\s+(?=\S)"
)
# What tells a main clause inside what looks like an opener (« Députés et sénateurs
# tenteront …, », « Au total 5.253 tonnes ont été détruites, », « Dans une autre vidéo elle
# apparaît …, »): a subject pronoun, an auxiliary or a modal, a future or a conditional; not
# after a conjunction or a relative (« Alors que le Sénat a voté, », « Au-delà des communes
# dont les conseils ont été élus, »), whose verb is the opener's own.
_MAIN_CLAUSE_IN_OPENER = re.compile(
    r"(?<![\w'’-])(?:il(?! y a)|ils|on|(?i:(?<!selon )(?<!pour )(?<!avec )(?<!chez )"
    r"(?<!sans )(?<!après )(?<!entre )(?<!contre )(?<!comme )(?<!parmi ))elles?|est|sont|a|"
    r"ont|était|étaient|sera|seront|avait|avaient|fut|furent|peut|peuvent|pourrait|"
    r"pourraient|doit|doivent|devrait|devraient|va|vont|"
    r"(?!(?:re|por|ex|at|abs)trait\b)\w{3,}(?:ront|rait|raient))(?![\w'’-])"
)
_CLAUSE_OF_ITS_OWN = re.compile(r"^(?:Alors|Comme|Quand|Lorsque)\b|\b(?:qui|que|qu['’]|dont|où)")


def drop_opener(sentence: str) -> str:
    """« Dimanche matin à Venise, l'équipage … » → « L'équipage … » (at least four words
    left, opening on a word)."""
    match = _OPENER.match(sentence)
    if not match:
        return sentence
    opener = match.group()
    if not _CLAUSE_OF_ITS_OWN.search(opener) and _MAIN_CLAUSE_IN_OPENER.search(opener, 1):
        return sentence
    rest = sentence[match.end() :]
    if word_count(rest) < 4 or not re.match(r"[A-Za-zÀ-ÿ«\"0-9]", rest):
        return sentence
    return rest[:1].upper() + rest[1:]


def drop_trailing_selon(sentence: str) -> str:
    """« …, selon le cabinet Finscope. » → « … . »."""
    if "selon" not in sentence or re.search(r"[«»“”\"]", sentence):
        return sentence
    return _tidy_spaces(_TRAILING_SELON.sub(r"\1", sentence))


def drop_asides(sentence: str) -> str:
    """« Tikal, fondé en 2014, réalisait … » → « Tikal réalisait … »; « , qui …, » likewise."""
    match = _ASIDE.search(sentence)
    if not match:
        return sentence
    before, after = sentence[: match.start()], sentence[match.end() :]
    if _CONTINUES_ASIDE.match(after):
        return sentence  # « , qui a réalisé 340 millions, dont un tiers en ligne »
    return _join(before, after)


def _join(before: str, after: str) -> str:
    """The two sides of a deleted aside: after an opening phrase (« Pour Prévia, qui …,
    l'opération … », « Selon le baromètre, publié jeudi, 46 % … ») the comma stays; after
    a subject (« Tikal, fondé en 2014, réalisait … ») it goes."""
    joint = ", " if _OPENING_PHRASE.match(before) and "," not in before else " "
    return _tidy_spaces(before + joint + after)


def drop_parentheses(sentence: str) -> str:
    """« Les dark stores (entrepôts urbains) ferment » → « Les dark stores ferment »."""
    if "(" not in sentence:
        return sentence
    return _tidy_spaces(_PARENTHESIS.sub("", sentence))


def drop_colon_hook(sentence: str) -> str:
    """« Un compte à rebours truqué : la DGCCRF a sanctionné X. » → « La DGCCRF a sanctionné X. ».

    Only when what follows the colon opens like a sentence of its own (a determiner, a
    number or a name, not « c'est » nor a pronoun leaning on the hook).
    """
    match = _COLON.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end() :]
    hook = match.group(1)
    # The hook is generic (no number, no name after its first word); the facts follow.
    if numbers(hook) or any(not initial for _, initial in capitalised_words(hook)):
        return sentence
    if not (numbers(rest) or any(not initial for _, initial in capitalised_words(rest))):
        return sentence
    if _PRONOUN_OPENER.match(rest) or not _DETERMINER_OPENER.match(rest):
        return sentence
    if len(rest.split()) < 8 or rest.count("«") != rest.count("»"):
        return sentence
    return _tidy_spaces(rest)


_LOSSY = (drop_asides, drop_parentheses, drop_trailing_selon, drop_leading_selon, drop_colon_hook)


def variants(sentence: str) -> list[str]:
    """The tidied sentence, then shorter forms (each lossy rule alone, then all), no repeats."""
    return list(_variants(sentence))


@lru_cache(maxsize=4096)
def _variants(sentence: str) -> tuple[str, ...]:
    base = tidy(sentence)
    found = [base]
    combined = base
    for rule in _LOSSY:
        shorter = rule(base)
        if shorter not in found:
            found.append(shorter)
        combined = rule(combined)
    if combined not in found:
        found.append(combined)
    return tuple(found)
