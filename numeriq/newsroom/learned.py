"""The learned brief writer's candidates and features (pure: values in, values out).

A brief is one of a story's candidate briefs: one sentence, or two sentences (in order) of the
same article, each in its tidied form or its shortest deletion-only form
(numeriq/newsroom/compress.py). Each candidate is described by features the language layer
gives cheaply (position, length, numbers, names, events, openers, quotes, centrality,
deletions made, and its expected coverage of the abstract: the sum of its words' chances to
be in the abstract, from a small logistic model over the article's words and their learned
priors, in numeriq's words and in ROUGE's tokens, and of its bigrams') and scored by a
linear model learned on the OrangeSum train split (`make train-writer`,
scripts/train_writer.py): the weights in data/writer_model.json predict how close (ROUGE)
the candidate is to the brief a journalist wrote.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from numeriq.newsroom.compress import drop_opener, tidy, variants
from numeriq.newsroom.text import (
    CAPITALISED,
    STOPWORDS,
    content_words,
    fold,
    numbers,
    split_sentences,
    tokens,
    word_count,
)

MODEL_PATH = Path(__file__).with_name("data") / "writer_model.json"
FIRST_SENTENCES = 8  # candidates come from an article's first sentences
PAIR_SPAN = FIRST_SENTENCES - 1  # a second sentence: any later one of those (the gap is a feature)
LEANING_SPAN = 3  # but one opening on « Il », « Mais » … at most this many after the first
MIN_WORDS = 6
_WORD_TOKEN = re.compile(r"\w+")  # text.tokens' words, before folding

_HARD_DANGLING = re.compile(
    r"^(?:il|elle|ils|elles|ce dernier|cette dernière|celui-ci|celle-ci|cela|ça|ceci|mais|"
    r"et|or|donc|pourtant|cependant|toutefois|néanmoins|en effet|par ailleurs|de plus|"
    r"en outre|pour autant|du coup|d['’]autre part|enfin|lui|eux)\b",
    re.IGNORECASE,
)
_SOFT_ANAPHORIC = re.compile(
    r"^(?:le groupe|l['’]entreprise|la société|la start-up|la plateforme|l['’]enseigne|"
    r"la marque|le site|l['’]opérateur|le distributeur|cette|ces|cet|ce|son|sa|ses|leur|"
    r"leurs|les deux|l['’]homme|la femme|le président|la victime|le suspect)\b",
    re.IGNORECASE,
)
_EVENT_PARTICIPLES = (
    "annoncé", "confirmé", "lancé", "levé", "racheté", "acquis", "publié", "dévoilé", "présenté",
    "signé", "remporté", "inauguré", "ouvert", "fermé", "supprimé", "sanctionné", "condamné",
    "infligé", "prononcé", "choisi", "déposé", "obtenu", "franchi", "dépassé", "atteint", "placé",
    "décidé", "adopté", "renoncé", "tué", "blessé", "arrêté", "interpellé", "mis en examen",
    "retrouvé", "élu", "nommé", "démissionné", "mort", "décédé",
)  # fmt: skip
_EVENT_VERBS = (
    "annonce", "lance", "lève", "rachète", "acquiert", "supprime", "ferme", "ouvre", "inaugure",
    "signe", "remporte", "condamne", "sanctionne", "inflige", "retire", "augmente", "baisse",
    "recule", "progresse", "dépasse", "franchit",
)  # fmt: skip
_EVENT = re.compile(
    r"\b(?:a|ont|avoir|vient de|viennent de|a été|ont été)\s+(?:\w+\s+)?(?:"
    + "|".join(_EVENT_PARTICIPLES)
    + r")\b|\b(?:"
    + "|".join(_EVENT_VERBS)
    + r")\b",
    re.IGNORECASE,
)
_SAID_PARTICIPLES = (
    "déclaré", "affirmé", "expliqué", "indiqué", "précisé", "estimé", "assuré", "souligné"
)  # fmt: skip
_SAID = re.compile(
    r"\b(?:a|ont)-t-(?:il|elle|ils|elles|on)\b|\bselon\b|\bd['’]après\b|\b(?:a|ont) (?:"
    + "|".join(_SAID_PARTICIPLES)
    + r")\b",
    re.IGNORECASE,
)
_TIME_WORDS = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
    "aujourd['’]hui", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_TIME = re.compile(r"\b(?:" + "|".join(_TIME_WORDS) + r")\b", re.IGNORECASE)
_FIRST_PERSON_WORDS = ("je", "j['’]", "nous", "on", "vous", "mon", "ma", "mes", "notre", "nos")
_FIRST_PERSON = re.compile(r"\b(?:" + "|".join(_FIRST_PERSON_WORDS) + r")\b", re.IGNORECASE)


def _gate(*words: str) -> frozenset[str]:
    """The folded first words (text.tokens' words) of which every match of a pattern holds one
    as a whole token: a sentence with none of them cannot match, and is spared the search."""
    return frozenset(tokens(re.sub(r"\[.*?\]", " ", word))[0] for word in words)


# Every match of _EVENT holds one of its participles or verbs, of _SAID the « t » of « a-t-il »,
# « selon », « après » or a participle, of _TIME one of its words (« aujourd » of
# « aujourd'hui »), of _FIRST_PERSON one of its pronouns.
_EVENT_GATE = _gate(*_EVENT_PARTICIPLES, *_EVENT_VERBS)
_SAID_GATE = _gate("t", "selon", "après", *_SAID_PARTICIPLES)
_TIME_GATE = _gate(*_TIME_WORDS)
_FIRST_PERSON_GATE = _gate(*_FIRST_PERSON_WORDS)
# « C'est une petite révolution … », « C'est ce que … »: a hook or a sentence leaning on the last.
_PRESENTATIVE = re.compile(r"^(?:c['’]est|c['’]était|ce sont|ce n['’]est|voilà|voici)\b", re.I)
_QUOTE_MARKS = re.compile(r"[«»“”\"]")
_OPENS_ADVERBIAL = re.compile(
    r"^(?:sur|dans|pour|avec|depuis|après|avant|lors|en|au|aux|à|selon|d['’]après|face|"
    r"alors|comme|si|quand|lorsque|malgré|outre|parmi|chez|entre)\b",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"(?:le|la|les|l['’]|un|une|des|du|ce|cet|cette|ces|son|sa|ses|leur|leurs|mon|notre)\b",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"(?:accepter les cookies|abonnez-vous|inscrivez-vous|lire aussi|à lire|crédit photo|"
    r"©|tous droits|cliquez|suivez-nous|photo\s*:|source\s*:|vidéo\s*:)",
    re.IGNORECASE,
)
# A part of every _BOILERPLATE match, lower case: a sentence with none is spared the search.
_BOILERPLATE_GATE = (
    "cookies", "abonnez", "inscrivez", "lire", "photo", "©", "droits", "cliquez", "suivez",
    "source", "vidéo",
)  # fmt: skip


def _boilerplate(sentence: str) -> bool:
    """A site's furniture (« Lire aussi », « Crédit photo : », « Abonnez-vous »)."""
    lower = sentence.lower()
    return any(part in lower for part in _BOILERPLATE_GATE) and bool(_BOILERPLATE.search(sentence))


def standalone(sentence: str) -> bool:
    """A complete sentence that can open a brief (capital, final stop, balanced quotes), not
    leaning on one before it, nor a hook without a fact (« C'est une petite révolution. »)."""
    opening = sentence.lstrip('«“" \u00a0\u202f')
    if not opening or not (opening[0].isupper() or opening[0].isdigit()):
        return False
    if sentence[-1] not in ".!…" and not sentence.endswith(("».", "»", ".)", '".')):
        return False
    if sentence.endswith("?") or sentence.rstrip("».").endswith(":"):
        return False
    if sentence.count("«") != sentence.count("»") or sentence.count("(") != sentence.count(")"):
        return False
    if sentence.count('"') % 2:
        return False
    if _PRESENTATIVE.match(sentence) and not (numbers(sentence) or CAPITALISED.search(sentence, 1)):
        return False
    return not _HARD_DANGLING.match(sentence)


# What tells whether a word of the article is one the abstract will use (its count, where it
# first comes, whether it is a name, how long the article is, and which word it is: its prior,
# the smoothed log-odds on train that an abstract keeps the word when the article has it, for
# the commonest words, also weighed by the count):
# the features of a logistic model learned with the ranking weights (`token_weights` and
# `word_priors` in data/writer_model.json).
TOKEN_FEATURES = (
    "bias", "log_count", "first=0", "first=1", "first=2-4", "first=8+", "stopword", "digit",
    "length", "name", "sentence_share", "stopword_log_count", "one_letter", "lede_log_count",
    "first_share", "prior", "unlisted", "name_log_count", "log_sentences", "prior_log_count",
)  # fmt: skip


@lru_cache(maxsize=64)  # the chances and the centrality read the same article (never mutated)
def _word_stats(
    text: str,
) -> tuple[Counter[str], dict[str, int], Counter[str], int, Counter[str]]:
    """Each folded word's count, first sentence and number of sentences, the sentences', and
    each word's count in the lede (the first two sentences)."""
    sentences = split_sentences(text)
    count: Counter[str] = Counter()
    first: dict[str, int] = {}
    spread: Counter[str] = Counter()
    lede: Counter[str] = Counter()
    for index, sentence in enumerate(sentences):
        words = tokens(sentence)
        count.update(words)
        if index < 2:
            lede.update(words)
        distinct = set(words)
        spread.update(distinct)
        for word in distinct:
            if word not in first:
                first[word] = index
    return count, first, spread, len(sentences), lede


def token_features(
    text: str, priors: Mapping[str, float] | None = None
) -> dict[str, tuple[float, ...]]:
    """Each folded word of the article → its TOKEN_FEATURES values (for training)."""
    priors = priors or {}
    count, first, spread, sentences, lede = _word_stats(text)
    capitalised = {fold(word) for word in set(CAPITALISED.findall(text))}
    share = 1 / max(1, sentences)
    found: dict[str, tuple[float, ...]] = {}
    for word, n in count.items():
        at, stop, log_count = first[word], word in STOPWORDS, math.log1p(n)
        name = word in capitalised and not stop
        found[word] = (
            1.0, log_count, float(at == 0), float(at == 1), float(2 <= at <= 4),
            float(at >= 8), float(stop), float(word.isdigit()), min(len(word), 12) / 12,
            float(name), spread[word] * share,
            log_count if stop else 0.0, float(len(word) == 1), math.log1p(lede[word]),
            at * share, priors.get(word, 0.0),
            float(bool(priors) and word not in priors and not stop and len(word) > 1),
            log_count if name else 0.0, math.log1p(sentences),
            priors.get(word, 0.0) * log_count,
        )  # fmt: skip
    return found


@lru_cache(maxsize=65536)
def _word_part(word: str, weights: tuple[float, ...]) -> tuple[float, float, bool]:
    """What depends on the word alone: its constant term, its count's weight, a stopword?"""
    stop = word in STOPWORDS
    constant = (
        weights[0]
        + weights[6] * stop
        + weights[7] * word.isdigit()
        + weights[8] * min(len(word), 12) / 12
        + weights[12] * (len(word) == 1)
    )
    return constant, weights[1] + (weights[11] if stop else 0.0), stop


def token_chances(
    text: str,
    weights: Sequence[float],
    only: frozenset[str] | None = None,
    priors: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Each folded word of the article (or of `only`) → the chance the abstract uses it: the
    logistic model over token_features, computed without building them."""
    weights = tuple(weights)
    priors = priors or {}
    prior, per_prior, per_unlisted = priors.get, weights[15], weights[16] if priors else 0.0
    count, first, spread, sentences, lede = _word_stats(text)
    capitalised = {fold(word) for word in set(CAPITALISED.findall(text))}
    share = 1 / max(1, sentences)
    by_first = {0: weights[2], 1: weights[3], 2: weights[4], 3: weights[4], 4: weights[4]}
    per_article = weights[18] * math.log1p(sentences)
    found: dict[str, float] = {}
    for word in count if only is None else only & count.keys():
        constant, per_count, stop = _word_part(word, weights)
        at, name, log_count = first[word], not stop and word in capitalised, math.log1p(count[word])
        z = (
            constant
            + per_article
            + per_count * log_count
            + by_first.get(at, weights[5] if at >= 8 else 0.0)
            + ((weights[9] + weights[17] * log_count) if name else 0.0)
            + weights[10] * spread[word] * share
            + weights[13] * math.log1p(lede[word])
            + weights[14] * at * share
            + (per_prior + weights[19] * log_count) * prior(word, 0.0)
            + (per_unlisted if not stop and len(word) > 1 and word not in priors else 0.0)
        )
        found[word] = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
    return found


# The deciles of the OrangeSum train abstracts' lengths in ROUGE's tokens (rouge-score's
# tokenizer: lower case, every run of [a-z0-9] a token, so « préfecture » is two: pr, fecture).
ABSTRACT_LENGTHS = (21, 26, 30, 33, 37, 40, 44, 48, 54)


@lru_cache(maxsize=65536)
def rouge_size(word: str) -> int:
    """How many of ROUGE's tokens a word of the text makes (« été » one, « à » none)."""
    return len(_ROUGE_TOKEN.findall(word.lower()))


_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


def expected_features(
    chances: Mapping[str, float], words: Sequence[str], sizes: Sequence[int] = ()
) -> dict[str, float]:
    """How much of the abstract the words are expected to cover: the sum of their chances,
    that sum per word, and an expected unigram F1 for an abstract of 30 or 45 words. With
    the words' sizes in ROUGE's tokens, also that overlap counted in ROUGE's tokens, its
    precision and its expected F1 over the abstracts' lengths (ABSTRACT_LENGTHS), and the
    expected bigrams and trigrams the abstract shares (neighbours' chances multiplied; in
    ROUGE's tokens, a word of several also brings its own inner bigrams), per word."""
    overlap = sum(map(chances.get, set(words), repeat(0.0)))
    size = max(1, len(words))
    found = {
        "exp_overlap": overlap / 20,
        "exp_prec": overlap / size,
        "exp_f1": 2 * overlap / (size + 30),
        "exp_f1b": 2 * overlap / (size + 45),
    }
    if not sizes:
        return found
    scored = dict(zip(words, sizes, strict=True))
    rouge_overlap = sum(chances.get(word, 0.0) * n for word, n in scored.items())
    rouge_length = max(1, sum(sizes))
    found["exp_rouge_f1"] = math.fsum(  # statistics.fmean's sum, without its overhead
        [2 * rouge_overlap / (rouge_length + length) for length in ABSTRACT_LENGTHS]
    ) / len(ABSTRACT_LENGTHS)
    found["exp_rouge_prec"] = rouge_overlap / rouge_length
    chance = [chances.get(word, 0.0) for word in words]
    bigrams = sum(map(operator.mul, chance, chance[1:]))
    inner = sum(p * (n - 1) for p, n in zip(chance, sizes, strict=True) if n > 1)
    found["exp_bigram_prec"] = bigrams / size
    found["exp_bigram_f1"] = 2 * bigrams / (size + 34)
    found["exp_rouge_bigram_prec"] = (inner + bigrams) / rouge_length
    trigrams = sum(map(operator.mul, map(operator.mul, chance, chance[1:]), chance[2:]))
    found["exp_trigram_prec"] = trigrams / size
    return found


@dataclass(frozen=True)
class Form:
    """One sentence of an article in one form (tidied or shortened by deletions)."""

    text: str
    article: int
    position: int
    words: int
    shortened: bool  # a lossy deletion was made
    removed: float  # share of the tidied sentence's words deleted
    features: Mapping[str, float]
    tokens: tuple[str, ...] = ()  # its folded words (for the expected coverage of a pair)
    sizes: tuple[int, ...] = ()  # the words' sizes in ROUGE's tokens (rouge_size)
    # Its features as a pair's second sentence (« 2: »-prefixed, no position, no coverage).
    as_second: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A candidate brief: one form, or two forms of one article's sentences in order."""

    parts: tuple[Form, ...]

    @property
    def text(self) -> str:
        """The brief as the reader gets it."""
        return " ".join(part.text for part in self.parts)

    @property
    def words(self) -> int:
        """Its length in words."""
        return sum(part.words for part in self.parts)


def _position_bucket(position: int) -> str:
    return str(position) if position < 5 else "5-6" if position < 7 else "7+"


def _sentence_features(
    text: str,
    position: int,
    article: int,
    centrality: float,
    lead_overlap: float,
    folded: frozenset[str],
) -> dict[str, float]:
    """The features of one form; `folded` its folded words (text.tokens), for the gates."""
    words = word_count(text)
    names = len(CAPITALISED.findall(text, 1))  # not the sentence's first word
    found: dict[str, float] = {
        f"pos={_position_bucket(position)}": 1.0,
        "words": words / 45,
        "words2": (words / 45) ** 2,
        "short<10": float(words < 10),
        "numbers": min(3, len(numbers(text))) / 3,
        "names": min(4, names) / 4,
        "event": float(not folded.isdisjoint(_EVENT_GATE) and bool(_EVENT.search(text))),
        "said": float(not folded.isdisjoint(_SAID_GATE) and bool(_SAID.search(text))),
        "time": float(not folded.isdisjoint(_TIME_GATE) and bool(_TIME.search(text))),
        "first_person": float(
            not folded.isdisjoint(_FIRST_PERSON_GATE) and bool(_FIRST_PERSON.search(text))
        ),
        "quote": float(bool(_QUOTE_MARKS.search(text))),
        "anaphoric": float(bool(_SOFT_ANAPHORIC.match(text))),
        "presentative": float(bool(_PRESENTATIVE.match(text))),
        "adverbial_opener": float(bool(_OPENS_ADVERBIAL.match(text))),
        "colon": float(":" in text),
        "parenthesis": float("(" in text),
        "exclamation": float("!" in text),
        "centrality": centrality,
        "lead_overlap": lead_overlap,
        "other_article": float(article > 0),
        "opens_with_number": float(text[:1].isdigit()),
        "opens_with_name": float(bool(CAPITALISED.match(text)) and not _DETERMINER.match(text)),
    }
    return found


def _forms_of(sentence: str) -> list[str]:
    """The tidied sentence, its shortest deletion-only form and the tidied sentence without
    its opening complement (« Dimanche matin à Venise, »), when they differ."""
    base = tidy(sentence)
    if word_count(base) <= 12:
        return [base]
    shortest = min(variants(sentence), key=lambda f: (word_count(f), f))
    return list(dict.fromkeys((base, shortest, drop_opener(base))))


def story_chances(
    articles: Sequence[str],
    token_weights: Sequence[float],
    priors: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Each folded word of the story → the best chance an article gives it (none: no model)."""
    chances: dict[str, float] = {}
    if not token_weights:
        return chances
    # Only the words of the first sentences can be in a candidate.
    wanted = frozenset(
        word
        for text in articles
        for word, at in _word_stats(text)[1].items()
        if at < FIRST_SENTENCES
    )
    for text in articles:
        for word, chance in token_chances(text, token_weights, wanted, priors).items():
            chances[word] = max(chance, chances.get(word, 0.0))
    return chances


def forms(articles: Sequence[str], chances: Mapping[str, float] | None = None) -> list[Form]:
    """Every candidate form of the articles' first sentences, with its features (with the
    expected coverage features when the words' chances are given)."""
    sentences: list[tuple[int, int, str]] = []
    frequency: Counter[str] = Counter()  # how often the story uses each content word
    for index, text in enumerate(articles):
        for word, n in _word_stats(text)[0].items():
            if len(word) > 1 and word not in STOPWORDS:  # content_words(text), counted
                frequency[word] += n
        for position, sentence in enumerate(split_sentences(text)[:FIRST_SENTENCES]):
            sentences.append((index, position, sentence))
    if not sentences:
        return []
    top = max(frequency.values(), default=1)
    lead = frozenset(content_words(sentences[0][2]))
    found: list[Form] = []
    for article, position, sentence in sentences:
        if _boilerplate(sentence):
            continue
        base_words = word_count(tidy(sentence))
        if base_words < MIN_WORDS:
            continue
        for number, text in enumerate(_forms_of(sentence)):
            if len(split_sentences(text)) != 1:
                continue  # a stray quote mark held two sentences together
            words = word_count(text)
            raw = _WORD_TOKEN.findall(text)
            folded = tuple(map(fold, raw))
            sizes = tuple(map(rouge_size, raw))
            own = frozenset(w for w in folded if len(w) > 1 and w not in STOPWORDS)  # content
            if not own:
                continue
            centrality = sum(frequency[w] for w in own) / (top * math.sqrt(len(own)) + 1e-9)
            lead_overlap = len(own & lead) / len(own) if (article, position) != (0, 0) else 1.0
            features = _sentence_features(
                text, position, article, centrality, lead_overlap, frozenset(folded)
            )
            removed = 1 - words / base_words if base_words else 0.0
            features["shortened"] = float(number > 0)
            features["removed"] = removed
            if chances:
                features.update(expected_features(chances, folded, sizes))
            as_second = {
                "2:" + name: value
                for name, value in features.items()
                if not name.startswith(("pos=", "exp_"))
            }
            found.append(
                Form(
                    text, article, position, words, number > 0, removed, features, folded, sizes,
                    as_second,
                )
            )  # fmt: skip
    return found


def candidates(
    articles: Sequence[str], max_words: int, chances: Mapping[str, float] | None = None
) -> Iterator[Candidate]:
    """Every one- or two-sentence brief of at most `max_words` words that opens well."""
    all_forms = forms(articles, chances)
    for first in all_forms:
        if first.words > max_words or not standalone(first.text):
            continue
        yield Candidate((first,))
        for second in all_forms:
            if second.article != first.article:
                continue
            gap = second.position - first.position
            if not 0 < gap <= PAIR_SPAN:
                continue
            if first.words + second.words > max_words:
                continue
            if not second.text[:1].isupper() or second.text.endswith("?"):
                continue
            if gap > LEANING_SPAN and _HARD_DANGLING.match(second.text):
                continue  # « Il … », « Mais … » so far on would lean on the wrong sentence
            yield Candidate((first, second))


def candidate_features(
    candidate: Candidate, chances: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The candidate's features: its first sentence's, its second's (prefixed), the pair's."""
    first = candidate.parts[0]
    found = dict(first.features)
    total = candidate.words
    found["bias"] = 1.0
    found[f"total={min(total // 8, 5)}"] = 1.0
    if len(candidate.parts) == 2:
        second = candidate.parts[1]
        found["pair"] = 1.0
        found["gap"] = (second.position - first.position - 1) / PAIR_SPAN
        found["pair_overlap"] = second.features["lead_overlap"] if first.position == 0 else 0.0
        found.update(second.as_second)
        found[f"2:pos={_position_bucket(second.position)}"] = 1.0
        # What the second sentence adds: its content words the first lacks.
        own = {w for w in second.tokens if len(w) > 1 and w not in STOPWORDS}
        new = own.difference(first.tokens)
        found["2:new_share"] = len(new) / max(1, len(own))
        if chances:  # the pair's expected coverage, its two sentences' words together
            found.update(
                expected_features(chances, first.tokens + second.tokens, first.sizes + second.sizes)
            )
            found["2:new_chance"] = sum(chances.get(w, 0.0) for w in new) / 10
            found["pair_gain"] = found["exp_rouge_f1"] - first.features["exp_rouge_f1"]
    return found


@dataclass(frozen=True)
class Model:
    """A linear model: one weight per feature name (absent features weigh nothing), and the
    logistic weights (in TOKEN_FEATURES order) of the words' chances to be in the abstract,
    with the words' priors they read (a word not listed has prior 0)."""

    weights: Mapping[str, float]
    token_weights: tuple[float, ...] = ()
    word_priors: Mapping[str, float] = field(default_factory=dict)

    def score(self, features: Mapping[str, float]) -> float:
        """The predicted closeness of a candidate to a journalist's brief."""
        weight = self.weights.get
        return sum([weight(name, 0.0) * value for name, value in features.items()])


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model:
    """The shipped weights (data/writer_model.json, learned from OrangeSum, CC BY-SA 4.0)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    token = data.get("token_weights", {})
    return Model(
        {str(k): float(v) for k, v in data["weights"].items()},
        tuple(float(token[name]) for name in TOKEN_FEATURES) if token else (),
        {str(k): float(v) for k, v in data.get("word_priors", {}).items()},
    )


def best_candidate(
    articles: Sequence[str], max_words: int, model: Model | None = None
) -> Candidate | None:
    """The highest-scoring candidate (ties: the earliest, then the shortest), or None."""
    model = model or load_model()
    best: tuple[float, int, int, int, Candidate] | None = None
    chances = story_chances(articles, model.token_weights, model.word_priors)
    for candidate in candidates(articles, max_words, chances):
        first = candidate.parts[0]
        key = (
            model.score(candidate_features(candidate, chances)),
            -first.article,
            -first.position,
            -candidate.words,
        )
        if best is None or key > best[:4]:
            best = (*key, candidate)
    return best[4] if best else None
