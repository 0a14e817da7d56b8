"""French text as the newsroom reads it: sentences, words, names, numbers (pure)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import filterfalse

_STOPWORDS = frozenset(
    {
        "a", "à", "afin", "ai", "ainsi", "alors", "au", "aucun", "aussi", "autre", "aux",
        "avait", "avant", "avec", "avoir", "c", "ça", "car", "ce", "ceci", "cela", "celle",
        "celui", "cent", "ces", "cet", "cette", "chaque", "chez", "ci", "comme", "comment",
        "d", "dans", "de", "déjà", "depuis", "des", "deux", "dont", "du", "elle", "elles",
        "en", "encore", "entre", "est", "et", "été", "être", "eux", "fait", "faire", "fois",
        "font", "il", "ils", "j", "je", "jusqu", "l", "la", "là", "le", "les", "leur",
        "leurs", "lors", "lui", "m", "mais", "me", "même", "mes", "moins", "mon", "n", "ne",
        "ni", "non", "nos", "notre", "nous", "on", "ont", "or", "ou", "où", "par", "parce",
        "pas", "peu", "peut", "plus", "pour", "pourquoi", "qu", "quand", "que", "quel",
        "quelle", "quels", "qui", "s", "sa", "sans", "se", "selon", "ses", "si", "son",
        "sont", "sous", "sur", "t", "ta", "tant", "te", "tes", "toi", "ton", "tous", "tout",
        "toute", "toutes", "très", "tu", "un", "une", "va", "vers", "via", "vos", "votre",
        "vous", "y", "an", "ans", "année", "désormais", "cas", "après", "également",
        "bien", "sera", "seront", "était", "soit", "aujourd", "hui", "dit",
    }
)  # fmt: skip

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste", "cf", "etc", "env",
     "av", "apr", "j.-c", "no", "n°", "vol", "p", "fig", "éd", "min", "max", "inc", "ltd",
     "co", "sa", "sas", "vs", "ex"}
)  # fmt: skip
_BOUNDARY = re.compile(
    r"([.!?…]+(?:[\s\u00a0\u202f]?[»”\"’)])*)(\s+)(?=[«\"“(]?[\s\u00a0\u202f]?[A-ZÀ-ÝŒÆ0-9])"
)
# A sentence's end glued to the next one's capital: « Pyrénées.Alors », « contexte".Les »,
# or to a number opening it: « … dans la matinée.183 personnes évacuées » (147 times in
# OrangeSum's train articles; not « 3.500 », nor « 2.0 »: two letters come before).
_GLUED = re.compile(
    r"(?<=[\w)»\"”%])[.!?…]+[»”\")]*(?=(?:«[\s\u00a0\u202f]?|[\"“])?[A-ZÀ-ÝŒÆ][a-zà-ÿA-ZÀ-Ý'’ ])"
    r"|(?<=[a-zà-ÿ]{2})[.!?…]+(?=\d[\d.,]*\s)"
)
_WORD = re.compile(r"\w+(?:[-’']\w+)*", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_WORDLIKE = re.compile(r"\S*\w\S*")
_NUMBER = re.compile(r"(?<![\w,.])\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?(?![\w])")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÝŒÆ][\w’'&-]*[\w]|\b[A-Z]{2,}\b")
CAPITALISED = _CAPITALISED  # a capitalised word (for counting names fast)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents (œ → oe), for comparing words."""
    if word.isascii():  # most words: nothing to decompose
        return word.lower()
    word = word.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(filterfalse(unicodedata.combining, decomposed))  # C loop, same result


_ABBREVIATIONS_FOLDED = frozenset(fold(word) for word in _ABBREVIATIONS)
# Compared with folded words, so folded too (« été » → « ete »).
STOPWORDS = frozenset({fold(word) for word in _STOPWORDS} | _STOPWORDS)


def tokens(text: str) -> list[str]:
    """Every word, folded (apostrophes split: « l'entreprise » gives l, entreprise)."""
    return [fold(t) for t in _TOKEN.findall(text)]


def content_words(text: str) -> list[str]:
    """Folded words that carry meaning: no stopwords, no single letters."""
    return [t for t in tokens(text) if len(t) > 1 and t not in STOPWORDS]


def word_count(text: str) -> int:
    """Words as a reader counts them (« 7 % » is one word, « l'usine » one)."""
    return _sentence_word_count(text) if len(text) <= 600 else len(_WORDLIKE.findall(text))


@lru_cache(maxsize=16384)  # a sentence's forms are counted again by the writer, the titles …
def _sentence_word_count(text: str) -> int:
    return len(_WORDLIKE.findall(text))


def unglue(paragraph: str) -> str:
    """A space where extracted text glued two paragraphs: « …des Pyrénées.Alors que… ».

    Not after an initial or an abbreviation (« J.K. Rowling », « M.Dupont »), nor inside a
    number (« 2.600 ») or an address (« orange.fr »): the next word must open with a capital
    and the word before must be a word of two letters or more.
    """
    if not _GLUED.search(paragraph):
        return paragraph
    pieces: list[str] = []
    start = 0
    for match in _GLUED.finditer(paragraph):
        before = paragraph[: match.start()].rsplit(" ", 1)[-1]
        last = re.split(r"[.\-]", before.strip('«»"“”()'))[-1]
        if len(last) < 2 or fold(last) in _ABBREVIATIONS_FOLDED:
            continue
        pieces.append(paragraph[start : match.end()])
        start = match.end()
    pieces.append(paragraph[start:])
    return " ".join(pieces)


# A heading glued to its paragraph, no full stop between: « …de sauvetage difficilesRapidement,
# un policier … », « … sur franceinfoLes habitants … », « …maintien de l'épidémieSi en
# moyenne … », « …par Le ParisienLe domicile … », « …aux Pays-BasLe rôle … » (about one
# scraped article in seven). The word before starts after a space, an elision or a hyphen,
# is lower case after its first letter, and the next one is a word that opens sentences, so
# camel-case names (« easyJet », « iPhone », « McDonald », « DeGeneres ») and code
# (« videoInfo ») stay whole; after a capitalised word, not « Plus », « Car », « Pas »
# (« OnePlus », « DisneyPlus »).
_GLUED_HEADING = re.compile(
    r"(?:(?<=[\s(«\"“'’-])|^)([A-ZÀ-Ý][a-zà-ÿ]{2,}|[a-zà-ÿ]{3,})([A-ZÀ-Ý][a-zà-ÿ]+)\b", re.M
)
_NOT_AFTER_A_NAME = frozenset({"plus", "car", "pas"})
_OPENERS = STOPWORDS | {
    fold(word)
    for word in (
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "face",
        "concernant", "interrogé", "interrogée", "rapidement", "depuis", "enfin", "pourtant",
        "cependant", "toutefois", "aujourd'hui", "hier",
    )
}  # fmt: skip


# A heading that ends on a quotation glued to the next paragraph: « L'anonymat au moment du
# don "sera préservé"Si l'anonymat … », « … de Maurane."Ça avait un côté sadomaso"Mais pour
# la jeune fille » (2,084 times in OrangeSum's train articles). A straight quote closes when
# the line has an even number of them up to it.
_GLUED_AFTER_QUOTE = re.compile(
    r"(?:(?<=[\w!?.…])(\")|(?<=[\w!?.…\s\u00a0\u202f])([»”]))(?=[A-ZÀ-ÝŒÆ][a-zà-ÿ])"
)


def unglue_headings(text: str) -> str:
    """A line break between a heading and the paragraph glued to it (see _GLUED_HEADING and
    _GLUED_AFTER_QUOTE)."""

    def split(match: re.Match[str]) -> str:
        word, opener = match.groups()
        folded = fold(opener)
        if folded not in _OPENERS or (word[0].isupper() and folded in _NOT_AFTER_A_NAME):
            return match.group()
        return f"{word}\n{opener}"

    def after_quote(match: re.Match[str]) -> str:
        quote = match.group()
        if quote == '"':
            line_start = text.rfind("\n", 0, match.start()) + 1
            if text.count('"', line_start, match.end()) % 2:
                return quote  # it opens a quotation: « a dit"Bonjour" »
        return quote + "\n"

    if '"' in text or "»" in text or "”" in text:
        text = _GLUED_AFTER_QUOTE.sub(after_quote, text)
    return _GLUED_HEADING.sub(split, text)


# A straight quote glued to the full stop before it and opening the next sentence:
# « …a précisé l'USGS." Il était très fort", a déclaré … » (scraped text).
_QUOTE_AFTER_STOP = re.compile(r'(?<=[\w)%])([.!?…])" (?=[A-ZÀ-ÝŒÆ])')


def reopen_quotes(paragraph: str) -> str:
    """« …l'USGS." Il était très fort" » → « …l'USGS. "Il était très fort" »: the quote opens
    (an even number of straight quotes comes before it), so it goes with the next sentence."""
    if '" ' not in paragraph:
        return paragraph
    pieces: list[str] = []
    start = 0
    for match in _QUOTE_AFTER_STOP.finditer(paragraph):
        if paragraph.count('"', 0, match.start()) % 2 == 0:
            pieces.append(paragraph[start : match.start()] + match.group(1) + ' "')
            start = match.end()
    pieces.append(paragraph[start:])
    return "".join(pieces)


def _inside_quote(text: str, rest: str) -> bool:
    """Whether `text` ends inside a quotation that `rest` closes."""
    if text.count("«") > text.count("»") and "»" in rest:
        return True
    return text.count('"') % 2 == 1 and '"' in rest


def split_sentences(text: str) -> list[str]:
    """Sentences of a French text; a line break always ends one; glued paragraphs are split
    (« …des Pyrénées.Alors que… »); not after an abbreviation, an initial, nor inside a quote."""
    return list(_split(text))


@lru_cache(maxsize=512)  # one article is split by the writer, the titles, the guard …
def _split(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for paragraph in unglue_headings(text).split("\n"):
        paragraph = reopen_quotes(unglue(" ".join(paragraph.split())))
        if not paragraph:
            continue
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end(1)
            before = paragraph[start:end]
            last_word = before[: match.start(1) - start].rsplit(" ", 1)[-1]
            if fold(last_word.strip('«»"“”(').rstrip(".")) in _ABBREVIATIONS_FOLDED:
                continue
            if len(last_word) == 1 and last_word.isupper():  # an initial: « J. Martin »
                continue
            if re.fullmatch(r"(?:[A-ZÀ-Ý]\.)+[A-ZÀ-Ý]?", last_word):  # « J.K. Rowling »
                continue
            if _inside_quote(paragraph[:end], paragraph[end:]):
                continue
            sentences.append(before.strip())
            start = match.end(2)
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return tuple(sentences)


def normalise_number(raw: str) -> str:
    """'40 000' → '40000', '6,5' → '6.5', '1.500' (thousands) → '1500'."""
    compact = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", compact):
        compact = compact.replace(".", "")
    return compact.replace(",", ".")


def numbers(text: str) -> list[str]:
    """The numbers of a text, normalised."""
    return [normalise_number(m.group()) for m in _NUMBER.finditer(text)]


def capitalised_words(text: str) -> list[tuple[str, bool]]:
    """Capitalised words with whether each opens a sentence (where capitals say nothing)."""
    found: list[tuple[str, bool]] = []
    for sentence in split_sentences(text):
        for match in _CAPITALISED.finditer(sentence):
            before = sentence[: match.start()].strip(' «»"“”(–—-:')
            found.append((match.group(), not before))
    return found


def names(text: str) -> list[str]:
    """Proper names (capitalised, not only because they open a sentence), folded."""
    return [fold(word) for word, initial in capitalised_words(text) if not initial]
