"""The offline writer: a French brief of one or two complete sentences, at most 45 words,
taken from the sources (extractive), with a suggested heading (pure, no network, fast).

Sentences are first tidied by deletions only (numeriq/newsroom/compress.py: a dateline, the
weekday of « a annoncé mardi », « …, a-t-il déclaré »); one still longer than TARGET_WORDS is
replaced by its longest shorter form (asides, « Selon X, », parentheses, a hook before a
colon dropped) within that target, else within the limit, so long wire ledes can compete.

Sentences are scored on what makes a brief: they share words with the title and with the
rest of the story (the event, not a detail), carry facts (numbers, names), tell a news event
(« a annoncé », « rachète »), come early, and stand alone (no « Il » or « Mais » pointing at a
previous sentence, no question, no quote). The best one is the brief; a second sentence is
added only after a short lead (SHORT_LEAD words): the best-scoring one right after it that
says something else, both shortened if need be to fit together. On the tuning sets, adding a
second sentence after a long lead lowered ROUGE: it mostly brings details the editor leaves out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from numeriq.newsroom.compress import tidy, variants
from numeriq.newsroom.text import (
    STOPWORDS,
    capitalised_words,
    content_words,
    numbers,
    split_sentences,
    word_count,
)

MAX_WORDS = 45
# Weights of the sentence score, set on the tuning sets bench/data/briefs_eval.jsonl and
# briefs_eval_wire.jsonl only (see bench/briefs.py); the held-out sets never tuned anything.
W_OVERLAP = 2.0
W_CENTRAL = 0.9
W_POSITION = 1.6
SECOND_MARGIN = 3.0  # a second sentence scores at most this much below the first
SECOND_SPAN = 2  # and comes at most this many sentences after it
MIN_WORDS = 6
W_NUMBER = 0.12  # per number, up to three
W_NAME = 0.08  # per proper name (not a sentence's first word), up to three
W_EVENT = 0.4  # tells a news event (_EVENT): a hook lede without one loses to the fact
W_ANAPHORIC = 0.3  # « L'entreprise … », « Cette … »: readable alone, but less so
SHORT_LEAD = 20  # a lead of at most this many words leaves room for a second sentence
TARGET_WORDS = 36  # a long sentence is cut down to this when a shorter form exists

_ANAPHORIC_SOFT = re.compile(
    r"^(?:le groupe|l['’]entreprise|la société|la start-up|la plateforme|l['’]enseigne|"
    r"la marque|le site|l['’]opérateur|le distributeur|cette|ces|son|sa|ses)\b",
    re.IGNORECASE,
)
_HARD_DANGLING = re.compile(
    r"^(?:il|elle|ils|elles|ce dernier|cette dernière|celui-ci|celle-ci|cela|ça|ceci|mais|"
    r"et|or|donc|pourtant|cependant|toutefois|néanmoins|en effet|par ailleurs|de plus|"
    r"en outre|pour autant|du coup|d['’]autre part|enfin|lui|eux)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:accepter les cookies|abonnez-vous|inscrivez-vous|lire aussi|à lire|crédit photo|"
    r"©|tous droits|cliquez|publicité\s*$|partager|suivez-nous|photo\s*:|source\s*:)",
    re.IGNORECASE,
)
# A news event told in a wire lede's words: someone announced, launched, raised, bought,
# fined, signed, cut … (past or present tense).
_EVENT = re.compile(
    r"\b(?:a|ont|avoir|vient de|viennent de)\s+(?:\w+\s+)?(?:annoncé|confirmé|lancé|levé|"
    r"racheté|acquis|publié|dévoilé|présenté|signé|remporté|inauguré|ouvert|fermé|supprimé|"
    r"sanctionné|condamné|infligé|prononcé|choisi|déposé|obtenu|franchi|dépassé|atteint|"
    r"placé|décidé|adopté|renoncé)\b"
    r"|\b(?:annonce|lance|lève|rachète|acquiert|supprime|ferme|ouvre|inaugure|signe|"
    r"remporte|condamne|sanctionne|inflige|retire|augmente|baisse|recule|progresse|"
    r"dépasse|franchit)\b",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile(r"[«»“”\"]")
_HEADING_STOP = frozenset({*STOPWORDS, "va", "veut", "fait", "face"})


@dataclass(frozen=True)
class Brief:
    """A drafted brief: text, suggested heading and flags for the editor."""

    text: str
    heading: str
    flags: tuple[str, ...] = field(default_factory=tuple)
    writer: str = "offline"
    headings: tuple[str, ...] = ()  # wordplay the writer offers (the LLM); else the lexicon's


@dataclass(frozen=True)
class _Sentence:
    text: str  # tidied (compress.tidy), or its longest shorter form within the word limit
    position: int  # rank in its article
    article: int  # index of the article in the story
    words: int
    content: frozenset[str]
    source: str = ""  # the sentence as the article has it


def _forms(source: str, longest: int) -> tuple[str, ...]:
    """The sentence's compressed forms (compress.variants) of at most `longest` words,
    longest first."""
    forms = sorted(set(variants(source)), key=lambda f: (-word_count(f), f))
    return tuple(f for f in forms if word_count(f) <= longest)


def _candidates(articles: Sequence[str], max_words: int) -> list[_Sentence]:
    found = []
    for index, text in enumerate(articles):
        for position, sentence in enumerate(split_sentences(text)):
            chosen = tidy(sentence)
            if word_count(chosen) > TARGET_WORDS:
                # Long: its longest shorter form within the target, else within the limit
                # (the lossy forms are only computed here and for pairs: speed).
                forms = _forms(sentence, word_count(chosen))
                fitting = [f for f in forms if word_count(f) <= max_words]
                target = [f for f in fitting if word_count(f) <= TARGET_WORDS]
                chosen = target[0] if target else fitting[0] if fitting else chosen
            found.append(
                _Sentence(
                    text=chosen,
                    position=position,
                    article=index,
                    words=word_count(chosen),
                    content=frozenset(content_words(chosen)),
                    source=sentence,
                )
            )
    return found


def _standalone(sentence: str) -> bool:
    """A complete sentence that can open a brief."""
    opening = sentence.lstrip('«“" \u00a0\u202f')
    if not opening or not (opening[0].isupper() or opening[0].isdigit()):
        return False
    if sentence[-1] not in ".!…" and not sentence.endswith(("».", "»", ".)")):
        return False
    if sentence.endswith("?") or sentence.rstrip("».").endswith(":"):
        return False
    if sentence.count("«") != sentence.count("»") or sentence.count("(") != sentence.count(")"):
        return False  # half a quote or a parenthesis: the split went through it
    if sentence.count('"') % 2:
        return False
    return not _HARD_DANGLING.match(sentence)


def score_sentences(
    title: str, articles: Sequence[str], *, max_words: int = MAX_WORDS
) -> list[tuple[float, _Sentence]]:
    """Every sentence with its brief-worthiness, best first."""
    sentences = _candidates(articles, max_words)
    if not sentences:
        return []
    frequency: Counter[str] = Counter()
    for sentence in sentences:
        frequency.update(sentence.content)
    top = max(frequency.values())
    title_words = frozenset(content_words(title))
    scored = []
    for sentence in sentences:
        if sentence.words < MIN_WORDS or _BOILERPLATE.search(sentence.text):
            continue
        content = sentence.content
        if not content:
            continue
        centrality = sum(frequency[w] for w in content) / (top * math.sqrt(len(content)) + 1e-9)
        overlap = len(content & title_words) / (len(title_words) or 1)
        position = 1.0 / math.sqrt(1 + sentence.position)
        facts = (
            min(3, len(numbers(sentence.text))) * W_NUMBER
            + min(3, sum(1 for _, initial in capitalised_words(sentence.text) if not initial))
            * W_NAME
        )
        score = W_OVERLAP * overlap + W_CENTRAL * centrality + W_POSITION * position + facts
        if _EVENT.search(sentence.text):
            score += W_EVENT
        if sentence.article == 0:
            score += 0.3  # the story's lead article: its facts are the story's
        if not _standalone(sentence.text):
            score -= 1.5
        elif _ANAPHORIC_SOFT.match(sentence.text):
            score -= W_ANAPHORIC
        if _QUOTE_MARKS.search(sentence.text):
            score -= 0.6
        if sentence.words > max_words:
            score -= 3.0
        elif sentence.words < 10:
            score -= 0.4
        scored.append((score, sentence))
    scored.sort(key=lambda pair: (-pair[0], pair[1].article, pair[1].position))
    return scored


def _redundant(a: _Sentence, b: _Sentence) -> bool:
    if not a.content or not b.content:
        return False
    return len(a.content & b.content) / min(len(a.content), len(b.content)) > 0.5


def write_brief(title: str, articles: Sequence[str], *, max_words: int = MAX_WORDS) -> Brief:
    """One or two complete sentences from the articles (the first is the story's lead)."""
    scored = score_sentences(title, articles, max_words=max_words)
    fitting = [(s, x) for s, x in scored if x.words <= max_words and _standalone(x.text)]
    flags: list[str] = []
    if not fitting:
        text, flag = _fallback(title, articles, max_words)
        return Brief(text=text, heading=suggest_heading(title, text), flags=(flag,))
    best_score, best = fitting[0]
    text = best.text
    # A second sentence only after a short lead (a long one already says the story; a
    # second sentence then mostly adds words the reference brief does not have): the best-
    # scoring one that follows closely, is no quote, says something else, and fits with
    # the lead (both in their shorter forms if need be).
    if best.words <= SHORT_LEAD:
        for score, other in scored[1:]:
            if other.article != best.article or score < best_score - SECOND_MARGIN:
                continue
            if not 0 < other.position - best.position <= SECOND_SPAN:
                continue
            if _redundant(best, other) or _QUOTE_MARKS.search(other.text):
                continue
            if other.text.rstrip().endswith("?") or not other.text[0].isupper():
                continue
            pair = _fit(best, other, max_words)
            if pair is not None:
                text = pair
                break
    return Brief(text=text, heading=suggest_heading(title, text), flags=tuple(flags))


def _fit(first: _Sentence, second: _Sentence, max_words: int) -> str | None:
    """The two sentences, in their longest forms that fit together, or None."""
    best: tuple[int, int, str] | None = None
    for a in _forms(first.source, first.words):
        for b in _forms(second.source, second.words):
            total = word_count(a) + word_count(b)
            if total > max_words or not _standalone(a):
                continue
            key = (total, word_count(a), f"{a} {b}")
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def _fallback(title: str, articles: Sequence[str], max_words: int) -> tuple[str, str]:
    """No sentence fits: the lead cut at a clause boundary, else the title; and why."""
    for text in articles:
        for sentence in split_sentences(text):
            if word_count(sentence) < MIN_WORDS:
                continue
            cut = " ".join(sentence.split()[:max_words])
            head = cut
            for mark in (" ; ", ", ", " – ", " — "):
                if mark in cut and word_count(cut.rsplit(mark, 1)[0]) >= MIN_WORDS:
                    head = cut.rsplit(mark, 1)[0]
                    break
            ending = "." if head != cut or cut == sentence else "…"
            return (
                head.rstrip(" ,;:.") + ending,
                f"brouillon raccourci : aucune phrase complète de {max_words} mots au plus",
            )
    title = " ".join(title.split())
    if title:
        text = title if title.endswith((".", "!", "…")) else title + "."
        return text, "titre seul : l'article n'a pas de phrase à résumer"
    return "", "rien à résumer : article sans texte"


def suggest_heading(title: str, brief: str = "") -> str:
    """Two to four words for the editor to turn into a pun: the title's core."""
    source = " ".join((title or brief).replace("«", " ").replace("»", " ").split())
    left, colon, right = source.partition(":")
    if colon and 2 <= len(left.split()) <= 4:
        source = left
    elif colon and right.strip():
        source = right
    picked: list[str] = []
    for word in source.split():
        word = word.strip(',;.!?()"')
        if not word or (not picked and word.lower() in _HEADING_STOP):
            continue
        picked.append(word)
        if len(picked) >= 4:
            break
    while len(picked) > 2 and picked[-1].lower() in _HEADING_STOP:
        picked.pop()
    while picked and picked[-1].lower() in _HEADING_STOP:
        picked.pop()
    heading = " ".join(picked)
    return heading[:1].upper() + heading[1:] if heading else ""


def first_sentence(text: str) -> str:
    """The baseline the writer must beat: the article's first sentence."""
    sentences = split_sentences(text)
    return sentences[0] if sentences else ""
