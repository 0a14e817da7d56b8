"""Learn the offline brief writer's weights from the OrangeSum train split (`make train-writer`).

First, the commonest words get a prior (how often an abstract keeps the word when its article
has it, counted on train articles neither model below learns from), and a logistic regression
on the articles' words (learned.TOKEN_FEATURES: count, first sentence, name, prior ...),
solved by Newton's method, learns each word's chance to be in the journalists' abstract; those
chances give every candidate its expected coverage of the abstract (words, bigrams). Then
every candidate brief of an article (numeriq/newsroom/learned.py) gets as its target its
ROUGE-1 + ROUGE-2 + ROUGE-L F1 against the abstract; a ridge regression on the candidates'
features, centred per article (only the ranking within an article matters), gives the
weights. Deterministic: fixed, evenly spaced subsamples of train, Newton's steps from zero,
no randomness.
The valid split only reports how the learned writer does (choose on valid, never train).

    .venv/bin/python scripts/train_writer.py [--articles 6000] [--data DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from numeriq.newsroom import learned  # noqa: E402

# shared/ lies beside the repository (a clone) or beside its worktree folder.
DATA = next(
    (
        base / "shared" / "data" / "orangesum"
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / "shared" / "data" / "orangesum").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "orangesum",
)
CREDIT = (
    "Learned from the OrangeSum dataset (Kamal Eddine, Tixier and Vazirgiannis, "
    "« BARThez: a Skilled Pretrained French Sequence-to-Sequence Model », 2020, "
    "https://github.com/Tixierae/OrangeSum), train split; licensed CC BY-SA 4.0 like the data."
)
RIDGE = 1.0
TOKEN_ARTICLES = 2000  # train articles the words' chances are learned from
TOKEN_STEPS = 10  # Newton's steps (converged by 8)
PRIOR_WORDS = 4000  # the commonest words of train get a prior of their own
PRIOR_SMOOTHING = 20.0  # articles' worth of the average rate each word's rate starts from


def load(path: Path) -> list[dict[str, str]]:
    """The rows of one OrangeSum split."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _tokens(text: str) -> list[str]:
    from rouge_score import tokenize

    return list(tokenize.tokenize(text, None))


def _lcs(a: list[str], b: list[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _f1(overlap: int, produced: int, wanted: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / produced, overlap / wanted
    return 2 * precision * recall / (precision + recall)


def rouge(candidate: list[str], reference: list[str]) -> tuple[float, float, float]:
    """ROUGE-1, -2 and -L F1 as rouge-score computes them (no stemming)."""
    if not candidate or not reference:
        return 0.0, 0.0, 0.0
    one = sum((Counter(candidate) & Counter(reference)).values())
    bigrams_c = Counter(itertools.pairwise(candidate))
    bigrams_r = Counter(itertools.pairwise(reference))
    two = sum((bigrams_c & bigrams_r).values())
    return (
        _f1(one, len(candidate), len(reference)),
        _f1(two, max(1, len(candidate) - 1), max(1, len(reference) - 1)),
        _f1(_lcs(candidate, reference), len(candidate), len(reference)),
    )


def word_priors(rows: list[dict[str, str]], size: int = PRIOR_WORDS) -> dict[str, float]:
    """The `size` words most articles have → the smoothed log-odds that the abstract keeps
    the word when the article has it, less the log-odds of the average word (rounded)."""
    from numeriq.newsroom.text import tokens

    in_article: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for row in rows:
        words = set(tokens(row["text"]))
        in_article.update(words)
        kept.update(words & set(tokens(row["abstract"])))
    average = sum(kept.values()) / max(1, sum(in_article.values()))
    logit = lambda p: float(np.log(p / (1 - p)))  # noqa: E731
    priors = {}
    for word, n in sorted(in_article.items(), key=lambda item: (-item[1], item[0]))[:size]:
        rate = (kept[word] + PRIOR_SMOOTHING * average) / (n + PRIOR_SMOOTHING)
        priors[word] = round(logit(rate) - logit(average), 2)
    return dict(sorted(priors.items()))


def fit_tokens(
    rows: list[dict[str, str]], steps: int = TOKEN_STEPS, priors: dict[str, float] | None = None
) -> list[float]:
    """Logistic regression: is a word of the article one of the abstract's (Newton, from 0)?"""
    from numeriq.newsroom.text import tokens

    x: list[tuple[float, ...]] = []
    y: list[float] = []
    for row in rows:
        wanted = set(tokens(row["abstract"]))
        for word, values in learned.token_features(row["text"], priors).items():
            x.append(values)
            y.append(float(word in wanted))
    # A ridge of 1e-4 per example (Newton's steps: the exact optimum in a dozen).
    w = newton_logistic(np.asarray(x), np.asarray(y), 1e-4 * len(y), steps)
    return [round(float(value), 6) for value in w]


NEWTON_CHUNK = 100_000  # rows of the weighted copy of x the Hessian is summed over at a time


def newton_logistic(x: np.ndarray, y: np.ndarray, ridge: float, steps: int) -> np.ndarray:
    """Logistic regression's weights by Newton's method from 0 with an L2 `ridge` on the
    summed loss (deterministic; also for scripts/train_titles.py)."""
    w = np.zeros(x.shape[1])
    penalty = ridge * np.eye(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        hessian = penalty.copy()
        for start in range(0, len(x), NEWTON_CHUNK):
            part, weight = (
                x[start : start + NEWTON_CHUNK],
                (p * (1 - p))[start : start + NEWTON_CHUNK],
            )
            hessian += (part * weight[:, None]).T @ part
        w -= np.linalg.solve(hessian, x.T @ (p - y) + penalty @ w)
    return w


def examples(
    rows: list[dict[str, str]],
    max_words: int,
    token_weights: list[float],
    priors: dict[str, float] | None = None,
) -> tuple[list[dict[str, float]], list[float], list[int]]:
    """Features, targets and article numbers of every candidate of the rows."""
    features: list[dict[str, float]] = []
    targets: list[float] = []
    groups: list[int] = []
    for number, row in enumerate(rows):
        reference = _tokens(row["abstract"])
        chances = learned.story_chances([row["text"]], token_weights, priors)
        for candidate in learned.candidates([row["text"]], max_words, chances):
            features.append(learned.candidate_features(candidate, chances))
            targets.append(sum(rouge(_tokens(candidate.text), reference)))
            groups.append(number)
    return features, targets, groups


def fit(features: list[dict[str, float]], targets: list[float], groups: list[int]) -> dict:
    """Ridge regression on per-article centred features and targets."""
    names = sorted({name for row in features for name in row} - {"bias"})
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(features), len(names)))
    for i, row in enumerate(features):
        for name, value in row.items():
            if name in column:
                x[i, column[name]] = value
    y = np.asarray(targets)
    g = np.asarray(groups)
    counts = np.bincount(g)
    for matrix in (x,):
        means = np.zeros((counts.size, matrix.shape[1]))
        np.add.at(means, g, matrix)
        matrix -= (means / np.maximum(counts, 1)[:, None])[g]
    y_means = np.bincount(g, weights=y) / np.maximum(counts, 1)
    y = y - y_means[g]
    weights = np.linalg.solve(x.T @ x + RIDGE * np.eye(len(names)), x.T @ y)
    return {name: round(float(w), 6) for name, w in zip(names, weights, strict=True)}


def evaluate(rows: list[dict[str, str]], model: learned.Model, max_words: int) -> str:
    """Mean ROUGE-1/2/L F1 x 100 of the learned writer's pick on the rows."""
    scores = []
    for row in rows:
        best = learned.best_candidate([row["text"]], max_words, model)
        scores.append(rouge(_tokens(best.text if best else ""), _tokens(row["abstract"])))
    means = [100 * statistics.fmean(s[k] for s in scores) for k in range(3)]
    return "R1 {:.1f} / R2 {:.1f} / RL {:.1f}".format(*means)


def main() -> None:
    """Train, write the weights with their credit, report on valid."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=6000, help="train articles used")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    parser.add_argument("--valid", type=int, default=1499, help="valid articles reported")
    args = parser.parse_args()
    started = time.perf_counter()
    train = load(args.data / "train.jsonl.gz")
    token_step, step = max(1, len(train) // TOKEN_ARTICLES), max(1, len(train) // args.articles)
    token_rows = set(range(len(train))[1::token_step][:TOKEN_ARTICLES])
    sample_rows = set(range(len(train))[::step][: args.articles])
    # The priors come from the other articles: the two models learn from abstracts they have
    # not already seen through the priors.
    priors = word_priors(
        [row for i, row in enumerate(train) if i not in token_rows and i not in sample_rows]
    )
    token_weights = fit_tokens([train[i] for i in sorted(token_rows)], priors=priors)
    print(f"words' chances learned in {time.perf_counter() - started:.0f} s", flush=True)
    sample = [train[i] for i in sorted(sample_rows)]
    features, targets, groups = examples(sample, 45, token_weights, priors)
    print(f"{len(sample):,} train articles, {len(features):,} candidates", flush=True)
    weights = fit(features, targets, groups)
    model = {
        "credit": CREDIT,
        "licence": "CC-BY-SA-4.0",
        "trained_on": f"OrangeSum train, every {step}th article, {len(sample)} articles",
        "target": "ROUGE-1 + ROUGE-2 + ROUGE-L F1 against the abstract",
        "token_weights": dict(zip(learned.TOKEN_FEATURES, token_weights, strict=True)),
        "weights": weights,
        "word_priors": priors,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"weights written to {args.out} in {time.perf_counter() - started:.0f} s", flush=True)
    if args.valid:
        valid = load(args.data / "valid.jsonl.gz")[: args.valid]
        trained = learned.Model(weights, tuple(token_weights), priors)
        print(f"valid ({len(valid)}): {evaluate(valid, trained, 45)}")


if __name__ == "__main__":
    main()
