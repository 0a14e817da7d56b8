"""Which French word forms are verbs, for the titles' fragment check (`make train-titles`).

spaCy's French tagger (fr_core_news_sm, its morphologizer only) reads the first four
sentences of every OrangeSum train article; a lower-case form seen at least MIN_SEEN times
and tagged a finite verb or a participle at least SHARE of the time is a verb (« baisse »,
« levée »: a noun too, the check reads them as nouns after a determiner); one seen MIN_OTHER
times and less often tagged so is known not to be one (a word in neither list may be). The check
then knows, without loading spaCy on the per-article path, that « Pompiers : les parents de
la jeune femme » says nothing of what happened (no verb) while « Le département placé en
alerte » does (a participle). The forms tagged a conjugated verb at least FINITE_SHARE of
the time are finite (« baisse », not « américaines », only ever an adjective or a participle).
And, counted in the whole articles without the tagger, the words that govern a complement
(« hommage », « lien », « continuer »: followed by « à », « entre », « sur » … in most of
their sentences), which a title cut before that complement cannot end on; and the words that
almost never end a clause (« mettre », « ceux », « peut »: hardly ever followed by a
full stop, a comma or a closing quote), which a title cannot end on either. Deterministic: the
same split and model give the same file.

    .venv/bin/python scripts/train_verb_forms.py [--articles N] [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_writer import CREDIT, DATA, load  # noqa: E402

from numeriq.newsroom import language, titles  # noqa: E402
from numeriq.newsroom.text import split_sentences  # noqa: E402

MIN_SEEN = 2
MIN_OTHER = 3  # a word seen this often and seldom a verb is known not to be one
SHARE = 0.05  # « baisse » is a verb now and then; « chômage » only by the tagger's mistake
FINITE_SHARE = 0.05  # « baisse » now and then; « américaines » never (a participle, an adjective)
LEAD_SENTENCES = 4


def verb_forms(texts: list[str], processes: int = 1) -> tuple[list[str], list[str], list[str], int]:
    """The forms often tagged finite verbs or participles, the forms seen at least MIN_OTHER
    times that seldom are, the forms tagged conjugated verbs at least FINITE_SHARE of the time,
    all sorted, and the number of sentences read."""
    sentences = [s for text in texts for s in split_sentences(text)[:LEAD_SENTENCES]]
    seen: Counter[str] = Counter()
    verb: Counter[str] = Counter()
    finite: Counter[str] = Counter()
    nlp = language.pipeline()
    with nlp.select_pipes(enable=["tok2vec", "morphologizer"]):
        for doc in nlp.pipe(sentences, batch_size=256, n_process=processes):
            for token in doc:
                if not token.is_alpha:
                    continue
                form = token.lower_
                seen[form] += 1
                forms = token.morph.get("VerbForm")
                if token.pos_ in {"VERB", "AUX", "ADJ"} and ("Fin" in forms or "Part" in forms):
                    verb[form] += 1
                if token.pos_ in {"VERB", "AUX"} and "Fin" in forms:
                    finite[form] += 1
    known = [f for f, n in seen.items() if n >= MIN_SEEN]
    verbs = {f for f in known if verb[f] and verb[f] >= SHARE * seen[f]}
    others = {f for f in known if f not in verbs and seen[f] >= MIN_OTHER}
    finites = {f for f in known if finite[f] >= FINITE_SHARE * seen[f]}
    return sorted(verbs), sorted(others), sorted(finites), len(sentences)


# Words that govern a complement: « rend hommage | à … », « font un lien | entre … »,
# « souhaite continuer | à … » are followed by one of these prepositions in most of the
# articles' sentences that use them, and end almost none of the journalists' titles.
GOVERNED_BY = frozenset({"à", "au", "aux", "avec", "entre", "sur", "contre", "envers", "auprès"})
GOVERNING_MIN_SEEN = 20
GOVERNING_SHARE = 0.4
_TOKEN = re.compile(rf"{titles.GOVERNING_WORD}|[.,;:!?()«»\"]")


def governing_words(texts: list[str]) -> list[str]:
    """The lower-case words seen at least GOVERNING_MIN_SEEN times in the texts and followed
    by a preposition of GOVERNED_BY at least GOVERNING_SHARE of the time, sorted."""
    seen: Counter[str] = Counter()
    governs: Counter[str] = Counter()
    for text in texts:
        words = _TOKEN.findall(text)
        for word, after in pairwise(words):
            lower = word.lower()
            seen[lower] += 1
            if after.lower() in GOVERNED_BY:
                governs[lower] += 1
    return sorted(
        word
        for word, n in seen.items()
        if n >= GOVERNING_MIN_SEEN and governs[word] >= GOVERNING_SHARE * n
    )


# Words that almost never end a clause: « souhaitent mettre | … », « sanctionner ceux | qui … »,
# « le ministre de l'Intérieur Christophe | Castaner »; a title ending on one is cut.
CLAUSE_END = frozenset('.,;:!?)»"')
# But a title is a genre of its own: « la mère de la victime témoigne », « la police
# intervient », « le pape François » end journalists' titles as they seldom end a sentence.
NEVER_FINAL_MIN_SEEN = 50
NEVER_FINAL_SHARE = 0.03
TITLE_ENDS = 2  # a word that ends this many of the titles is no cut


def never_final_words(texts: list[str], headlines: Sequence[str] = ()) -> list[str]:
    """The lower-case words seen at least NEVER_FINAL_MIN_SEEN times in the texts that end a
    clause (a text, or a mark of CLAUSE_END follows) less than NEVER_FINAL_SHARE of the time,
    numbers and the last words of at least TITLE_ENDS of the headlines aside, sorted."""
    seen: Counter[str] = Counter()
    final: Counter[str] = Counter()
    title_ends: Counter[str] = Counter()
    for headline in headlines:
        last = _TOKEN.findall(headline.rstrip(" ."))[-1:]
        if last and last[0][:1].isalpha():
            title_ends[last[0].lower()] += 1
    for text in texts:
        words = _TOKEN.findall(text)
        for word, after in pairwise([*words, "."]):
            lower = word.lower()
            seen[lower] += 1
            if after in CLAUSE_END:
                final[lower] += 1
    return sorted(
        word
        for word, n in seen.items()
        if n >= NEVER_FINAL_MIN_SEEN
        and final[word] < NEVER_FINAL_SHARE * n
        and word[:1].isalpha()
        and title_ends[word] < TITLE_ENDS
    )


def main() -> None:
    """Tag the train split's leads, write the verb forms with their credit."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=0, help="train articles read (0: all)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=titles.VERB_FORMS_PATH)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = load(args.data / "train.jsonl.gz")[: args.articles or None]
    texts = [row["text"] for row in rows]
    forms, others, finites, sentences = verb_forms(texts, args.processes)
    governing = governing_words(texts)
    never_final = never_final_words(texts, [row["title"] for row in rows])
    data = {
        "credit": CREDIT + " Tagged by spaCy's fr_core_news_sm (MIT licence).",
        "licence": "CC-BY-SA-4.0",
        "made_from": f"the first {LEAD_SENTENCES} sentences of {len(rows)} OrangeSum train "
        f"articles ({sentences} sentences): lower-case forms seen at least {MIN_SEEN} times, "
        f"tagged a finite verb or a participle at least {SHARE:.0%} of the time (verbs), and those "
        f"seen at least {MIN_OTHER} times that are less often (not verbs); those tagged a "
        f"conjugated verb at least {FINITE_SHARE:.0%} of the time (finite); in the whole "
        f"articles, the words seen at least {GOVERNING_MIN_SEEN} times that are followed by "
        f"« {' '.join(sorted(GOVERNED_BY))} » at least {GOVERNING_SHARE:.0%} of the time "
        "(governing); the words seen at least "
        f"{NEVER_FINAL_MIN_SEEN} times that end a clause less than {NEVER_FINAL_SHARE:.0%} of the "
        f"time, but the last words of {TITLE_ENDS} or more of the train titles (never final)",
        "verbs": " ".join(forms),
        "not verbs": " ".join(others),
        "finite": " ".join(finites),
        "governing": " ".join(governing),
        "never final": " ".join(never_final),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(forms):,} verb forms written to {args.out} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
