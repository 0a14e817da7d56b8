"""Ingest speed: 30 feeds of 50 items each and their 300 newest article pages, served by a
local HTTP server (numeriq.testing.feeds), into a fresh SQLite database (or DATABASE_URL).

Target (issue 5): at most 60 s on this machine, network excluded. The per-host politeness
delay is set to 0 here because every feed lives on the same local server; with the default
NUMERIQ_SOURCES_HOST_DELAY_MS the run would measure that delay, not numeriq.

    .venv/bin/python bench/ingest.py [--feeds 30] [--items 50] [--pages 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._machine import header  # noqa: E402

TEMPORARY: list[str] = []

EVAL = ROOT / "bench" / "data" / "briefs_eval.jsonl"
BOILERPLATE = (
    '<header><nav><a href="/">Accueil</a> <a href="/tech">Tech</a> <a href="/commerce">'
    'Commerce</a> <a href="/marketing">Marketing</a></nav></header>'
)


def page(title: str, paragraphs: list[str], n: int) -> str:
    """An article page of a few kilobytes with navigation, aside and footer around it."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    aside = "".join(f'<li><a href="/a/{n + k}">Autre article {n + k}</a></li>' for k in range(15))
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="Rédaction {n % 7}">'
        f'<meta property="article:published_time" content="2026-11-26T0{n % 9}:00:00+01:00">'
        f"<script>var tracking = {n};</script></head><body>{BOILERPLATE}"
        f"<main><article><h1>{title}</h1>{body}</article><aside><ul>{aside}</ul></aside></main>"
        "<footer>Mentions légales · Cookies · Contact</footer></body></html>"
    )


def build(server, feeds: int, items: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Serve `feeds` RSS feeds of `items` items with a page each; return the feed URLs."""
    from numeriq.testing.feeds import rss

    articles = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(5)
    urls = []
    for f in range(feeds):
        entries = []
        for i in range(items):
            n = f * items + i
            a = articles[n % len(articles)]
            paragraphs = a["text"].split("\n")
            rng.shuffle(paragraphs)
            title = f"{a['title']} ({n})"
            link = server.add(f"/f{f}/a{i}.html", page(title, paragraphs * 3, n), "text/html")
            hour, minute = divmod(n % 1440, 60)
            entries.append(
                {
                    "title": title,
                    "link": link,
                    "guid": f"bench-{n}",
                    "description": paragraphs[0],
                    "pubDate": f"Thu, 26 Nov 2026 {hour:02d}:{minute:02d}:00 +0000",
                }
            )
        urls.append(server.add(f"/f{f}.xml", rss(f"Flux {f}", entries), etag=f'"f{f}"'))
    return urls


def main() -> None:
    """Build the feeds, run one ingest, then a second (conditional) one; print figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=30)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print(header("numeriq: ingest", "httpx", "feedparser", "trafilatura", "django"))
    var_dir = tempfile.mkdtemp(prefix="numeriq-bench-ingest-")
    TEMPORARY.append(var_dir)
    os.environ["NUMERIQ_VAR_DIR"] = var_dir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "numeriq.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from numeriq.sources.ingest import FetchOptions, ingest
    from numeriq.sources.models import Item, Source
    from numeriq.sources.safehttp import networks
    from numeriq.testing.feeds import FeedServer

    options = FetchOptions(
        timeout=20,
        max_bytes=5_000_000,
        concurrency=args.concurrency,
        host_delay=0.0,
        user_agent="numeriq-bench/0.1",
        max_pages=args.pages,
        allow=networks(["127.0.0.0/8"]),  # the bench's feed server is on the loopback
        max_items_per_fetch=10**9,  # the bench measures reading, not the caps
        max_items_per_day=10**9,
    )
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    with FeedServer() as server:
        urls = build(server, args.feeds, args.items)
        Source.objects.bulk_create(Source(url=url) for url in urls)
        started = time.perf_counter()
        report = ingest(options=options)
        elapsed = time.perf_counter() - started
        print(
            f"\nfirst ingest: {len(report.outcomes)} feeds, {report.new_items:,} new items, "
            f"{report.pages_fetched} pages ({report.pages_with_text} with text), "
            f"{report.failures} failures"
        )
        print(
            f"  total {elapsed:.2f} s = feeds (fetch+parse+save) {report.feeds_seconds:.2f} s"
            f" + pages fetched and extracted (overlapped) {report.pages_seconds:.2f} s"
            f" + pages saved {report.extract_seconds:.2f} s"
            f"   [target ≤ 60 s]"
        )
        started = time.perf_counter()
        again = ingest(force=True, options=options)
        elapsed2 = time.perf_counter() - started
        not_modified = sum(1 for o in again.outcomes if o.not_modified)
        print(
            f"second ingest: {not_modified}/{len(again.outcomes)} feeds not modified (304), "
            f"{again.new_items} new items, {elapsed2:.2f} s"
        )
    assert Item.objects.count() == args.feeds * args.items


if __name__ == "__main__":
    try:
        main()
    finally:
        for made in TEMPORARY:  # only what this run created
            shutil.rmtree(made, ignore_errors=True)
