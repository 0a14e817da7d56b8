"""Wordplay headings: their cost, and the sample of the demo day.

1. Speed: the lexicon's load, headings per second on the project's French articles
   (bench/data/briefs_eval.jsonl and the demo day), and `numeriq brief`'s articles per
   second with the headings (what they add to the writer).
2. The demo day (numeriq/demo/feeds, the newsroom day `make demo` drafts): its feeds
   ingested from files into a throwaway SQLite database, clustered and ranked as
   `numeriq draft` does; for each of the top stories, the informative heading and the
   three wordplay headings offered.

    .venv/bin/python bench/wordplay.py [--stories 12]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import header  # noqa: E402


def articles() -> list[dict[str, str]]:
    """The eval set and the demo day's French articles."""
    found = [
        json.loads(line)
        for line in (ROOT / "bench/data/briefs_eval.jsonl").read_text("utf-8").splitlines()
    ]
    day = json.loads((ROOT / "numeriq/demo/feeds/day.json").read_text("utf-8"))
    return found + [a for a in day["articles"] if not a["id"].startswith(("en-", "injection"))]


def speed() -> None:
    """Load time, headings per second, and `numeriq brief` with them."""
    from numeriq.newsroom import wordplay
    from numeriq.newsroom.briefing import brief_article, offline_writer

    started = time.perf_counter()
    lexicon = wordplay.lexicon()
    loaded = time.perf_counter() - started
    print(f"lexicon : {len(lexicon.entries)} expressions loaded in {loaded * 1000:.0f} ms")
    texts = articles()
    rounds = max(1, 600 // len(texts))
    started = time.perf_counter()
    for _ in range(rounds):
        for article in texts:
            wordplay.offer_headings(
                article.get("title", ""), article["text"][:400], [article["text"]]
            )
    elapsed = time.perf_counter() - started
    count = rounds * len(texts)
    print(f"headings: {count / elapsed:,.0f} stories/s ({elapsed / count * 1000:.1f} ms each, "
          f"{count} stories)")  # fmt: skip
    writer = offline_writer()
    started = time.perf_counter()
    for article in texts:
        brief_article(article, writer)
    elapsed = time.perf_counter() - started
    print(f"brief   : {len(texts) / elapsed:,.0f} articles/s with the headings "
          f"({len(texts)} articles, offline writer)")  # fmt: skip


def demo_sample(stories: int) -> None:
    """The demo day's top stories with their informative and wordplay headings."""
    work = tempfile.mkdtemp(prefix="numeriq-bench-wordplay-")
    try:
        from bench import _database

        _database.setup(work, None, "wordplay")
        from numeriq.demo.newsroom_day import demo_day, write_feeds
        from numeriq.newsroom import drafting
        from numeriq.newsroom.clustering import cluster
        from numeriq.newsroom.ranking import Ranker
        from numeriq.newsroom.writers import writer_from_settings
        from numeriq.sources.ingest import FetchOptions, ingest
        from numeriq.sources.models import Source

        for name, path in write_feeds(Path(work) / "feeds"):
            Source.objects.create(url=path.as_uri(), title=name)
        options = FetchOptions(
            timeout=5, max_bytes=1_000_000, concurrency=4, host_delay=0, user_agent="bench",
            max_pages=100, local_root=Path(work),
        )  # fmt: skip
        ingest(options=options)
        day = demo_day()
        start, end = drafting.window(day)
        ranker = Ranker(drafting.preferences_from_settings())
        ranked = ranker.rank(cluster(drafting.story_items(start, end)), end)
        write = writer_from_settings("offline")
        print(f"\ndemo day {day.isoformat()}: {len(ranked)} stories, the top {stories}")
        offered: set[str] = set()  # as the draft does: each pun offered to one story
        for n, entry in enumerate(ranked[:stories], start=1):
            drafted = drafting.write_story(entry, write, offered)
            print(f"{n:2}. [{entry.rubric}] {drafted.title or drafted.heading}")
            print(f"      {' · '.join(f'« {h} »' for h in drafted.headings)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Run both parts and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stories", type=int, default=12)
    args = parser.parse_args()
    print(header("numeriq wordplay headings"))
    speed()
    demo_sample(args.stories)


if __name__ == "__main__":
    main()
