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
Real French news: the OrangeSum valid split (../shared/data/orangesum/, CC BY-SA 4.0; the
writer's weights were learned on its train split and chosen on valid): ROUGE of the writer,
of the first sentence (LEAD-1) and of the first two (LEAD-2) against the journalists'
abstracts; the informative titles' ROUGE against the journalists' titles, with the article's
first eight words as the baseline, and the share flagged by the fragment check; the briefs'
length distribution; articles per second in process. Articles are given without their
title (the title is what the titles are scored against).
Speed: `numeriq brief` on N articles (default 1,500, OrangeSum valid when present) piped
through the real command, with its peak memory.

    .venv/bin/python bench/briefs.py [--articles 1500] [--orangesum DIR] [--valid 1499]
        [--titles 20]  (prints that many valid titles beside the journalists')
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
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
from numeriq.newsroom.titles import informative_title, is_fragment  # noqa: E402
from numeriq.newsroom.writer import first_sentence, write_brief  # noqa: E402

EVAL = ROOT / "bench" / "data" / "briefs_eval.jsonl"


def orangesum_dir() -> Path | None:
    """Where shared/data/orangesum is: beside the repository or beside its worktrees."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data" / "orangesum" / "valid.jsonl.gz").exists():
            return base / "shared" / "data" / "orangesum"
    return None


def _means(scorer, references: list[str], outputs: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    scores = [scorer.score(r, o) for r, o in zip(references, outputs, strict=True)]
    return [
        100 * statistics.fmean(s[k].fmeasure for s in scores)
        for k in ("rouge1", "rouge2", "rougeL")
    ]


def real_news(path: Path, limit: int, sample: int = 0) -> None:
    """Print the writer, LEAD-1 and LEAD-2 on OrangeSum valid, titles, lengths, speed."""
    from rouge_score import rouge_scorer

    with gzip.open(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()][:limit]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    started, cpu = time.perf_counter(), time.process_time()
    briefs = [write_brief("", [row["text"]]) for row in rows]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    abstracts = [row["abstract"] for row in rows]
    leads = [split_sentences(row["text"]) for row in rows]
    print(f"\nOrangeSum valid, {len(rows)} articles (no title given), F1 x 100 vs abstracts:")
    print(f"{'system':<16} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for name, outputs in (
        ("offline writer", [b.text for b in briefs]),
        ("LEAD-1", [" ".join(s[:1]) for s in leads]),
        ("LEAD-2", [" ".join(s[:2]) for s in leads]),
    ):
        r1, r2, rl = _means(scorer, abstracts, outputs)
        print(f"{name:<16} {r1:>6.1f} {r2:>6.1f} {rl:>6.1f}")
    titles = [row["title"] for row in rows]
    print("titles, F1 x 100 vs the journalists' titles:")
    for name, outputs in (
        ("informative", [b.title for b in briefs]),
        ("first 8 words", [" ".join(row["text"].split()[:8]) for row in rows]),
    ):
        r1, r2, rl = _means(scorer, titles, outputs)
        print(f"{name:<16} {r1:>6.1f} {r2:>6.1f} {rl:>6.1f}")
    title_cpu = time.process_time()
    for brief, row in zip(briefs, rows, strict=True):
        informative_title(brief.text, [row["text"]])
    title_cpu = time.process_time() - title_cpu
    print(
        f"titles alone: {len(rows) / title_cpu:,.0f} per CPU second (again, after the briefs: "
        "the sentences the writer split and shortened are mostly no longer cached)"
    )
    for brief, row in list(zip(briefs, rows, strict=True))[:sample]:
        print(f"  - {brief.title}\n    {row['title'].strip()}  (journalists)")
    fragments = sum(1 for b in briefs if is_fragment(b.title))
    title_words = [word_count(b.title) for b in briefs]
    print(
        f"fragment check: {fragments} of {len(briefs)} titles flagged "
        f"({100 * fragments / len(briefs):.1f} %); title words: mean "
        f"{statistics.fmean(title_words):.1f}, max {max(title_words)}"
    )
    theirs = [row["title"].strip() for row in rows if len(row["title"].split()) <= 12]
    alarms = sum(1 for title in theirs if is_fragment(title))
    print(
        f"  the same check on the journalists' {len(theirs)} titles of 12 words or fewer: "
        f"{alarms} flagged ({100 * alarms / max(len(theirs), 1):.1f} %, its false alarms "
        "at most: some of theirs do end on a bare number or a colon's « vers »)"
    )
    lengths = sorted(word_count(b.text) for b in briefs)
    quartiles = statistics.quantiles(lengths, n=4)
    sentences = [len(split_sentences(b.text)) for b in briefs]
    print(
        f"brief words: min {lengths[0]}, quartiles {quartiles[0]:.0f}/{quartiles[1]:.0f}/"
        f"{quartiles[2]:.0f}, max {lengths[-1]}, over 45: {sum(n > 45 for n in lengths)}; "
        f"{sentences.count(1)} one-sentence, {sentences.count(2)} two-sentence, "
        f"{sum(n > 2 for n in sentences)} longer; flagged by the writer: "
        f"{sum(1 for b in briefs if b.flags)}"
    )
    print(
        f"in process: {len(rows) / elapsed:,.0f} articles/s wall, {len(rows) / cpu:,.0f} per "
        "CPU second (brief + title; the two differ when the machine is shared)"
    )


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
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    lines = result.stdout.decode().splitlines()
    assert len(lines) == count, (len(lines), result.stderr.decode()[-500:])
    print(
        f"\n`numeriq brief` on {count:,} articles: {elapsed:.2f} s wall "
        f"(process start and set-up included) = {count / elapsed:,.0f} articles/s, "
        f"{count / cpu:,.0f} per CPU second; peak memory {peak:,.0f} MB (the largest process); "
        f"{min(4, len(os.sched_getaffinity(0)))} processes (`--jobs`, default: the CPUs, at most 4)"
    )
    os.unlink(path)
    shutil.rmtree(var_dir, ignore_errors=True)


def main() -> None:
    """Run the quality figures, then the speed figure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1500, help="for the speed run")
    parser.add_argument("--verbose", action="store_true", help="print every brief")
    parser.add_argument("--orangesum", type=Path, default=orangesum_dir(), help="data folder")
    parser.add_argument("--valid", type=int, default=1499, help="OrangeSum valid articles")
    parser.add_argument("--titles", type=int, default=0, help="print this many valid titles")
    args = parser.parse_args()
    print(header("numeriq: briefs (offline writer)", "rouge-score"))
    articles = load()
    quality(articles, args.verbose)
    for path in sorted((ROOT / "bench" / "data").glob("briefs_*.jsonl")):
        if path != EVAL:
            quality(load(path), args.verbose, path)
    real = None
    if args.orangesum and args.valid:
        real_news(args.orangesum / "valid.jsonl.gz", args.valid, args.titles)
        with gzip.open(args.orangesum / "valid.jsonl.gz", "rt", encoding="utf-8") as lines:
            real = [json.loads(line) for line in lines if line.strip()]
        real = [{"title": "", "text": row["text"]} for row in real]
    if args.articles:
        speed(real or articles, args.articles)


if __name__ == "__main__":
    main()
