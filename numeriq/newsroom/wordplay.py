"""Punny headings in the house style: a French expression, title or proverb bent to the story
(pure, deterministic, no network).

The lexicon (data/wordplay.tsv, written for the project) gives each expression its kind, its
themes and its keywords; data/wordplay_themes.tsv gives each theme the words that call it.
A story is matched three ways, then ranked:

- keywords: the story's words (title first, then brief, then sources) shared with the
  expression's keywords and its own words, compared by a light stem (folded, plural off,
  cut to STEM letters) so « licenciements » meets « licencier »;
- theme: how strongly the story's words (and its rubric) call each of the expression's themes;
- sound: a company or product name of the title that sounds like a word of the expression
  (a simple French phonetic key) is slipped into it in place of that word, written as a
  name: SAP and « travail de sape » give « Travail de Sap ».

The three best expressions are offered, one heading each, best first; ties break on the
heading's text, so the same story always gets the same three.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from numeriq.newsroom.text import STOPWORDS, fold

DATA = Path(__file__).parent / "data"
LEXICON_FILE = DATA / "wordplay.tsv"
THEMES_FILE = DATA / "wordplay_themes.tsv"

KINDS = frozenset(
    {"expression", "proverbe", "film", "livre", "chanson", "série", "réplique", "slogan"}
)
MIN_WORDS, MAX_WORDS = 2, 5
STEM = 7
OFFERED = 3
THEME_POOL = 3  # the story's strongest themes whose expressions compete by theme alone

# Weights of the score (chosen by hand on the demo day and the examples of the house style).
W_TITLE, W_BRIEF, W_TEXT = 3.0, 2.0, 0.6  # a story word's weight by where it appears
W_KEYWORD = 1.0
W_THEME = 1.2
W_SOUND = 3.5  # a name slipped in by its sound: the house style's favourite
W_SOUND_NEAR = 1.2  # the same, with a phonetic key one vowel away
W_RUBRIC = 0.3  # a theme the story's rubric calls (coarse: four rubrics for every story)
BODY_THEME_CAP = 2.0  # the most the sources' words (beyond title and brief) add to a theme
W_TITLE_THEME = 0.5  # a theme the story's title calls

# Words that never count as a match nor take a name's place.
_WEAK = frozenset(
    {fold(w) for w in ("faire", "avoir", "être", "tout", "tous", "rien", "bien", "mal",
                       "grand", "petit", "bon", "beau", "nouveau", "nouvelle", "jour", "fois",
                       "chose", "homme", "femme", "gens", "monde", "vie", "temps", "coup")}
)  # fmt: skip
# Words that open a title and are no name, when the story gives no lower-case use of them.
_COMMON_OPENERS = frozenset(
    {fold(w) for w in ("fin", "fuite", "faux", "fausse", "grandes", "panier", "publicité",
                       "assurances", "chez", "black", "vers", "après", "avant", "face",
                       "nouvelle", "nouveau", "pourquoi", "comment", "quand", "enquête")}
)  # fmt: skip
_WORD = re.compile(r"[\w]+(?:[-][\w]+)*", re.UNICODE)
_NAME = re.compile(r"(?<![\w'’-])(?:[A-ZÀ-ÝŒ][\w&-]*[\w]|[A-Z]{2,})(?![\w'’-])")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


@dataclass(frozen=True)
class Expression:
    """One entry of the lexicon."""

    text: str
    kind: str
    themes: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Pun:
    """A heading offered to the editor, with why it was chosen."""

    heading: str
    expression: str
    kind: str
    score: float
    why: str


class LexiconError(ValueError):
    """A line of the lexicon or of the themes file is malformed (names the line)."""


@lru_cache(maxsize=65536)  # the same few thousand words, story after story
def stem(word: str) -> str:
    """A light French stem for comparing words: folded, elision and plural off, cut short."""
    word = _ELISION.sub("", fold(word).replace("’", "'"))
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us")):
        word = word[:-1]
    return word[:STEM]


def words(text: str) -> list[str]:
    """The words of a text, as written (elided articles split off)."""
    return _WORD.findall(text.replace("’", "'"))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stop words, no weak words, 3+ letters)."""
    return stems_of(words(text))


def stems_of(written: Iterable[str]) -> list[str]:
    """content_stems of words already split by `words`."""
    return [found for word in written if (found := _content_stem(word))]


@lru_cache(maxsize=65536)
def _content_stem(word: str) -> str:
    """The word's stem, or "" for a word that carries no meaning."""
    folded = fold(word)
    if len(folded) < 3 or folded in STOPWORDS or folded in _WEAK or folded.isdigit():
        return ""
    return stem(word)


_PHONETIC_RULES = (
    (r"ph", "f"), (r"sch", "x"), (r"ch", "x"), (r"sh", "x"), (r"qu", "k"), (r"q", "k"),
    (r"ck", "k"), (r"cc(?=[eiy])", "ks"), (r"c(?=[eiy])", "s"), (r"ç", "s"), (r"c", "k"),
    (r"gu(?=[eiy])", "g"), (r"g(?=[eiy])", "j"), (r"w", "v"), (r"y", "i"), (r"h", ""),
    (r"eau", "o"), (r"au", "o"), (r"oi", "wa"), (r"ou", "u"), (r"[ae]i", "e"),
    (r"(?:er|ez|et)$", "e"), (r"[ae][nm](?=[^aeiouy]|$)", "A"), (r"o[nm](?=[^aeiouy]|$)", "O"),
    (r"[aeiu]?[iu][nm](?=[^aeiouy]|$)", "I"), (r"(?<=[aeiou])s(?=[aeiou])", "z"),
)  # fmt: skip


_PHONETIC = tuple((re.compile(pattern), replacement) for pattern, replacement in _PHONETIC_RULES)
_NOT_LETTER = re.compile(r"[^a-z]")
_SILENT_END = re.compile(r"(?<=..)(?:[stdxz]|e[stdxz]?|ent)$")
_FINAL_E = re.compile(r"(?<=.)e$")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """A simple French phonetic key: « sape » and « SAP » give « sap »."""
    key = word.lower().replace("ç", "s").replace("cœ", "ke").replace("coe", "ke")
    key = key.replace("œ", "e").replace("æ", "e")
    key = _NOT_LETTER.sub("", fold(key))
    for pattern, replacement in _PHONETIC:
        key = pattern.sub(replacement, key)
    key = _FINAL_E.sub("", _SILENT_END.sub("", key))
    return _DOUBLED.sub(r"\1", key)


_VOWELS = "aeiou"


def near_keys(key: str) -> frozenset[str]:
    """Phonetic keys one vowel away from `key` (dropped, added or changed), for keys of 4+."""
    if len(key) < 4:
        return frozenset()
    found = set()
    for i, c in enumerate(key):
        if c in _VOWELS:
            found.add(key[:i] + key[i + 1 :])
            found.update(key[:i] + v + key[i + 1 :] for v in _VOWELS if v != c)
    for i in range(1, len(key) + 1):
        found.update(key[:i] + v + key[i:] for v in _VOWELS)
    found.discard(key)
    return frozenset(k for k in found if len(k) >= 3 and k[0] == key[0])


def parse_lexicon(lines: Iterable[str]) -> list[Expression]:
    """Expressions from TSV lines (expression, kind, themes, keywords); errors name the line."""
    entries = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise LexiconError(f"line {number}: 4 tab-separated fields expected, {len(fields)}")
        text, kind, themes, keywords = (f.strip() for f in fields)
        if kind not in KINDS:
            raise LexiconError(f"line {number}: unknown kind {kind!r}")
        entries.append(
            Expression(
                text=text,
                kind=kind,
                themes=tuple(t.strip() for t in themes.split(",") if t.strip()),
                keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()),
            )
        )
    return entries


def parse_themes(lines: Iterable[str]) -> dict[str, frozenset[str]]:
    """Theme → the stems of the words that call it, from TSV lines (theme, words)."""
    themes: dict[str, frozenset[str]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 2:
            raise LexiconError(f"line {number}: 2 tab-separated fields expected, {len(fields)}")
        name, called_by = fields[0].strip(), fields[1]
        themes[name] = frozenset(s for w in called_by.split(",") for s in content_stems(w))
    return themes


@dataclass(frozen=True)
class _Entry:
    expression: Expression
    stems: frozenset[str]  # the keywords' and the expression's own meaningful stems
    sounds: tuple[tuple[int, str], ...]  # (word index, phonetic key) of words a name may take
    norm: float  # 1 / √(number of stems): a long keyword list does not win by its length


class Lexicon:
    """The lexicon ready for matching: stems and sounds computed once."""

    def __init__(self, expressions: Sequence[Expression], themes: dict[str, frozenset[str]]):
        """Index `expressions`; `themes` maps a theme to the stems that call it."""
        self.themes = themes
        self.themes_of: dict[str, list[str]] = {}
        for theme, called in sorted(themes.items()):
            for s in called:
                self.themes_of.setdefault(s, []).append(theme)
            self.themes_of.setdefault(stem(theme), []).append(theme)
        self.entries: list[_Entry] = []
        self.by_stem: dict[str, list[int]] = {}
        self.by_sound: dict[str, list[int]] = {}
        self.known = frozenset(
            fold(w) for e in expressions for k in (e.text, *e.keywords) for w in words(k)
        )
        for expression in expressions:
            stems = frozenset(
                [*content_stems(expression.text), *(s for k in expression.keywords
                                                    for s in content_stems(k))]
            )  # fmt: skip
            sounds = tuple(
                (i, phonetic(w))
                for i, w in enumerate(words(expression.text))
                if len(fold(w)) >= 3 and fold(w) not in STOPWORDS
            )
            index = len(self.entries)
            self.entries.append(_Entry(expression, stems, sounds, 1 / math.sqrt(len(stems) or 1)))
            for s in stems:
                self.by_stem.setdefault(s, []).append(index)
            for _, key in sounds:
                self.by_sound.setdefault(key, []).append(index)
        # A word few expressions share says more than « client » or « vente » (an idf, scaled
        # to about 1 for a word a dozen expressions share).
        total = len(self.entries) or 1
        # The scoring's per-entry values as arrays (every story scores hundreds of entries):
        # how many times each entry names each theme, its norm, its text's alphabetical rank
        # (the ties' order).
        self._theme_column = {
            theme: column
            for column, theme in enumerate(sorted({t for e in expressions for t in e.themes}))
        }
        self._theme_counts = np.zeros((len(self.entries), len(self._theme_column)))
        for index, entry in enumerate(self.entries):
            for theme in entry.expression.themes:
                self._theme_counts[index, self._theme_column[theme]] += 1
        self._norms = np.array([e.norm for e in self.entries])
        self._text_rank = np.argsort(
            np.argsort([e.expression.text for e in self.entries], kind="stable"), kind="stable"
        )
        self.rarity = {
            s: math.log1p(total / len(found)) / math.log1p(total / 12)
            for s, found in self.by_stem.items()
        }

    def offer(
        self,
        title: str,
        brief: str = "",
        texts: Sequence[str] = (),
        rubric: str = "",
        count: int = OFFERED,
    ) -> list[Pun]:
        """The `count` best headings for a story, best first (see the module's docstring)."""
        text_words = [words(t[:4000]) for t in texts]
        lower = {fold(w) for ws in (words(brief[:4000]), *text_words) for w in ws if w.islower()}
        # The story's names are no keywords (« Electrix » is not about électricité): they
        # count by their sound only, unless the lexicon knows the word (« Black Friday »).
        named = {
            stem(n)
            for n in names(f"{title} {brief}", lower)
            if fold(n) not in lower and fold(n) not in self.known
        }
        weights: dict[str, float] = {}
        for text, weight in ((title, W_TITLE), (brief, W_BRIEF)):
            for s in set(content_stems(text)) - named:
                weights[s] = max(weights.get(s, 0.0), weight)
        body: Counter[str] = Counter(s for ws in text_words for s in stems_of(ws))
        for s, n in body.items():
            if s not in named:
                weights[s] = max(weights.get(s, 0.0), W_TEXT * min(1.0, 0.5 + 0.25 * n))
        story_themes = self._story_themes(
            weights, rubric, [s for s in content_stems(title) if s not in named]
        )
        keyword: dict[int, float] = {}
        for s, weight in weights.items():
            entries = self.by_stem.get(s, ())
            rarity = self.rarity.get(s, 0.0)
            for index in entries:
                keyword[index] = keyword.get(index, 0.0) + weight * rarity
        candidates = set(keyword)
        strongest = sorted(story_themes, key=lambda t: (-story_themes[t], t))[:THEME_POOL]
        by_rubric = {t for s in content_stems(rubric) for t in self.themes_of.get(s, ())}
        for theme in sorted({*strongest, *by_rubric}):
            candidates.update(self._theme_entries(theme))
        sound_subs = self._sound_matches(title or brief, lower)
        candidates.update(sound_subs)
        strength = np.zeros(len(self._theme_column))
        for theme, value in story_themes.items():
            if theme in self._theme_column:
                strength[self._theme_column[theme]] = value
        matched = np.zeros(len(self.entries))
        matched[list(keyword)] = list(keyword.values())
        scores = W_KEYWORD * matched * self._norms + W_THEME * (self._theme_counts @ strength)
        for index, (bonus, _, _) in sound_subs.items():
            # A near sound alone is a coincidence: it counts only for a story it fits.
            if bonus >= W_SOUND or scores[index] > 0:
                scores[index] += bonus
        chosen = np.fromiter(sorted(candidates), dtype=np.intp, count=len(candidates))
        chosen = chosen[scores[chosen] > 0]
        rounded = np.array([round(score, 6) for score in scores[chosen].tolist()])
        ranked = chosen[np.lexsort((self._text_rank[chosen], -rounded))]  # best, then by text
        puns: list[Pun] = []
        seen: set[str] = set()
        for index in ranked.tolist():
            entry = self.entries[index]
            heading = entry.expression.text
            why = []
            shared = sorted(entry.stems & weights.keys())
            if shared:
                why.append("mots : " + ", ".join(shared))
            themes = [t for t in entry.expression.themes if t in story_themes]
            if themes:
                why.append("thèmes : " + ", ".join(themes))
            if index in sound_subs:
                _, heading, name = sound_subs[index]
                why.append(f"son : {name}")
            heading = _capitalise(heading)
            if fold(heading) in seen:
                continue
            seen.add(fold(heading))
            puns.append(
                Pun(
                    heading,
                    entry.expression.text,
                    entry.expression.kind,
                    round(round(float(scores[index]), 6), 3),
                    " ; ".join(why),
                )
            )
            if len(puns) == count:
                break
        return puns

    def _story_themes(
        self, weights: dict[str, float], rubric: str, title_stems: Sequence[str] = ()
    ) -> dict[str, float]:
        """Theme → strength: the story's weighted words that call it, damped; plus the title's
        and the rubric's themes."""
        hits: dict[str, float] = {}
        body: dict[str, float] = {}
        for s, w in weights.items():
            for theme in self.themes_of.get(s, ()):
                found = hits if w >= W_BRIEF else body
                found[theme] = found.get(theme, 0.0) + w
        # The sources' own words add to a theme, up to a cap: this newsletter's every article
        # says « clients » and « ventes »; the title and the brief say what the story is about.
        for theme, h in body.items():
            hits[theme] = hits.get(theme, 0.0) + min(h, BODY_THEME_CAP)
        strengths = {theme: math.log1p(h) / 2 for theme, h in hits.items()}
        for theme in {t for s in title_stems for t in self.themes_of.get(s, ())}:
            strengths[theme] = (
                strengths.get(theme, 0.0) + W_TITLE_THEME
            )  # what the title is about, not only the article
        for s in content_stems(rubric):
            for theme in self.themes_of.get(s, ()):
                strengths[theme] = strengths.get(theme, 0.0) + W_RUBRIC
        return strengths

    @lru_cache(maxsize=256)  # noqa: B019 - one lexicon per process
    def _theme_entries(self, theme: str) -> tuple[int, ...]:
        return tuple(i for i, e in enumerate(self.entries) if theme in e.expression.themes)

    def _sound_matches(
        self, title: str, common: set[str] | frozenset[str] = frozenset()
    ) -> dict[int, tuple[float, str, str]]:
        """Entry → (bonus, heading with the name slipped in, the name), for the title's names."""
        found: dict[int, tuple[float, str, str]] = {}
        for name in names(title, common):
            key = phonetic(name)
            if len(key) < 3:
                continue
            matches = [(key, W_SOUND)] + [(k, W_SOUND_NEAR) for k in sorted(near_keys(key))]
            for sound, bonus in matches:
                for index in self.by_sound.get(sound, ()):
                    entry = self.entries[index]
                    for position, word_sound in entry.sounds:
                        original = words(entry.expression.text)[position]
                        if word_sound != sound or fold(original) == fold(name):
                            continue  # the name is the word itself: a keyword, not a pun
                        if index not in found or found[index][0] < bonus:
                            heading = _substitute(entry.expression.text, position, name)
                            found[index] = (bonus, heading, name)
        return found


def names(title: str, common: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Company or product names of a title: capitalised words that are not stop words; its
    first word only when the story never writes it in lower case (`common`)."""
    found: list[str] = []
    for match in _NAME.finditer(title):
        word = match.group()
        folded = fold(word)
        if folded in STOPWORDS or folded in _WEAK:
            continue
        plain_opener = match.start() == 0 and word[1:].islower()
        if plain_opener and (folded in common or folded in _COMMON_OPENERS):
            continue
        if word not in found:
            found.append(word)
    return found


def as_name(word: str) -> str:
    """A name as a heading writes it: an acronym read as a word gets a capital only (« Sap »)."""
    if word.isupper() and len(word) >= 3:
        return word[0] + word[1:].lower()
    return word


def _substitute(text: str, position: int, name: str) -> str:
    """The expression with its `position`-th word replaced by the name."""
    spans = [m.span() for m in _WORD.finditer(text.replace("’", "'"))]
    start, end = spans[position]
    return text[:start] + as_name(name) + text[end:]


def _capitalise(heading: str) -> str:
    return heading[:1].upper() + heading[1:]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project's lexicon, loaded once per process."""
    with LEXICON_FILE.open(encoding="utf-8") as lexicon_lines:
        expressions = parse_lexicon(lexicon_lines)
    with THEMES_FILE.open(encoding="utf-8") as theme_lines:
        themes = parse_themes(theme_lines)
    return Lexicon(expressions, themes)


def offer_headings(
    title: str, brief: str = "", texts: Sequence[str] = (), rubric: str = "", count: int = OFFERED
) -> list[str]:
    """The `count` (three) best punny headings for a story, best first."""
    return [pun.heading for pun in lexicon().offer(title, brief, texts, rubric, count)]


def three_headings(
    given: Sequence[str],
    title: str,
    brief: str = "",
    texts: Sequence[str] = (),
    rubric: str = "",
    offered: Collection[str] = (),
) -> list[str]:
    """The writer's headings (the LLM's), completed to three by the lexicon's, in order,
    leaving out the lexicon's headings already `offered` to another story of the edition
    (two job stories are not both offered « Le plein emploi »)."""
    headings = list(dict.fromkeys(h for h in given if h))[:OFFERED]
    if len(headings) < OFFERED:
        taken = {fold(h) for h in (*headings, *offered)}
        for heading in offer_headings(title, brief, texts, rubric, OFFERED + len(offered)):
            if fold(heading) not in taken and len(headings) < OFFERED:
                headings.append(heading)
                taken.add(fold(heading))
    return headings
