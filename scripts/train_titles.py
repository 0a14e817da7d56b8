"""Learn the informative titles' weights from the OrangeSum train split (`make train-titles`).

Every candidate title of an article (numeriq/newsroom/titles.py: clauses of the brief and
of the article's first sentences, cut at their boundaries, with the story's topic before a
colon or not) gets as its target its ROUGE-1 F1 against the title the journalists wrote; a
ridge regression on the candidates' features, centred per article (only the ranking within
an article matters), gives the weights. Articles are given without their title, as at run
time, and the brief is the offline writer's. Deterministic: a fixed, evenly spaced
subsample of train, no randomness. The valid split only reports how the titles do.

    .venv/bin/python scripts/train_titles.py [--articles 6000] [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_writer import CREDIT, DATA, _tokens, fit, load, rouge  # noqa: E402

from numeriq.newsroom import titles  # noqa: E402
from numeriq.newsroom.writer import write_brief  # noqa: E402

LEXICON = 1500  # words the model knows by themselves (the most frequent in the leads)
MIN_SEEN = 20


def word_chances(rows: list[dict[str, str]], briefs: list[str]) -> dict[str, float]:
    """How often a word of the lead is in the journalists' title: by itself for frequent
    words, else by its kind and how often the article says it."""
    seen: Counter[str] = Counter()
    used: Counter[str] = Counter()
    by_word: Counter[str] = Counter()
    for row, brief in zip(rows, briefs, strict=True):
        title = set(titles.WORDS.findall(row["title"].lower()))
        counted = titles.counts([row["text"]])
        for word, capitalised in titles.lead_words(brief, [row["text"]]).items():
            by_word[word] += 1
            hit = word in title
            for key in (word, titles.word_class(word, capitalised, counted[word])):
                seen[key] += 1
                used[key] += hit
    known = [w for w, n in sorted(by_word.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_SEEN]
    keys = sorted({*known[:LEXICON], *(k for k in seen if k.startswith("~"))})
    return {key: round(used[key] / seen[key], 3) for key in keys}


MIN_THEME = 3  # a theme is a title's head before a colon in at least this many train titles


def theme_chances(rows: list[dict[str, str]], briefs: list[str]) -> dict[str, float]:
    """The heads journalists put before a colon (« Coronavirus : … »), each with how often
    a title whose lead names it starts with it."""
    heads: Counter[str] = Counter()
    for row in rows:
        head, colon, _ = row["title"].partition(":")
        head = head.strip().strip('"«» ')
        if colon and 1 <= len(head.split()) <= 3:
            heads[head] += 1
    spelled = sorted((h for h, n in heads.items() if n >= MIN_THEME), key=lambda h: (-heads[h], h))
    known = {head: 1.0 for head in spelled}
    seen: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for row, brief in zip(rows, briefs, strict=True):
        head = row["title"].partition(":")[0].strip().strip('"«» ').lower()
        for theme in titles.themes(brief, [row["text"]], known, limit=None):
            seen[theme] += 1
            used[theme] += theme.lower() == head
    return {h: round(used[h] / seen[h], 3) for h in spelled if seen[h] and used[h]}


def examples(
    rows: list[dict[str, str]],
    briefs: list[str],
    chances: dict[str, float],
    themes: dict[str, float],
) -> tuple[list[dict[str, float]], list[float], list[int]]:
    """Features, targets and article numbers of every candidate title of the rows."""
    features: list[dict[str, float]] = []
    targets: list[float] = []
    groups: list[int] = []
    for number, (row, brief) in enumerate(zip(rows, briefs, strict=True)):
        reference = _tokens(row["title"])
        found = titles.title_candidates(brief, [row["text"]], chances, themes)
        for text, described in found.items():
            features.append(described)
            targets.append(rouge(_tokens(text), reference)[0])
            groups.append(number)
    return features, targets, groups


def evaluate(rows: list[dict[str, str]]) -> str:
    """Mean ROUGE-1/2/L F1 x 100 of the informative titles on the rows, and fragments."""
    scores, fragments = [], 0
    for row in rows:
        title = titles.informative_title(write_brief("", [row["text"]]).text, [row["text"]])
        fragments += titles.is_fragment(title)
        scores.append(rouge(_tokens(title), _tokens(row["title"])))
    means = [100 * statistics.fmean(s[k] for s in scores) for k in range(3)]
    return "R1 {:.1f} / R2 {:.1f} / RL {:.1f}".format(*means) + f", {fragments} fragments"


def main() -> None:
    """Train, write the weights with their credit, report on valid."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=6000, help="train articles used")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=titles.MODEL_PATH)
    parser.add_argument("--valid", type=int, default=1499, help="valid articles reported")
    args = parser.parse_args()
    started = time.perf_counter()
    train = load(args.data / "train.jsonl.gz")
    step = max(1, len(train) // args.articles)
    sample = train[::step][: args.articles]
    briefs = [write_brief("", [row["text"]]).text for row in sample]
    chances = word_chances(sample, briefs)
    themes = theme_chances(sample, briefs)
    features, targets, groups = examples(sample, briefs, chances, themes)
    print(f"{len(sample):,} train articles, {len(features):,} candidates", flush=True)
    model = {
        "credit": CREDIT,
        "licence": "CC-BY-SA-4.0",
        "trained_on": f"OrangeSum train, every {step}th article, {len(sample)} articles",
        "target": "ROUGE-1 F1 against the journalists' title",
        "weights": fit(features, targets, groups),
        "words": chances,
        "themes": themes,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"weights written to {args.out} in {time.perf_counter() - started:.0f} s", flush=True)
    if args.valid:
        titles._model.cache_clear()
        valid = load(args.data / "valid.jsonl.gz")[: args.valid]
        print(f"valid ({len(valid)}): {evaluate(valid)}")


if __name__ == "__main__":
    main()
