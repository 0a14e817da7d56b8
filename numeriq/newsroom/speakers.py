"""Who said a quote, from the parse: for the quotes the rules (quotes.py) leave unattributed.

The rules know the common constructions and cost nothing; real articles say it in more ways
(« …, a renchéri Ben Crump, l'avocat de Mme Taylor », « …, a déclaré lors d'une conférence
de presse le ministre de l'Action et des comptes publics, Gérald Darmanin », « …, a t-elle
précisé »). For those, the sentence holding the quote is parsed by the language layer with
the quote replaced by a placeholder (its words would only mislead the parser, and cost), and:

- in an incise (« « … », VERB SUBJECT »), the speech verb is the first verb after the quote
  and the speaker is the first person (named entity PER) after it in the clause, with the
  noun phrase around the name as the role (« le ministre …, Gérald Darmanin » or « Ben Crump,
  l'avocat de … »);
- before the quote (« Gérald Darmanin a estimé que « … » », « Selon Nikos, « … » »), the
  speaker is the person subject of the last verb before the quote, or the one after « selon »;
- a pronoun subject (« a-t-il ajouté », « il a estimé que ») or a role alone (« a déclaré
  l'avocat ») is the last person the sentence before the quote names as a subject; for a role
  alone, only if the article gave that person a role with the same head noun;
- a person who is only a complement (« un proche de X », « en couple avec l'ancien rugbyman
  X »), a title taken for a name (« Premier ministre ») or a relative clause after the quote
  (« où se trouve le camp X ») names nobody: never a pronoun, never a guess.

Parsing costs the language layer's one-off load (about 3 s of CPU and 300 MB, see language.py)
and a few milliseconds a quote, so the draft and the morning desk hand `parsed_speaker` to
quotes.find_quotes as its fallback for the stories an editor sees; `numeriq brief` keeps to
the rules (bench/quotes.py measures both on real news).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from numeriq.newsroom import language
from numeriq.newsroom.quotes import (
    clean_role,
    first_name_gender,
    fold_word,
    gender_before_name,
    last_person,
    pronoun_gender,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACEHOLDER = "« Citation »"
_SENTENCE_END = re.compile(r"[.!?](?=\s|[A-ZÀ-Ý«\"“]|$)")
_CLAUSE_END = frozenset({"qui", "que", "qu'", "qu’", "dont", "où", ";", ":"})
_PRONOUNS = frozenset(
    {"il", "elle", "ils", "elles", "-il", "-elle", "-ils", "-elles", "t-il", "t-elle"}
)
_SELON = frozenset({"selon", "d'après", "d’après"})
_CLITICS = frozenset({"se", "s'", "s’", "lui", "leur", "me", "m'", "m’", "nous", "vous", "en", "y"})
_QUOTE_MARKS = frozenset({"«", "»", '"', "“", "”"})
# The verbs that introduce a quote before it (« X a estimé que « … » », « X écrit : « … » »),
# as the lemmatizer gives them.
SPEECH_LEMMAS = frozenset(
    {
        "accuser", "admettre", "affirmer", "ajouter", "alerter", "annoncer", "assurer", "avancer",
        "avertir", "avouer", "commenter", "conclure", "confier", "confirmer", "considérer",
        "constater", "critiquer", "demander", "dire", "déclarer", "dénoncer", "déplorer",
        "détailler",
        "espérer", "estimer", "expliquer", "indiquer", "insister", "ironiser", "juger", "lancer",
        "marteler", "noter", "observer", "penser", "plaider", "poursuivre", "promettre", "préciser",
        "prévenir", "raconter", "railler", "rappeler", "reconnaître", "regretter", "réagir",
        "réclamer", "répondre", "répéter", "résumer", "saluer", "souligner", "trancher", "tweeter",
        "écrire",
    }
)  # fmt: skip
_CLAUSE_TOKENS = 25
# What the rules may take for a role after a name, and is a clause (« X, qui l'accompagnait »).
_NOT_A_ROLE = re.compile(r"(?:qui|que|qu['’]|dont|où|il|elle|ils|elles|on)\b", re.IGNORECASE)
# What follows a name between commas without being a role: « Laurent Berger, ce matin sur
# Radio J », « Jean-Michel Blanquer, lundi 21 septembre ».
_TIME = re.compile(
    r"(?:ce |cette |hier|aujourd|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"\d|en |le \d|la semaine|le mois|l['’]an)",
    re.IGNORECASE,
)


def parsed_speaker(text: str, start: int, end: int) -> tuple[str, str]:
    """The speaker and role of the quote at text[start:end] (its marks included), from the
    parse of its sentence; ('', '') when the sentence does not say who."""
    before = text.rfind("\n", 0, start) + 1
    for match in _SENTENCE_END.finditer(text, max(before, start - 300), start):
        before = match.end()
    tail = _SENTENCE_END.search(text, end)
    after = tail.end() if tail and tail.end() - end <= 300 else min(len(text), end + 300)
    sentence = text[before:start].lstrip() + PLACEHOLDER + text[end:after]
    doc = language.analyse(sentence)
    quote_at = next((t.i for t in doc if t.text == "Citation"), None)
    if quote_at is None:
        return "", ""
    found = _incise(doc, quote_at)
    if found is None:
        found = _before(doc, quote_at)
    if found is None or found == _NOBODY:
        return "", ""
    name, role, head = found
    if name:
        return name, role
    previous = text.rfind("\n", 0, before) + 1
    for match in _SENTENCE_END.finditer(text, max(previous, before - 400), max(0, before - 2)):
        previous = match.end()
    return _named_before(text[previous:before], head)


# What the parse found: a (name, role) pair; a pronoun or a bare role to resolve ('' and the
# role's head noun, or « @f », « @m » for a pronoun by its gender); or _NOBODY when the
# sentence says who, but no person.
_NOBODY = ("", "", "-")


def _pronoun(word: str) -> str:
    """What a pronoun speaker stands as until resolved: « @f » or « @m » (its gender)."""
    return "@" + (pronoun_gender(word) or "?")


def _named_before(sentence: str, head: str) -> tuple[str, str]:
    """The person a pronoun or a bare role stands for: the last person the sentence before
    the quote names as a subject (not « en couple avec X »), with the role the rules saw; for
    a bare role (« l'avocat »), only if that role has the same head noun; for a pronoun
    (« @f », « @m »), not if what the sentence says of the person is of the other gender
    (« Paul Martin, directeur de l'usine » is no « elle »)."""
    if not sentence.strip():
        return "", ""
    gender = head[1:].strip("?") if head.startswith("@") else ""
    head = "" if head.startswith("@") else head
    doc = language.analyse(sentence)
    named = [e for e in doc.ents if e.label_ == "PER" and _is_person(e, None)]
    people = [_clean_name(e.text) for e in named]
    if not people:
        return "", ""
    person, known_role = last_person(sentence)
    role = known_role if person == people[-1] and not _NOT_A_ROLE.match(known_role) else ""
    if head and fold_word(head) not in {fold_word(w) for w in re.findall(r"\w+", role)}:
        return "", ""  # « a déclaré l'avocat », but the last person named is not an avocat
    told = gender_before_name(sentence, named[-1].start_char, named[-1].text, role)
    told = told or first_name_gender(people[-1])
    if gender and told and told != gender:
        return "", ""
    return people[-1], role


_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "d’", "van", "von", "der", "le", "la", "ben", "di"}
)


def _clean_name(name: str) -> str:
    """The person's name without what a glued paragraph or a signature adds (« Philippe.dch
    /vm »); '' unless it looks like a name: two words or more, capitalised but for particles
    (not « Premier ministre », « président de la République »)."""
    words = []
    for word in name.split():
        cut = word if re.fullmatch(r"[A-Z]\.", word) else re.split(r"[./|]", word)[0]
        if cut:
            words.append(cut)
        if cut != word:
            break
    if len(words) < 2 or not words[-1][:1].isupper():
        return ""
    if any(not w[:1].isupper() and w.lower() not in _PARTICLES for w in words):
        return ""
    return " ".join(words)


def _incise(doc: Doc, quote_at: int) -> tuple[str, str, str] | None:
    """« « … », VERB [complements] SUBJECT [, role] »: (name, role, head of a bare role);
    None when no verb follows the quote."""
    tokens = list(doc[quote_at + 2 :])  # after « Citation » and its closing mark
    comma = next((n for n, t in enumerate(tokens[:6]) if t.text == ","), None)
    if comma is not None and tokens[0].pos_ == "ADP":
        tokens = tokens[comma:]  # « « … » dans ce dossier, a renchéri X »
    while tokens and tokens[0].text in {",", "»", '"', "”"}:
        tokens.pop(0)
    verb_at = next((n for n, t in enumerate(tokens[:4]) if _verb(t, tokens[:n])), None)
    # Before an incise's verb: only auxiliaries, adverbs and clitics (« a aussi déclaré », « se
    # réjouit », « lui demande »); a subject there (« , elle permettra ») is a new clause.
    if verb_at is None or any(
        not (t.pos_ in {"AUX", "ADV"} or t.text.lower() in _CLITICS) for t in tokens[:verb_at]
    ):
        return None
    pronoun = next((t for t in tokens[: verb_at + 3] if t.text.lower() in _PRONOUNS), None)
    if pronoun is not None:
        return "", "", _pronoun(pronoun.text)  # a-t-il ajouté / a t-elle précisé
    clause = _clause(tokens[verb_at + 1 :])
    if not clause:
        return _NOBODY
    person = _first_person(doc, clause, tokens[verb_at])
    if person is not None:
        return _clean_name(person.text), _role_around(doc, person, clause), ""
    head = _bare_role_head(clause)
    return ("", "", head) if head else _NOBODY


def _before(doc: Doc, quote_at: int) -> tuple[str, str, str] | None:
    """« Selon X, « … » » or « X a estimé que « … » »: the person before the quote."""
    span = list(doc[:quote_at])
    for n, token in enumerate(span[:-1]):
        if token.text.lower() in _SELON:
            if span[n + 1].text.lower() in {"lui", "elle", "eux", "elles"}:
                return "", "", _pronoun(span[n + 1].text)  # selon lui / selon elle
            person = _first_person(doc, span[n + 1 : n + 4], None)
            if person is not None and person.start == span[n + 1].i:
                return _clean_name(person.text), _role_around(doc, person, span[n + 1 :]), ""
    verbs = [t for t in span if t.pos_ == "VERB"]
    if not verbs or verbs[-1].lemma_.lower() not in SPEECH_LEMMAS:
        return None
    for child in verbs[-1].children:
        if child.dep_.startswith("nsubj"):
            if child.text.lower() in _PRONOUNS:
                return "", "", _pronoun(child.text)
            subject = list(child.subtree)
            person = _first_person(doc, subject, None)
            if person is not None:
                return _clean_name(person.text), _role_around(doc, person, subject), ""
    return None


def _verb(token: Token, before: list[Token]) -> bool:
    """An incise's verb: tagged so, or a participle after « a » that the tagger took for a
    noun (« a renchéri »)."""
    if token.text.lower() == "a":
        return False
    if token.pos_ == "VERB":
        return True
    return bool(before) and before[-1].pos_ == "AUX" and token.pos_ in {"NOUN", "ADJ"}


def _clause(tokens: list[Token]) -> list[Token]:
    """The tokens up to the clause's end: a relative, a colon, a quote mark, a full stop."""
    clause: list[Token] = []
    for token in tokens[:_CLAUSE_TOKENS]:
        text = token.text.lower()
        if text in {"!", "?"} or (text == "." and not _abbreviation(clause)):
            break
        if text in _CLAUSE_END or text in _QUOTE_MARKS:
            break
        clause.append(token)
        if len(text) > 1 and text[-1] in ".!?" and not text[-2].isupper():
            break  # a glued paragraph: « blanche.- »
    return clause


def _abbreviation(clause: list[Token]) -> bool:
    """Whether a full stop now would end an abbreviation (« M. », « J.-C. »), not the clause."""
    return bool(clause) and len(clause[-1].text) == 1 and clause[-1].text.isupper()


def _first_person(doc: Doc, tokens: list[Token], verb: Token | None) -> Span | None:
    """The first person named within `tokens` (_is_person); else the first run of two proper
    nouns or more outside the entities (« Ben Crump », missed by the recogniser) that passes
    the same test."""
    if not tokens:
        return None
    low, high = tokens[0].i, tokens[-1].i
    for entity in doc.ents:
        if entity.label_ != "PER" or not (low <= entity.start and entity.end - 1 <= high):
            continue
        if _is_person(entity, verb):
            return entity
    run: list[Token] = []
    for token in [*tokens, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper():
            if token.ent_type_:
                run = []
                continue  # part of an entity the recogniser saw and the test refused
            run.append(token)
            continue
        if len(run) >= 2:
            span = doc[run[0].i : run[-1].i + 1]
            if _is_person(span, verb):
                return span
        run = []
    return None


def _is_person(entity: Span, verb: Token | None) -> bool:
    """A person (a PER entity, or a run of proper nouns) that looks like a name (_clean_name)
    and is not a complement: « un proche de X », « en couple avec l'ancien rugbyman X » are
    not who speaks. A name in apposition to a noun (« le ministre …, X ») is that noun's
    complement or not."""
    if not _clean_name(entity.text):
        return False
    doc = entity.doc
    before = doc[entity.start - 1] if entity.start else None
    if before is not None and before.pos_ == "DET" and entity.start > 1:
        before = doc[entity.start - 2]  # « proche de l'ancien ministre X »
    if before is not None and before.pos_ == "ADP":
        return False
    root = entity.root
    heads = [root]
    if root.dep_ in {"appos", "nmod", "flat:name"} and root.head.pos_ == "NOUN":
        heads.append(root.head)
    return not any(
        child.dep_ == "case" for token in heads if token != verb for child in token.children
    )


def _role_around(doc: Doc, person: Span, clause: list[Token]) -> str:
    """The noun phrase that gives the person's role: after the name between commas (« Ben
    Crump, l'avocat de Mme Taylor »), else just before it (« le ministre …, Gérald Darmanin »)."""
    end = clause[-1].i + 1
    if person.end < end and doc[person.end].text == ",":
        after = doc[person.end + 1 : end]
        role = after.text.split(",")[0]
        if after and after[0].pos_ in {"DET", "NOUN", "ADJ"} and not _TIME.match(role):
            return clean_role(role)
    if not person.start or doc[person.start - 1].text != ",":
        return ""
    words = doc[clause[0].i : person.start].text.rstrip(" ,").split()
    for n, word in enumerate(words):  # the role starts at its determiner: « le ministre … »
        if n and fold_word(words[n - 1]) in {"a", "au", "aux", "de", "du", "sur", "dans"}:
            continue  # « à l'AFP », « sur le compte »: a complement, not the role
        if fold_word(word) in {"le", "la", "l", "les"} or word.lower().startswith(("l'", "l’")):
            return clean_role(" ".join(words[n:]))
    return ""


def _bare_role_head(clause: list[Token]) -> str:
    """« a déclaré l'avocat (de la famille) »: the role's head noun, else ''."""
    for token in clause[:6]:
        if token.pos_ == "NOUN":
            determiners = [c for c in token.children if c.dep_ == "det"]
            return token.text if determiners else ""
        if token.pos_ not in {"DET", "ADV", "ADP", "ADJ"}:
            return ""
    return ""
