"""Quote candidates for « Qui a dit ça ? »: the words, the speaker and their role (pure).

A quote is text in « » or “ ” / "…" of at least five words. The speaker and role are taken
only when the article says them next to the quote, in the usual French constructions:
« … », explique Claire Fontenay, directrice marketing de Cabasso.
Selon Claire Fontenay, directrice marketing de Cabasso, « … ».
Claire Fontenay, directrice marketing de Cabasso, le dit : « … ».
Claire Fontenay, directrice marketing de Cabasso, estime que « … ».
« … », a déclaré Claire Fontenay, directrice marketing de Cabasso.
« … », a déclaré la directrice marketing de Cabasso Claire Fontenay.
« … », plaisante Claire Fontenay (any verb of saying; « à l'AFP », « sur Twitter » between).
« … », a ajouté la directrice (the person named before with a role of that noun).

A pronoun is never a speaker: « … », a-t-elle expliqué, or Elle estime que « … », is given to
the subject of the sentence before when it names a person first (« Nicolas Hulot a saisi la
main que lui tendait Emmanuel Macron. « … », a-t-il poursuivi » is Hulot's), unless that
sentence gave its own quote to someone else, else to the last person the article named before
the quote (with the role it gave them), else to nobody; nobody too when that person is of the
other gender, as the words before the name say it (« la ministre », « M. ») or else their
first name (data/first_names.json, learned from the OrangeSum train articles by
scripts/train_first_names.py). A story's quotes are deduplicated (dedupe): the same words
quoted by several sources, with other quotation marks, apostrophes, spaces, case or final
punctuation, are one candidate, with the best speaker and role any of them gave.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import filterfalse, pairwise
from pathlib import Path

from numeriq.newsroom.text import STOPWORDS, split_sentences, word_count

_QUOTE = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"\n]+?)\"")
_NAME_WORD = r"(?:[A-ZÀ-ÝŒ][a-zà-ÿœ]+(?:-[A-ZÀ-ÝŒ]?[a-zà-ÿœ]+)?|[A-Z]\.)"
_PARTICLE = r"(?:de |du |d'|d’|van |von |le |la |des |di |da |ben |el |al-)"
NAME = rf"{_NAME_WORD}(?: {_PARTICLE}?{_NAME_WORD}){{1,2}}"
VERBS = (
    "explique|expliquait|déclare|déclarait|affirme|affirmait|assure|assurait|souligne|"
    "soulignait|estime|estimait|indique|indiquait|précise|précisait|confie|confiait|résume|"
    "résumait|ajoute|ajoutait|lance|lançait|observe|reconnaît|note|martèle|prévient|détaille|"
    "poursuit|insiste|raconte|tranche|commente|rappelle|sourit|avance|juge|regrette|conclut|"
    "s'amuse|s’amuse|s'enthousiasme|s’enthousiasme|se félicite|promet|annonce|dit|a déclaré|"
    "a expliqué|a affirmé|a assuré|a souligné|a estimé|a indiqué|a précisé|a confié|a ajouté|"
    "a reconnu|a prévenu|a résumé|a lancé|a annoncé|a dit|a promis"
)
# A role never opens on a verb of saying and a name (« Alexandre Benalla, révèle Daniel
# Cohn-Bendit »: the second name is the speaker, not the first one's role).
_SAYING_FIRST = rf"(?!(?:{VERBS}|révèle|raconte|dénonce|répond|réagit|rappelle)\s+[A-ZÀ-ÝŒ])"
_ROLE = (
    rf"(?P<role>{_SAYING_FIRST}(?:l['’]|le |la |les |un |une |)?"
    r"(?:[A-Z]{2,6}\b|[a-zà-ÿœ])[^,.;:!?«»()]{1,90})"
)
# « … », explique Claire Fontenay, directrice marketing de Cabasso.
_AFTER = re.compile(
    rf"^\s*[,.]?\s*(?:{VERBS})(?:-t-il|-t-elle)?\s+(?P<name>{NAME})(?:,\s*{_ROLE})?"
)
# « … » : la directrice marketing de Cabasso, Claire Fontenay, …  (rare; role first)
_ROLE_FIRST = re.compile(
    rf"(?:{VERBS})\s+(?P<role>l[ea] [a-zà-ÿœ][^,]{{2,80}}),\s*(?P<name>{NAME})"
)
# « … », a déclaré le Premier ministre Jean Castex / souligne le colonel Boucar Ndiaye: the
# role before the name (`_role_then_name` finds where the name starts).
_ROLE_THEN_NAME = re.compile(
    rf"^\s*[,.]?\s*(?:{VERBS}|a\s+\w+é)(?:-t-il|-t-elle)?\s+(?P<article>l['’]|le |la )"
    r"(?P<tail>[^,.;:!?«»()\"]{3,120})"
)
# « … », plaisante Benoît Hamon / a tweeté Donald Trump / s'est exclamé Hans Kluge / a
# expliqué à Libération Violaine Carrère, membre du Gisti: after a quote and its comma, a verb
# and a name are its speaker, whichever verb of saying the article chose (VERBS has the
# commonest; the articles use hundreds), with a complement between them or not (« à l'AFP »,
# « sur Twitter », « lors d'un rassemblement le professeur »).
_INCISE = (  # the quote's comma and a verb: « , plaisante », « , s'est exclamé »
    r"^\s*,\s*(?:(?:a|ont|avait|avaient)\s+(?:(?:aussi|encore|alors|ensuite|enfin)\s+)?|"
    r"s['’](?:est|était)\s+|se\s+|s['’])?(?P<verb>[a-zà-ÿœ]{3,})(?:-t-(?:il|elle))?"
)
_AFTER_ANY_VERB = re.compile(
    _INCISE + r"(?:\s+(?P<complement>(?:sur|dans|à|au|aux|lors|devant|auprès|en)\s+"
    r"[^,«»\".]{0,40}?))?"
    rf"\s+(?P<name>{NAME})(?:,\s*{_ROLE})?"
)
# … but not after « », et Paul Martin », « », dont Paul Martin », nor a complement ending on
# an article (« dans un communiqué le Collectif Inter-Hôpitaux » names no person).
_NOT_AN_INCISE_VERB = frozenset(
    {"dont", "puis", "avec", "comme", "pour", "contre", "après", "avant", "depuis", "chez",
     "entre", "parmi", "sans", "sous", "vers", "voire", "notamment", "ainsi", "aussi", "même",
     "soit", "tandis", "quand", "lorsque", "alors", "car", "donc", "celui", "celle", "ceux",
     "celles", "lequel", "laquelle", "auquel", "tout", "tous", "toute", "toutes", "très"}
)  # fmt: skip
# « "…", a ajouté l'avocat », « ajoute la principale »: a role without a name, which stands
# for the person the article named before it with a role of that noun (role_antecedent).
_AFTER_A_ROLE = re.compile(
    _INCISE + r"\s+(?P<role>(?:l['’]|le |la |cet |cette |ce )[a-zà-ÿœ][^,.;:!?«»\"()]{1,60})"
)
_ENDS_ON_AN_ARTICLE = re.compile(r"(?:\b(?:le|la|les|un|une|des|du)|\bl['’])$", re.IGNORECASE)
_NAME_AT = re.compile(NAME)
_CAPITAL_AT = re.compile(r"(?<![\w'’-])[A-ZÀ-ÝŒ]")
# Selon Claire Fontenay, directrice marketing de Cabasso, « … »  /  Pour X, role : « … »
_BEFORE_SELON = re.compile(
    rf"(?:[Ss]elon|[Pp]our|[Dd]'après|[Dd]’après)\s+(?P<name>{NAME})(?:,\s*{_ROLE})?[,:]?\s*$"
)
# Claire Fontenay, directrice marketing de Cabasso, le dit : « … »  /  X résume : « … »
_BEFORE_COLON = re.compile(rf"(?P<name>{NAME})(?:,\s*{_ROLE},)?[^«»:]{{0,60}}:\s*$")
# Claire Fontenay, directrice marketing de Cabasso, estime que « … »
_BEFORE_QUE = re.compile(
    rf"(?P<name>{NAME})(?:,\s*{_ROLE},)?\s+(?:{VERBS}|pense|juge|considère|reconnaît|"
    rf"rappelle|explique|souligne|affirme|estime|assure|prévient)\s+(?:qu['’]|que\s*)$"
)
_PRONOUN = r"(?:il|elle|ils|elles|celui-ci|celle-ci|ce dernier|cette dernière)"
# « … », a-t-elle expliqué / avait-il déclaré / explique-t-il / poursuit-elle / dit-il /
# s'est-il indigné, and as the press also writes them: a t-il estimé, explique t-il
_AFTER_PRONOUN = re.compile(
    rf"^\s*[,.]?\s*(?:(?:a[- ]t|avait(?:-t)?|aurait)-{_PRONOUN}\s+\w+|"
    rf"s['’](?:est|était)-{_PRONOUN}\s+\w+|"
    rf"(?:{VERBS})(?:-|-t-|\s+t-){_PRONOUN}\b|(?:{VERBS})\s+{_PRONOUN}\b)",
    re.IGNORECASE,
)
# Elle estime que « … »  /  Il a déclaré : « … »  /  Pour elle, « … »
_BEFORE_PRONOUN = re.compile(
    rf"(?:^|[.!?]|,)\s*(?:{_PRONOUN}\s+[^«».!?]{{0,60}}(?::|qu['’]|que)|"
    rf"(?:[Ss]elon|[Pp]our|[Dd]['’]après)\s+(?:lui|elle))\s*,?\s*$",
    re.IGNORECASE,
)
# A person named in the text, with the role the text gives them: « Claire Fontenay,
# directrice marketing de Cabasso, … ».
_PERSON = re.compile(rf"(?P<name>{NAME})(?:,\s*{_ROLE}[,.])?")
# An article before capitalised words makes them an organisation (« Le Groupe Nova »).
_ARTICLES = frozenset(
    {"le", "la", "les", "l", "un", "une", "des", "du", "cette", "ce", "son", "sa"}
)
# A sentence's first word before a name: dropped (« Puis Paul Durand »).
_NOT_A_FIRST_NAME = frozenset(
    {"de", "selon", "pour", "chez", "en", "dans", "sur", "avec", "par", "au", "aux", "et",
     "mais", "puis", "alors", "ensuite", "enfin", "ainsi", "aussi", "depuis", "quand", "lorsque",
     "si", "or", "donc", "car", "comme", "interrogé", "interrogée", "contacté", "contactée"}
)  # fmt: skip


QUIZ_WORDS = (8, 30)  # the quiz's best quotes are this long


@dataclass(frozen=True)
class QuoteCandidate:
    """A quote, who said it and their role when the article says so, and where it is."""

    text: str
    speaker: str = ""
    role: str = ""
    url: str = ""

    @property
    def reveal(self) -> str:
        """« C'est Name, role. » for the quiz, or '' without a speaker."""
        if not self.speaker:
            return ""
        return f"C'est {self.speaker}, {self.role}." if self.role else f"C'est {self.speaker}."

    @property
    def score(self) -> float:
        """Quiz-worthiness: a named speaker with a role, a quote of 8 to 30 words."""
        words = word_count(self.text)
        return (
            (2.0 if self.speaker else 0.0)
            + (1.0 if self.role else 0.0)
            + (1.0 if QUIZ_WORDS[0] <= words <= QUIZ_WORDS[1] else 0.0)
        )


# « Paul Martin, a reçu les syndicats … »: a verb after the name's comma opens no role.
_VERB_FIRST = re.compile(
    r"(?:a|ont|est|sont|avait|avaient|était|étaient|sera|seront|va|vont|doit|peut|a-t-il|"
    r"n['’]\w+|ne|se|s['’]\w+)\s",
    re.IGNORECASE,
)

_HAS_A_VERB = re.compile(
    r"\s(?:a|ont|est|sont|ne|n['’]\w+|sera|seront|serait|seraient)\s"
)  # « Emmanuel Macron, la GPA ne sera pas légalisée », « X : ce sera sur le terrain »
# A time is no role: « Ce lundi 15 juin, Marine Le Pen », « la semaine dernière Emmanuel
# Macron », « Emmanuel Macron, ce mercredi, ».
_TIME_PHRASE = re.compile(
    r"^(?:(?:ce|cet|cette|la|le|l['’]|les|un|une|dès|depuis|en|fin|début|mi-?)\s*)?"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|week-end|mois|année|an|"
    r"jour|journée|matin|matinée|soir|soirée|nuit|après-midi|veille|lendemain|fois|"
    r"printemps|été|automne|hiver|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|fin|début)\b",
    re.IGNORECASE,
)


# Nor are the circumstances of what a person said or did: « Alexis Corbière, en pleine séance
# parlementaire », « …, au moment de … », « …, sans donner plus de détails », « …, après avoir
# échangé … », « …, présent à Matignon », « …, également interrogé par France 2 » (not « en
# charge des situations d'urgence à l'OMS »).
_CIRCUMSTANCE_FIRST = re.compile(
    r"(?:(?:également|aussi|alors|lui-même|elle-même)\s+)?(?:en(?!\s+charge\b)|au\s+moment|"
    r"sans|après|avant|lors|pendant|depuis|dans|sur|par|présente?s?|interrogée?s?|"
    r"contactée?s?|jointe?s?|venue?s?)\b",
    re.IGNORECASE,
)


def clean_role(role: str) -> str:
    role = role.strip().rstrip(" ,.;:")
    # A role ends where the sentence turns: « … de Cabasso, qui … » or « … depuis 2019 ».
    role = re.split(
        r"\s+(?:qui|dont|où|alors que|tandis que|lors|dans un|dans une|au cours|devant|depuis|"
        r"en marge)\s",
        " " + role,
    )[0].strip()
    if (
        _VERB_FIRST.match(role)
        or _HAS_A_VERB.search(role)
        or _TIME_PHRASE.match(role)
        or _CIRCUMSTANCE_FIRST.match(role)
    ):
        return ""  # « Paul Martin, a reçu … », « Neemat Badreddine, rien n'a changé »
    return role if 1 <= word_count(role) <= 14 else ""


SpeakerOf = Callable[[str, int, int], tuple[str, str]]  # (text, quote's start, end) → who


def find_quotes(
    text: str, url: str = "", min_words: int = 5, fallback: SpeakerOf | None = None
) -> list[QuoteCandidate]:
    """Every quote of at least min_words words, with speaker and role when stated. A quote
    long enough for the quiz that the rules leave unattributed gets what `fallback` says, when
    given (numeriq/newsroom/speakers.py: from the parse)."""
    found: list[QuoteCandidate] = []
    for match in _QUOTE.finditer(text):
        quoted = " ".join((match.group("a") or match.group("b") or match.group("c")).split())
        if word_count(quoted) < min_words:
            continue
        speaker, role = _speaker(text, match.start(), match.end())
        if fallback is not None and not speaker and word_count(quoted) >= QUIZ_WORDS[0]:
            speaker, role = fallback(text, match.start(), match.end())
        found.append(QuoteCandidate(text=quoted, speaker=speaker, role=role, url=url))
    return dedupe(found)


def _speaker(text: str, start: int, end: int) -> tuple[str, str]:
    """Who the text says said the quote at text[start:end], if a person: ('', '') else."""
    name, role = _stated_speaker(text, start, end)
    name = person_name(name)
    return (name, role) if name else ("", "")


# What the rules take for a name but is a medium, an organisation or a place before the name
# (OrangeSum valid: « France Inter », « Météo France », « Paris Match », « Air France »,
# « Sciences Po Lille », « Le Parisien », « sur Twitter Christophe Castaner »).
_NOT_A_PERSON = re.compile(
    r"^(?:(?:France|Radio|Télé)\s+(?:Inter|Info|Bleu|Culture|Musique|Télévisions|Télévision|"
    r"\d+|Bleu\s+\S+)|Météo[-\s]France|Paris\s+Match|Air\s+France|Sciences?\s+Po(?:\s+\S+)?|"
    r"Twitter|Facebook|Instagram|YouTube|TikTok|LinkedIn|BFMTV|RTL|LCI|TF1|CNews|AFP|Reuters)"
    r"(?:\s+|$)"
)
# After the first word, none of these is part of a name: « P. Ce », « D. Lors » are an
# initial ending a sentence and the next sentence's first word.
_NOT_IN_A_NAME = frozenset(
    {"Ce", "Ces", "Cet", "Cette", "Il", "Ils", "Elle", "Elles", "Lors", "Un", "Une", "En",
     "Et", "Mais", "Pour", "Dans", "Au", "Aux", "On"}
)  # fmt: skip
# … nor, right after an initial, these (« P. De », « L. La »; « Marine Le Pen », « Robert
# De Niro » have them).
_NOT_AFTER_AN_INITIAL = frozenset({"Le", "La", "Les", "De", "Du", "Des"})


def person_name(name: str) -> str:
    """The name if it is a person's: without a medium before it, not an article's phrase
    (« Le Parisien », « La Voix du Nord »), not initials alone; '' otherwise."""
    while (shorter := _NOT_A_PERSON.sub("", name, count=1).strip()) != name:
        name = shorter  # « Twitter France Audrey … »
    name = re.sub(r"^[dD]['’]", "", name)  # « (sur le compte Twitter) d'Anne Hidalgo »
    words = name.split()
    if len(words) < 2 or fold_word(words[0]) in {"le", "la", "les", "l"}:
        return ""
    if any(word in _NOT_IN_A_NAME for word in words[1:]):
        return ""
    if any(
        re.fullmatch(r"[A-Z]\.", before) and word in _NOT_AFTER_AN_INITIAL
        for before, word in pairwise(words)
    ):
        return ""
    if all(re.fullmatch(r"[A-Z]\.", word) for word in words):
        return ""  # « D. N. »
    return name


def _stated_speaker(text: str, start: int, end: int) -> tuple[str, str]:
    after = text[end : end + 200]
    m = _AFTER.match(after)
    if m:
        return m.group("name"), clean_role(m.group("role") or "")
    m = _ROLE_FIRST.match(after.lstrip(" ,"))
    if m:
        return m.group("name"), clean_role(m.group("role"))
    named = _role_then_name(after) or _incise_speaker(after)
    if named:
        return named
    role_only = _AFTER_A_ROLE.match(after)
    if role_only and _incise_verb(role_only.group("verb")):
        return role_antecedent(text[:start], role_only.group("role"))
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    before = text[max(line_start, start - 250) : start]
    for pattern in (_BEFORE_SELON, _BEFORE_QUE, _BEFORE_COLON):
        m = pattern.search(before)
        if m:
            name = own_name(before, m.start("name"), m.group("name"))
            if name:
                return name, clean_role(m.groupdict().get("role") or "")
    pronoun = _AFTER_PRONOUN.match(after) or _BEFORE_PRONOUN.search(before)
    if pronoun:
        return pronoun_antecedent(text[:start], pronoun_gender(pronoun.group()))
    return "", ""


# The words before a sentence's subject (« Par la suite, », « Dès l'ouverture de son
# audition, »): at most this many.
_SUBJECT_WITHIN = 8
_TWO_SENTENCES = 1500  # characters before a quote that hold its sentence and the one before
_TITLES_OF_PERSONS = frozenset({"M.", "Mme", "Me", "Mgr", "Dr", "Pr", "Mlle"})
# A name after these is a complement, not the subject (« Le porte-parole de M. Ghani »,
# « Sur Public Sénat, »).
_BEFORE_A_COMPLEMENT = frozenset(
    {"de", "d", "du", "des", "l", "à", "au", "aux", "selon", "pour", "chez", "en", "dans", "sur",
     "avec", "par", "entre", "contre", "vers", "après", "avant", "sans", "sous"}
)  # fmt: skip
# What comes before a subject's name is an opener, a determiner or a title, never a pronoun
# or a verb whose object the name is (« Pourtant, elle appréciait Alexandre Benalla »).
_NOT_BEFORE_A_SUBJECT = frozenset(
    {"il", "elle", "ils", "elles", "on", "je", "nous", "vous", "qui", "que", "qu"}
)
_VERB_BEFORE = re.compile(r"\w(?:ait|aient|ent|é|ée|és|ées|it|ut)$")
# After it, a verb (« Alain Juppé a dit », « Jean-Marie Le Pen indique », « Daniel Ramey,
# porte-parole des secours, dit »): the name is the sentence's subject.
_VERB_AFTER = re.compile(
    r"(?:,[^,.«»\"]{1,120},)?\s+(?:ne\s+|n['’])?(?:[a-zéèêàâîôûç]+\s+)?"
    r"(?:a|ont|avait|avaient|est|sont|était|sera|va|vient|[a-zéèêàâîôûç]{2,}"
    r"(?:e|ent|it|ait|a|ra|era))\b"
)
# The previous quote's speaker named after it: « "…", a confié Philippe de Villiers. »
_SPEAKER_AFTER_A_QUOTE = re.compile(r"[»”\"]\s*,")


def pronoun_antecedent(text: str, gender: str = "") -> tuple[str, str]:
    """Who « il » or « elle » before or after a quote stands for, `text` being the article up
    to the quote: the subject of the sentence before when it is a person named at its start
    (« Nicolas Hulot a saisi la main que lui tendait Emmanuel Macron. "…", a-t-il
    poursuivi » is Hulot's, not Macron's), unless that sentence gave the quote before it to
    the person the text named last (« "…", a confié Philippe de Villiers. "…", a-t-il
    ajouté » goes on with him); else the last person named (`last_person`)."""
    last = last_person(text, gender)
    sentences = split_sentences(text[-_TWO_SENTENCES:])  # not the whole article
    if len(text) > _TWO_SENTENCES:
        sentences = sentences[1:]  # the first may be cut
    if not text.rstrip(' \u00a0\u202f«“"').endswith((".", "!", "?", "…", "»", "”", '"')):
        sentences = sentences[:-1]  # the quote's own sentence began before it
    if not sentences:
        return last
    previous = sentences[-1]
    subject = _named_subject(previous, gender)
    if not subject or subject[0] == last[0]:
        return last
    speaker_after = _SPEAKER_AFTER_A_QUOTE.search(previous)
    if speaker_after and last[0] and last[0].split()[-1] in previous[speaker_after.end() :]:
        return last
    return subject


def _named_subject(sentence: str, gender: str) -> tuple[str, str] | None:
    """The person the sentence names first, with their role, when they are its subject: named
    in its first words, not after a preposition, a person by a first name or a title (« M. »,
    « Mme »), of the pronoun's gender when known."""
    for name, role, written, told in named_people(sentence, genders=True):
        at = sentence.find(written)
        words = sentence[:at].split()
        if len(words) > _SUBJECT_WITHIN:
            return None
        before = [*words, *written.split()[:1]]  # « Sur Public Sénat »: the rules' name
        if any(fold_word(word.rstrip("'’")) in _BEFORE_A_COMPLEMENT for word in before[-2:]):
            return None
        folded = [fold_word(word.strip(",'’")) for word in words]
        if _NOT_BEFORE_A_SUBJECT.intersection(folded) or (
            words and words[-1].islower() and _VERB_BEFORE.search(words[-1])
        ):
            return None
        if not _VERB_AFTER.match(sentence, at + len(written)):
            return None
        first = name.split()[0]
        if first not in _TITLES_OF_PERSONS and not gender_of_first_name(first):
            return None
        said = told or first_name_gender(name)
        if gender and said and said != gender:
            return None
        return name, role
    return None


def _role_then_name(after: str) -> tuple[str, str] | None:
    """« , a déclaré le Premier ministre Jean Castex » → (Jean Castex, Premier ministre): the
    first name-like words of the phrase that open on a known first name (« le maire de Lyon
    Gérard Collomb » is Gérard Collomb, not « Lyon Gérard Collomb »), after a role."""
    m = _ROLE_THEN_NAME.match(after)
    if not m:
        return None
    tail = m.group("tail")
    for capital in _CAPITAL_AT.finditer(tail, 1):
        name = _NAME_AT.match(tail, capital.start())
        if name and tail[name.end() : name.end() + 1].isalpha():
            return None  # « Kenneth McKenzie »: the name the rules can read stops short
        if name and gender_of_first_name(name.group().split()[0]):
            before = tail[: capital.start()]
            if _NAME_AS_COMPLEMENT.search(before):
                return None  # « l'ancienne ministre de Nicolas Sarkozy » is not Sarkozy
            role = clean_role(before)
            return (name.group(), role) if role else None
    return None


def _incise_speaker(after: str) -> tuple[str, str] | None:
    """« , plaisante Benoît Hamon » → (Benoît Hamon, ''); « , a indiqué à Paris Match
    Elisabeth Borne » → (Elisabeth Borne, ''): the name starts at its first name when the
    words before it are a medium's or a place's."""
    m = _AFTER_ANY_VERB.match(after)
    if not m or not _incise_verb(m.group("verb")):
        return None
    if _ENDS_ON_AN_ARTICLE.search(m.group("complement") or ""):
        return None
    return " ".join(_from_first_name(m.group("name").split())), clean_role(m.group("role") or "")


def _a_person_first(word: str) -> bool:
    """Whether a name opening on the word is a person's: a first name or a title (« Me »)."""
    return word in _TITLES_OF_PERSONS or bool(gender_of_first_name(word))


def _from_first_name(words: list[str]) -> list[str]:
    """A name's words from its first name on, when the words before it are no first name nor
    a title (« Paris Match Elisabeth Borne », « Marseille Xavier Tarabeux »)."""
    if not words or _a_person_first(words[0]):
        return words
    first = next(
        (
            i
            for i, w in enumerate(words[1:-1], 1)
            if gender_of_first_name(w) and w not in _PARTICLES_AND_FIRST_NAMES
        ),
        0,
    )
    return words[first:]


# First names that are also a surname's particle (« Leïla Ben Ali », « Oussama Ben Laden »).
_PARTICLES_AND_FIRST_NAMES = frozenset({"Ben", "Bin", "Abu", "Abou", "El", "Al", "Ould", "Di"})


def _incise_verb(word: str) -> bool:
    """Whether the word after a quote's comma can be its verb of saying (not « dont »)."""
    return word not in STOPWORDS and word not in _NOT_AN_INCISE_VERB


def role_noun(role: str) -> str:
    """The noun a role opens on (« l'ancien ministre de l'Économie » → « ministre »)."""
    words = re.findall(r"[a-zà-ÿœ-]+", role.lower())  # « l'ancien » is « l », « ancien »
    noun = next((w for w in words if w not in _BEFORE_THE_NOUN and w not in _ARTICLES), "")
    noun = noun.removeprefix("ex-")
    return "" if len(noun) < 3 or noun in _NOT_NOUNS or noun in STOPWORDS else noun


def _mentions(text: str, noun: str) -> Iterator[tuple[int, str, int, str | None]]:
    """Each person the text names with a role opening on the noun, in order: where the name
    is, the name as written, where the noun ends and, when the name comes first (« Me Thierry
    Moser, avocat de la famille »), the role's words; None when the name comes after the noun
    (« le ministre de la Santé Olivier Véran »: its role runs from the noun to the name)."""
    at = text.find(noun)
    while at >= 0:
        end = at + len(noun)
        if (not at or not text[at - 1].isalnum()) and not (
            end < len(text) and (text[end].isalnum() or text[end] == "-")
        ):
            if _ROLE_OPENS_BEFORE.search(text, max(0, at - 30), at):
                named = _NAME_AFTER_THE_NOUN.match(text, end)
                if named and not _NO_ROLE_WORD.search(named.group("between")):
                    yield named.start("name"), named.group("name"), end, None
            apposed = _APPOSED_BEFORE.search(text, max(0, at - 150), at)
            if apposed:
                rest = _REST_OF_THE_ROLE.match(text, end)  # always: it may be empty
                stop = rest.end() if rest else end
                role = text[apposed.end("name") : stop].lstrip(", ")
                yield apposed.start("name"), apposed.group("name"), end, role
        at = text.find(noun, end)


def role_antecedent(text: str, role: str) -> tuple[str, str]:
    """Who « l'avocat » after a quote is, `text` being the article up to the quote: the person
    the text named last with a role opening on that noun, after the name (« Me Thierry Moser,
    avocat de la famille ») or before it (« le ministre de la Santé Olivier Véran »); with the
    surname the role gives (« le professeur Ghiringhelli »), only a person of that name.
    Nobody when there is none, or when the role's gender is not that person's (« la
    ministre » is no Olivier Véran)."""
    noun = role_noun(role)
    if not noun:
        return "", ""
    surname = next(iter(re.findall(r"(?<![\w'’-])[A-ZÀ-ÝŒ][\w-]+", role)[-1:]), "")
    gender = _gender_of(role)
    found = ("", "")
    for at, written, noun_end, apposed_role in _mentions(text, noun):
        if apposed_role is not None and role_noun(apposed_role) != noun:
            continue  # « Philippe Martinez, le patron du syndicat » is no « syndicat »
        words = _from_first_name(person_name(own_name(text, at, written)).split())
        if not words or not _a_person_first(words[0]):
            continue  # a person, by their first name or title (not « Lyon Capitale »)
        name = " ".join(words)
        if (gender and first_name_gender(name) not in {"", gender}) or (
            surname and words[-1] != surname
        ):
            continue
        if apposed_role is None:
            between = text[noun_end : text.find(name, at)]
            if _GOVERNS_THE_NAME.search(" " + between.rstrip()):
                continue  # « le syndicat de Philippe Martinez »: the name is its complement
            found = (name, clean_role(noun + between))
        else:
            found = (name, clean_role(apposed_role))
    return found


# The name is the role's complement (« l'entourage de François de Rugy »), or a relative's
# (« le jeune homme qui avait choisi Barack Obama »).
_NAME_AS_COMPLEMENT = re.compile(
    r"(?:\b(?:de|du|des)\s+|\bd['’]|\b(?:qui|que|qu['’]|dont|par|pour|avec|contre|chez)\b.*)$"
)  # « l'animateur chargé par son ami le président Emmanuel Macron »


_FEMININE_PRONOUN = re.compile(r"\b(?:elle|elles|celle-ci|cette dernière)\b", re.IGNORECASE)
_MASCULINE_PRONOUN = re.compile(r"\b(?:il|ils|celui-ci|ce dernier)\b", re.IGNORECASE)


def pronoun_gender(text: str) -> str:
    """'f' or 'm' for the pronoun in `text` (« a-t-elle expliqué », « Il estime que »), else ''."""
    if _FEMININE_PRONOUN.search(text):
        return "f"
    return "m" if _MASCULINE_PRONOUN.search(text) else ""


# What tells a person's gender: a title before the name, or the role's determiner or noun
# (« la ministre », « directrice », « l'avocate », « le président », « directeur »). Epicene
# words (« ministre », « porte-parole », « maire ») without a determiner tell nothing.
_TITLE_BEFORE = re.compile(r"\b(?:(?P<f>Mme|Madame|Mlle|Mademoiselle)|(?P<m>M\.|Monsieur))\s*$")
_ROLE_DETERMINER = re.compile(r"^(?:(?P<f>la|une|cette)|(?P<m>le|un|ce|cet))\s", re.IGNORECASE)
# A role before the name: a determiner, a lower-case noun and a few words of its complement,
# right before the name (« … a expliqué le ministre de la Santé Olivier Véran ») or opening the
# sentence with a comma (« La directrice de l'usine, Claire Durand »).
_ROLE_WORDS = r"(?:la|une|cette|le|un|ce|cet)\s+[a-zà-ÿ][\w-]*(?:\s+[^\s.,;:!?«»\"“”()]+)"
_ROLE_BEFORE = re.compile(r"(?:^|[\s(])" + _ROLE_WORDS + r"{0,4}\s+$", re.IGNORECASE)
_ROLE_OPENING = re.compile(r"\s*" + _ROLE_WORDS + r"{0,5},\s*$", re.IGNORECASE)
_BEFORE_THE_NOUN = frozenset(
    {"l", "ancien", "ancienne", "ex", "nouveau", "nouvel", "nouvelle", "jeune", "célèbre"}
)
# Where a role opening on a noun is read (`_mentions`): its determiner before the noun, the
# name after it (with the role's words between), or a name and its comma before it.
_ROLE_OPENS_BEFORE = re.compile(
    r"(?:\b(?:[Ll]e|[Ll]a|[Uu]n|[Uu]ne)\s|\b[Ll]['’])"
    rf"(?:(?:{'|'.join(sorted(_BEFORE_THE_NOUN))})\s)?$"
)
_NAME_AFTER_THE_NOUN = re.compile(rf"(?P<between>[^.;:!?«»\"()]{{0,60}}?)\s(?P<name>{NAME})")
_APPOSED_BEFORE = re.compile(rf"(?P<name>{NAME}),\s*(?:l['’]|le |la |un |une )?(?:[\w'’-]+ )?$")
_REST_OF_THE_ROLE = re.compile(r"[^,.;:!?«»()]{0,60}")
_NOT_NOUNS = frozenset(
    {"rien", "bien", "combien", "ayant", "étant", "en", "tant", "avant", "pendant",
     "cependant", "maintenant", "durant", "selon", "lorsqu", "quand"}
)  # fmt: skip
# A determiner's phrase is no role of the name after it when a preposition comes before it
# (« sur le calendrier scolaire Marine Le Pen », a comma missing) or ends it (« le parti de »),
# or when it holds a relative, a verb or a conjunction (« la stratégie pour laquelle a opté »).
_COMPLEMENT = re.compile(
    r"\b(?:sur|à|de|d['’]|du|des|au|aux|dans|pour|par|avec|contre|selon|chez|vers|après|avant|"
    r"depuis|entre|sans|sous|envers|malgré)\s*$",
    re.IGNORECASE,
)
_GOVERNS_THE_NAME = re.compile(
    r"\s(?:de|d['’]|du|des|à|au|aux|avec|par|pour|sur|contre|chez|et|ou)\s*$", re.IGNORECASE
)
_NO_ROLE_WORD = re.compile(
    r"\b(?:que|qu['’]|qui|quoi|laquelle|lequel|lesquels|lesquelles|dont|où|a|ont|est|sont|"
    r"était|avait|pour|par|avec|sur|dans|et|ou|mais|ne|n['’]|se|s['’])(?=\s|$)",
    re.IGNORECASE,
)
# Not « -é », « -ée »: « membre-clé », « lycée », « société » would say a gender they have not.
_FEMININE_NOUN = re.compile(r"(?:rice|euse|ienne|ière|esse|ante|ente|ate|ive|onne)$")
_MASCULINE_NOUN = re.compile(r"(?:teur|eur|ien|ier|ant|ent|at|if|on)$")


def person_gender(before: str, role: str) -> str:
    """'f', 'm' or '' for a person named after `before`, with that role, or else the one the
    words before the name give (« la directrice marketing Claire Fontenay »)."""
    title = _TITLE_BEFORE.search(before)
    if title:
        return "f" if title.group("f") else "m"
    first = _ROLE_BEFORE.search(before) or _ROLE_OPENING.match(before)
    apposed = ""
    if first and not _COMPLEMENT.search(before, 0, first.start() + 1):
        apposed = first.group().strip(" (,")
    if (
        _GOVERNS_THE_NAME.search(apposed)
        or _NO_ROLE_WORD.search(apposed)
        or _TIME_PHRASE.match(apposed)
    ):
        apposed = ""  # « le parti de Marine Le Pen », « la stratégie pour laquelle a opté X »
    for described in (role, apposed):
        gender = _gender_of(described)
        if gender:
            return gender
    return ""


def _gender_of(role: str) -> str:
    """'f', 'm' or '' for a role, by its determiner or its noun's ending."""
    determiner = _ROLE_DETERMINER.match(role)
    if determiner:
        return "f" if determiner.group("f") else "m"
    words = re.findall(r"[a-zà-ÿ-]+", role.lower())
    noun = next((w for w in words if w not in _BEFORE_THE_NOUN), "").split("-")[0]
    if noun in _NOT_NOUNS:  # « Neemat Badreddine, rien n'a changé »: no role at all
        return ""
    if _FEMININE_NOUN.search(noun):
        return "f"
    return "m" if _MASCULINE_NOUN.search(noun) else ""


def gender_before_name(text: str, start: int, name: str, role: str) -> str:
    """`person_gender` for the name at text[start:], from its own sentence."""
    before = _SENTENCE_START.split(text[max(0, start - 60) : start])[-1]
    first = name.partition(" ")[0]
    if first in _TITLES:  # « Mme Claire Durand »
        before += " " + first
    return person_gender(before, role)


_SENTENCE_START = re.compile(r"[.!?»\"”]\s*")  # what tells a gender is in the name's sentence
_TITLES = frozenset({"Mme", "Madame", "Mlle", "Mademoiselle", "M.", "Monsieur"})


def named_people(
    text: str, genders: bool = False, *, by_first_names: bool = True
) -> Iterator[tuple[str, str, str, str]]:
    """Each person `text` names, in order: the name, the role the text gives them there, the
    name as written (its first name first) and, with `genders`, their gender as the words
    before the name tell it ('f', 'm', '': `gender_before_name`). With `by_first_names`, a
    name starts at its first name (`_from_first_name`); the first names' training reads the
    names without, as it learns them."""
    for m in _PERSON.finditer(text):
        parts = own_name(text, m.start("name"), m.group("name")).split()
        while parts and fold_word(parts[0]) in _NOT_A_FIRST_NAME:
            parts.pop(0)  # a sentence's first word before the name (« Puis Paul Durand »)
        if by_first_names:  # « le député de Seine-Saint-Denis Alexis Corbière »
            parts = _from_first_name(parts)
        if len(parts) < 2 or fold_word(parts[0]) in _ARTICLES:
            continue
        name = person_name(" ".join(parts))
        if not name:
            continue
        role = clean_role(m.group("role") or "")
        told = gender_before_name(text, m.start("name"), m.group("name"), role) if genders else ""
        yield name, role, m.group("name"), told


def last_person(text: str, gender: str = "") -> tuple[str, str]:
    """The last person `text` names (name and the role it gave them), else ('', ''); with a
    pronoun's `gender` ('f', 'm'), nobody when what the text says of that person, or else
    their first name, is of the other (« Paul Martin, directeur … » is no « elle »)."""
    found = ("", "")
    said = ""  # the found person's gender as the text tells it
    for name, role, _, told in named_people(text, genders=bool(gender)):
        if found[0] == name:
            role = role or found[1]  # named again without the role: the earlier role holds
            told = told or said
        found, said = (name, role), told
    said = said or (first_name_gender(found[0]) if gender else "")
    if gender and said and said != gender:
        return "", ""
    return found


FIRST_NAMES_PATH = Path(__file__).with_name("data") / "first_names.json"


@lru_cache(maxsize=1)
def _first_names() -> Mapping[str, str]:
    """Folded first name → 'f' or 'm' (scripts/train_first_names.py); empty without the file."""
    try:
        data = json.loads(FIRST_NAMES_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {fold_word(name): gender for gender in "fm" for name in data[gender].split()}


def first_name_gender(name: str) -> str:
    """'f' or 'm' for a person by their first name, when the train split's articles tell it
    with one voice (« Agnès Buzyn » 'f', « Paul Martin » 'm'), else '' (« Dominique »)."""
    first, space, _ = name.partition(" ")
    return gender_of_first_name(first) if space else ""


def gender_of_first_name(word: str) -> str:
    """'f' or 'm' when the word alone is a first name the train split tells so (« Julie »)."""
    return _first_names().get(fold_word(word), "")


# Capitalised words after these end a complement, not a person's name: « le ministre de la
# Santé Olivier Véran » (Santé), « les jardins de la Maison Blanche » (no person).
_COMPLEMENT_BEFORE = re.compile(
    r"(?:\b(?:le|la|les|du|des|au|aux)|\bl['’]|\bd['’])\s*$", re.IGNORECASE
)


def own_name(text: str, start: int, name: str) -> str:
    """The person's name in the capitalised words `name` found at text[start:]: without
    their first word when an article or « de la » comes before it (that word ends a role or
    is a place or an organisation), '' if less than two words are left."""
    if not _COMPLEMENT_BEFORE.search(text, max(0, start - 4), start):
        return name
    rest = name.split()[1:]
    while rest and rest[0].lower() in {"de", "du", "d'", "d’", "la", "le", "des"}:
        rest.pop(0)
    return " ".join(rest) if len(rest) >= 2 else ""


def fold_word(word: str) -> str:
    """A word in lower case without accents or a trailing elision mark."""
    decomposed = unicodedata.normalize("NFD", word.lower().rstrip("'’"))
    return "".join(filterfalse(unicodedata.combining, decomposed))  # C loop, same result


_TYPOGRAPHY = re.compile(r"[\W_]+", re.UNICODE)


def quote_key(text: str) -> str:
    """What two renderings of one quote share: its words, folded, without punctuation."""
    return " ".join(_TYPOGRAPHY.sub(" ", fold_word(text.replace("œ", "oe"))).split())


def dedupe(candidates: Iterable[QuoteCandidate]) -> list[QuoteCandidate]:
    """One candidate per quote, in first-seen order, with the best speaker and role given."""
    kept: dict[str, QuoteCandidate] = {}
    for quote in candidates:
        key = quote_key(quote.text)
        if not key:
            continue
        first = kept.get(key)
        if first is None or (not first.speaker and quote.speaker):
            kept[key] = quote
        elif first.speaker == quote.speaker and not first.role and quote.role:
            kept[key] = replace(first, role=quote.role)
    return list(kept.values())


def best_quote(candidates: list[QuoteCandidate]) -> QuoteCandidate | None:
    """The most quiz-worthy candidate (first one on a tie), or None."""
    if not candidates:
        return None
    return max(candidates, key=lambda q: q.score)
