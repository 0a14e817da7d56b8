"""Brief quality and speed: the offline writer against the first-sentence baseline.

Quality: ROUGE-1/2/L F1 (rouge-score, no stemming) on French articles written for the
project, each with a human reference brief: bench/data/briefs_eval.jsonl (24 articles; the
writer's three score weights were chosen on it) and bench/data/briefs_heldout.jsonl (8
articles written after the weights were fixed, never used to tune anything) and
bench/data/briefs_heldout2.jsonl (17 longer wire-style articles, 250–450 words, with hook
ledes and key facts in later paragraphs, written before the writer was reworked and never
used to tune it); bench/data/briefs_eval_wire.jsonl (14 wire-style tuning articles).
Every bench/data/briefs_*.jsonl is scored. Also lengths, briefs over 45
words, fact-guard flags.
Speed: `numeriq brief` on N articles (default 1,500) piped through the real command.

    .venv/bin/python bench/briefs.py [--articles 1500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import header  # noqa: E402
from numeriq.newsroom import factguard  # noqa: E402
from numeriq.newsroom.text import split_sentences, word_count  # noqa: E402
from numeriq.newsroom.writer import first_sentence, write_brief  # noqa: E402

EVAL = ROOT / "bench" / "data" / "briefs_eval.jsonl"


def load(path: Path = EVAL) -> list[dict[str, str]]:
    """An evaluation set."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def quality(articles: list[dict[str, str]], verbose: bool, path: Path = EVAL) -> None:
    """Print ROUGE of the writer and of the baseline, lengths and flags."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    systems: dict[str, list[str]] = {"first sentence": [], "offline writer": []}
    flags = 0
    for article in articles:
        systems["first sentence"].append(first_sentence(article["text"]))
        brief = write_brief(article["title"], [article["text"]])
        systems["offline writer"].append(brief.text)
        found = list(brief.flags) + factguard.check(brief.text, [article["title"], article["text"]])
        flags += len(found)
        if verbose:
            print(f"- {article['id']}: {brief.text}  [{brief.heading}] {found or ''}")
    print(f"\nquality on {len(articles)} articles ({path.relative_to(ROOT)}), F1 x 100:")
    print(f"{'system':<16} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'words':>6} {'max':>4} {'>45':>4}")
    for name, outputs in systems.items():
        scores = [
            scorer.score(a["reference"], out) for a, out in zip(articles, outputs, strict=True)
        ]
        means = [
            100 * statistics.fmean(s[k].fmeasure for s in scores)
            for k in ("rouge1", "rouge2", "rougeL")
        ]
        lengths = [word_count(out) for out in outputs]
        over = sum(1 for n in lengths if n > 45)
        print(
            f"{name:<16} {means[0]:>6.1f} {means[1]:>6.1f} {means[2]:>6.1f} "
            f"{statistics.fmean(lengths):>6.1f} {max(lengths):>4} {over:>4}"
        )
    briefs = systems["offline writer"]
    sentences = [len(split_sentences(b)) for b in briefs]
    print(
        f"offline writer: {sum(1 for n in sentences if n == 1)} one-sentence and "
        f"{sum(1 for n in sentences if n == 2)} two-sentence briefs; "
        f"fact-guard flags: {flags}"
    )


def speed(articles: list[dict[str, str]], count: int) -> None:
    """Time `numeriq brief` on `count` articles (the set repeated with distinct ids)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for n in range(count):
            a = articles[n % len(articles)]
            paragraphs = a["text"].split("\n")
            # Rotate the paragraphs after the first so that articles differ.
            body = "\n".join([paragraphs[0], *paragraphs[1:][n % 3 :], *paragraphs[1:][: n % 3]])
            f.write(json.dumps({"id": n, "title": a["title"], "text": body}) + "\n")
        path = f.name
    var_dir = tempfile.mkdtemp(prefix="numeriq-bench-")
    env = {**os.environ, "NUMERIQ_VAR_DIR": var_dir}
    command = [str(ROOT / ".venv" / "bin" / "numeriq"), "brief"]
    started = time.perf_counter()
    with open(path, "rb") as stdin:
        result = subprocess.run(command, stdin=stdin, capture_output=True, env=env, check=True)
    elapsed = time.perf_counter() - started
    lines = result.stdout.decode().splitlines()
    assert len(lines) == count, (len(lines), result.stderr.decode()[-500:])
    print(
        f"\n`numeriq brief` on {count:,} articles: {elapsed:.2f} s wall "
        f"(process start and Django setup included) = {count / elapsed:,.0f} articles/s"
    )
    os.unlink(path)
    shutil.rmtree(var_dir, ignore_errors=True)


def main() -> None:
    """Run the quality figures, then the speed figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1500, help="for the speed run")
    parser.add_argument("--verbose", action="store_true", help="print every brief")
    args = parser.parse_args()
    print(header("numeriq: briefs (offline writer)", "rouge-score"))
    articles = load()
    quality(articles, args.verbose)
    for path in sorted((ROOT / "bench" / "data").glob("briefs_*.jsonl")):
        if path != EVAL:
            quality(load(path), args.verbose, path)
    if args.articles:
        speed(articles, args.articles)


if __name__ == "__main__":
    main()
