"""Which first names are a woman's or a man's, for the quote speakers (`make train-speakers`).

A pronoun speaker (« a-t-elle déclaré ») is the last person named only when nothing says that
person is of the other gender. The words before a name often say it (« Mme », « la
ministre », « le juge »: numeriq.newsroom.quotes.gender_before_name); when they do not, the
first name does. Every person the OrangeSum train articles name (`quotes.named_people`) whose
gender those words tell counts for their first name; a first name told at least MIN_TOLD
times, and of one gender at least SHARE of the time, is that gender's (« Agnès »: 122 times a
woman's, 8 a man's; « Dominique », 11 and 33, is neither). A word the articles mostly use
otherwise is no one's first name, whatever the words before it once said: a place's, which
follows « à », « en », « la », « du » … at least PLACE_SHARE of the times it is written and
more often than a capitalised word follows it (« Marseille », « Europe », « Normandie »,
« Côte »; not « Caroline », of « en Caroline du Nord » and « Caroline Fourest »); a word a
capitalised surname seldom follows (under NAME_SHARE of at least SEEN_ENOUGH uses: « Etat »,
« Franceinfo », « Noël »); a function word (« Le », of « Le Pen »). Deterministic: the same
split gives the same file.

    .venv/bin/python scripts/train_first_names.py [--articles N] [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_writer import CREDIT, DATA, load  # noqa: E402

from numeriq.newsroom import quotes  # noqa: E402
from numeriq.newsroom.text import STOPWORDS, fold  # noqa: E402

MIN_TOLD = 4
SHARE = 0.8
PLACE_SHARE = 0.25  # « Rouen » 0.27, « Nancy » 0.16 (« à Nancy », « Nancy Pelosi »)
NAME_SHARE = 0.1  # « Franceinfo » 0.06, « Moustafa » 0.12
SEEN_ENOUGH = 50  # « Wallerand » (19 uses, always « Wallerand de Saint-Just ») stays
_BEFORE_A_PLACE = frozenset(
    {"à", "en", "au", "aux", "le", "la", "les", "du", "des", "vers", "dans"}
)
_TITLES = frozenset({"M.", "Mme", "Mlle", "Me", "Dr", "Pr", "Mgr", "Madame", "Monsieur"})
_FIRST_NAME = re.compile(
    r"[A-ZÀ-ÝŒ][a-zà-ÿœ]+(?:-[A-ZÀ-ÝŒ][a-zà-ÿœ]+)?"
)  # « Jean-Yves », not « M. »


def first_names(texts: Sequence[str]) -> dict[str, list[str]]:
    """'f' and 'm' → the first names of that gender, sorted."""
    told: dict[str, Counter[str]] = {"f": Counter(), "m": Counter()}
    for text in texts:
        for name, _, _, gender in quotes.named_people(text, genders=True, by_first_names=False):
            words = name.split()
            if words[0] in _TITLES:  # « Mme Agnès Durand »
                words = words[1:]
            if gender and len(words) >= 2 and _FIRST_NAME.fullmatch(words[0]):
                told[gender][words[0]] += 1
    found: dict[str, list[str]] = {"f": [], "m": []}
    for first in sorted(told["f"].keys() | told["m"].keys()):
        f, m = told["f"][first], told["m"][first]
        if f + m >= MIN_TOLD and max(f, m) >= SHARE * (f + m):
            found["f" if f > m else "m"].append(first)
    uses = _uses(texts, set(found["f"] + found["m"]))
    return {
        gender: [w for w in words if _a_first_name(w, *uses[w])] for gender, words in found.items()
    }


_CAPITALISED_USE = re.compile(
    r"(?:(\S+)\s+)?(?<![\w'’-])([A-ZÀ-ÝŒ][\w-]*)(?!['’\w-])(?=(\s+[A-ZÀ-ÝŒ])?)"
)


def _uses(texts: Sequence[str], words: set[str]) -> dict[str, tuple[int, int, int]]:
    """Each word → how many times the texts write it (not after an apostrophe), after a
    place's preposition or article, and before a capitalised word."""
    seen: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for text in texts:
        for before, word, capital in _CAPITALISED_USE.findall(text):
            if word in words:
                seen[word] += 1
                placed[word] += before.lower() in _BEFORE_A_PLACE
                named[word] += bool(capital)
    return {word: (seen[word], placed[word], named[word]) for word in words}


def _a_first_name(word: str, seen: int, placed: int, named: int) -> bool:
    """Whether the texts use the word as a first name (see the module's docstring)."""
    if fold(word) in STOPWORDS or placed >= max(PLACE_SHARE * seen, named + 1):
        return False
    return seen < SEEN_ENOUGH or named >= NAME_SHARE * seen


def main() -> None:
    """Read the train split's people, write the first names with their credit."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=0, help="train articles read (0: all)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=quotes.FIRST_NAMES_PATH)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = load(args.data / "train.jsonl.gz")[: args.articles or None]
    found = first_names([row["text"] for row in rows])
    data = {
        "credit": CREDIT,
        "licence": "CC-BY-SA-4.0",
        "made_from": f"the people {len(rows)} OrangeSum train articles name: a first name told "
        f"at least {MIN_TOLD} times a woman's or a man's by the words before the name, and one "
        f"of them at least {SHARE:.0%} of the time",
        "f": " ".join(found["f"]),
        "m": " ".join(found["m"]),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(found['f'])} women's and {len(found['m'])} men's first names written to "
        f"{args.out} in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
