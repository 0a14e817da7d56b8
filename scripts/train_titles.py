"""Learn the informative titles' weights from the OrangeSum train split (`make train-titles`).

First the words' chances to be in the journalists' title: by word (or by its kind), then a
logistic token model that adds where and how often the story says the word; then the
themes journalists put before a colon, with a logistic model of the chance that a title
uses the words of a theme its article names. Every candidate title of an article
(numeriq/newsroom/titles.py: clauses of the brief and of the article's first sentences,
cut at their boundaries, with the story's topic before a colon or not) gets as its target
its ROUGE-1 F1 against the title the journalists wrote; a ridge regression on the
candidates' features, centred per article (only the ranking within an article matters),
gives the weights. Last, a logistic style model learns to tell the journalists' titles
from the candidates that ranker puts first (`style_weights`), for the few best candidates'
tie-breaks. Articles are given without their title, as at run time, and the brief
is the offline writer's. Deterministic: the whole train split (or a fixed, evenly spaced
subsample of it, `--articles`), no randomness. The valid split only reports how the titles do.

    .venv/bin/python scripts/train_titles.py [--articles N] [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_writer import CREDIT, DATA, RIDGE, _tokens, load, newton_logistic, rouge  # noqa: E402

from numeriq.newsroom import titles  # noqa: E402
from numeriq.newsroom.text import word_count  # noqa: E402
from numeriq.newsroom.writer import write_brief  # noqa: E402

LEXICON = 3000  # words the model knows by themselves (the most frequent in the leads)
MIN_SEEN = 10
SMOOTHING = 5  # a known word's chance starts as that of its kinds, worth this many articles


def word_chances(rows: list[dict[str, str]], briefs: list[str]) -> dict[str, float]:
    """How often a word of the lead is in the journalists' title: by itself for frequent
    words (drawn towards the chance of its kinds where it is seldom seen), else by its
    kind and how often the article says it."""
    seen: Counter[str] = Counter()
    used: Counter[str] = Counter()
    by_word: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    for row, brief in zip(rows, briefs, strict=True):
        title = set(titles.WORDS.findall(row["title"].lower()))
        counted = titles.counts([row["text"]])
        for word, capitalised in titles.lead_words(brief, [row["text"]]).items():
            by_word[word] += 1
            hit = word in title
            kind = titles.word_class(word, capitalised, counted[word])
            kinds.setdefault(word, Counter())[kind] += 1
            for key in (word, kind):
                seen[key] += 1
                used[key] += hit
    known = [w for w, n in sorted(by_word.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_SEEN]
    by_kind = {key: used[key] / seen[key] for key in seen if key.startswith("~")}
    chances = {key: round(chance, 3) for key, chance in by_kind.items()}
    for word in known[:LEXICON]:
        prior = sum(by_kind[kind] * n for kind, n in kinds[word].items()) / seen[word]
        chances[word] = round((used[word] + SMOOTHING * prior) / (seen[word] + SMOOTHING), 3)
    return dict(sorted(chances.items()))


def fit_logistic(
    rows: list[np.ndarray], labels: list[np.ndarray], inputs: Sequence[str]
) -> dict[str, float]:
    """Logistic regression (Newton's method from 0, a light ridge; deterministic) on the
    articles' examples: each input's weight, none without examples."""
    if not rows:
        return {}
    x, y = np.concatenate(rows), np.concatenate(labels)
    w = newton_logistic(x, y, LOGISTIC_RIDGE, NEWTON_STEPS)
    return {name: round(float(value), 6) for name, value in zip(inputs, w, strict=True)}


LOGISTIC_RIDGE = 1e-3
NEWTON_STEPS = 25


def stories(
    rows: list[dict[str, str]], briefs: list[str]
) -> Iterator[tuple[dict[str, str], str, titles.Story]]:
    """Each row with its brief and where the article says its words (as
    `title_candidates` sees it), made as they are read (they would fill the memory)."""
    for row, brief in zip(rows, briefs, strict=True):
        yield row, brief, titles.story(brief, [row["text"]], titles.topic([row["text"]]))


def token_weights(
    rows: list[dict[str, str]], briefs: list[str], chances: dict[str, float]
) -> dict[str, float]:
    """The token model: is a word of the lead in the journalists' title?"""
    x: list[np.ndarray] = []
    y: list[np.ndarray] = []
    for row, brief, story in stories(rows, briefs):
        title = set(titles.WORDS.findall(row["title"].lower()))
        words = titles.lead_words(brief, [row["text"]]).items()
        x.append(np.array([titles.token_features(w, cap, story, chances) for w, cap in words]))
        y.append(np.array([float(word in title) for word, _ in words]))
    return fit_logistic(x, y, titles.TOKEN_FEATURES)


MIN_THEME = 3  # a theme is a title's head before a colon in at least this many train titles
# and the titles of the articles that name it use it at least this often: « France » (7 heads,
# 10 % of the titles of the articles that say it) is a word, not a theme; no such head makes
# titles closer to the journalists' on valid (R1 24.46 without them, 24.49 with), and the
# demo day read « France : le centre de contacts Dialogo va créer 400 emplois ».
MIN_THEME_CHANCE = 0.12


def _uses(title: str, theme: str) -> bool:
    """Whether the title has every word of the theme."""
    words = set(titles.WORDS.findall(title.lower()))
    return all(word in words for word in titles.WORDS.findall(theme.lower()))


def theme_chances(rows: list[dict[str, str]], briefs: list[str]) -> dict[str, float]:
    """The heads journalists put before a colon (« Coronavirus : … »), each with how often
    a title whose article names it uses its words (smoothed)."""
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
    for row, _, story in stories(rows, briefs):
        for theme in titles.named_themes(story, known):
            seen[theme] += 1
            used[theme] += _uses(row["title"], theme)
    chances = {h: round((used[h] + 0.5) / (seen[h] + 2), 3) for h in spelled if used[h]}
    return {h: chance for h, chance in chances.items() if chance >= MIN_THEME_CHANCE}


def theme_weights(
    rows: list[dict[str, str]], briefs: list[str], themes: dict[str, float]
) -> dict[str, float]:
    """The theme model: does the title use the words of a theme its article names?"""
    x: list[np.ndarray] = []
    y: list[np.ndarray] = []
    for row, _, story in stories(rows, briefs):
        named = titles.named_themes(story, themes)
        if named:
            x.append(np.array(list(named.values())))
            y.append(np.array([float(_uses(row["title"], theme)) for theme in named]))
    return fit_logistic(x, y, titles.THEME_FEATURES)


def fit_ranker(
    rows: list[dict[str, str]], briefs: list[str], learned: dict[str, dict[str, float]]
) -> tuple[dict[str, float], int]:
    """The ranker's weights and the number of candidates: every candidate title of the rows
    has as target its ROUGE-1 F1 against the journalists' title; a ridge regression on
    features and targets centred per article (only the ranking within an article matters),
    its sums taken an article at a time (all the candidates would fill the memory)."""
    column: dict[str, int] = {}
    gram, moment, count = np.zeros((0, 0)), np.zeros(0), 0
    for row, brief in zip(rows, briefs, strict=True):
        reference = _tokens(row["title"])
        found = titles.title_candidates(brief, [row["text"]], learned)
        for described in found.values():
            for name in described:
                if name != "bias":
                    column.setdefault(name, len(column))
        grow = len(column) - len(moment)
        gram, moment = np.pad(gram, ((0, grow), (0, grow))), np.pad(moment, (0, grow))
        if not found:
            continue
        x = np.zeros((len(found), len(column)))
        for i, described in enumerate(found.values()):
            for name, value in described.items():
                if name != "bias":
                    x[i, column[name]] = value
        y = np.array([rouge(_tokens(text), reference)[0] for text in found])
        x -= x.mean(axis=0)
        y -= y.mean()
        gram += x.T @ x
        moment += x.T @ y
        count += len(found)
    names = sorted(column)
    order = [column[name] for name in names]
    weights = np.linalg.solve(
        gram[np.ix_(order, order)] + RIDGE * np.eye(len(names)), moment[order]
    )
    return {name: round(float(w), 6) for name, w in zip(names, weights, strict=True)}, count


STYLE_WEIGHT = 0.01  # chosen on valid (0.005 to 0.08 tried: ROUGE-1 and a read of the titles)
STYLE_EVERY = 7  # the ranker's first candidates of every 7th article are the negatives
STYLE_MIN_SEEN = 20  # a feature the examples have fewer times weighs nothing
STYLE_RIDGE = 10.0
STYLE_STEPS = 12


def style_weights(
    rows: list[dict[str, str]],
    briefs: list[str],
    learned: dict[str, dict[str, float]],
    weights: dict[str, float],
    scale: float = STYLE_WEIGHT,
) -> dict[str, float]:
    """The style model's weights times `scale` (titles.style_features): a logistic regression
    telling the journalists' titles of at most 12 words (of the articles not sampled for the
    negatives) from the first titles.STYLE_CANDIDATES candidates of every STYLE_EVERY-th
    article that the ranker's `weights` order first and the fragment check passes."""
    examples: list[tuple[list[str], float]] = []
    for number, (row, brief) in enumerate(zip(rows, briefs, strict=True)):
        if number % STYLE_EVERY:
            if word_count(row["title"]) <= titles.MAX_WORDS:
                examples.append((titles.style_features(row["title"]), 1.0))
            continue
        found = titles.title_candidates(brief, [row["text"]], learned)
        for text, _ in titles.first_passing(found, weights, titles.STYLE_CANDIDATES):
            examples.append((titles.style_features(text), 0.0))
    seen = Counter(name for features, _ in examples for name in set(features))
    names = sorted(name for name, n in seen.items() if n >= STYLE_MIN_SEEN)
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for i, (features, _) in enumerate(examples):
        for name in features:
            if name in column:
                x[i, column[name]] = 1.0
    y = np.array([label for _, label in examples])
    w = newton_logistic(x, y, STYLE_RIDGE, STYLE_STEPS)
    return {name: round(scale * float(v), 6) for name, v in zip(names, w, strict=True)}


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
    parser.add_argument(
        "--articles", type=int, default=0, help="train articles used, evenly spaced (0: all)"
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=titles.MODEL_PATH)
    parser.add_argument("--valid", type=int, default=1499, help="valid articles reported")
    args = parser.parse_args()
    started = time.perf_counter()
    train = load(args.data / "train.jsonl.gz")
    step = max(1, len(train) // args.articles) if args.articles else 1
    sample = train[::step][: args.articles or None]
    briefs = [write_brief("", [row["text"]]).text for row in sample]
    chances = word_chances(sample, briefs)
    themes = theme_chances(sample, briefs)
    learned = {
        "words": chances,
        "themes": themes,
        "token weights": token_weights(sample, briefs, chances),
        "theme weights": theme_weights(sample, briefs, themes),
    }
    weights, candidates = fit_ranker(sample, briefs, learned)
    print(f"{len(sample):,} train articles, {candidates:,} candidates", flush=True)
    learned["style weights"] = style_weights(sample, briefs, learned, weights)
    model = {
        "credit": CREDIT,
        "licence": "CC-BY-SA-4.0",
        "trained_on": f"OrangeSum train, every {step}th article, {len(sample)} articles"
        if step > 1
        else f"OrangeSum train, {len(sample)} articles",
        "target": "ROUGE-1 F1 against the journalists' title",
        "weights": weights,
        **learned,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"weights written to {args.out} in {time.perf_counter() - started:.0f} s", flush=True)
    if args.valid:
        titles._model.cache_clear()
        valid = load(args.data / "valid.jsonl.gz")[: args.valid]
        print(f"valid ({len(valid)}): {evaluate(valid)}")


if __name__ == "__main__":
    main()
