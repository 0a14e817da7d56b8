"""The newsroom's demo: a day of sample feeds and article pages written for the project
(French, invented companies), ingested from files and drafted into an edition.

The day lives in feeds/day.json; the feeds (RSS 2.0, Atom, JSON Feed) and the article
pages are written out under NUMERIQ_SOURCES_LOCAL_DIR/demo (the folder local feeds may come
from) with absolute file:// links, so the real ingest reads them like any source.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

DAY_FILE = Path(__file__).parent / "feeds" / "day.json"


def load_day() -> dict[str, Any]:
    """The demo day: its date, its sources and its articles."""
    data: dict[str, Any] = json.loads(DAY_FILE.read_text(encoding="utf-8"))
    return data


def demo_day() -> dt.date:
    """The date the demo drafts (the day after the last demo edition)."""
    return dt.date.fromisoformat(load_day()["day"])


def _page(article: dict[str, Any], source: str) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in article["text"].split("\n") if p)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{escape(article["title"])} – {escape(source)}</title>
<meta name="author" content="Rédaction {escape(source)}">
<meta property="article:published_time" content="{article["published"]}">
</head><body>
<header><nav><a href="/">{escape(source)}</a> · <a href="/tech">Tech</a>
<a href="/commerce">Commerce</a></nav></header>
<main><article><h1>{escape(article["title"])}</h1>
{paragraphs}
</article>
<aside><h2>Lire aussi</h2>
<ul><li><a href="/autre">Les tendances du commerce en 2027</a></li></ul></aside></main>
<footer>© {escape(source)} – démo numeriq, contenu inventé</footer>
</body></html>
"""


def _rss(title: str, site: str, entries: list[dict[str, Any]]) -> str:
    items = "".join(
        f"<item><title>{escape(e['title'])}</title><link>{escape(e['link'])}</link>"
        f'<guid isPermaLink="false">{escape(e["id"])}</guid>'
        f"<pubDate>{_rfc822(e['published'])}</pubDate>"
        f"<description>{escape(e['summary'])}</description></item>\n"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(site)}</link><language>fr</language>\n"
        f"{items}</channel></rss>\n"
    )


def _atom(title: str, site: str, entries: list[dict[str, Any]]) -> str:
    items = "".join(
        f"<entry><id>tag:demo.numeriq,2026:{escape(e['id'])}</id>"
        f'<title type="text">{escape(e["title"])}</title><link href="{escape(e["link"])}"/>'
        f"<updated>{e['published']}</updated><summary>{escape(e['summary'])}</summary></entry>\n"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="fr"><title>{escape(title)}</title><link href="{escape(site)}"/>'
        f"<id>{escape(site)}</id><updated>2026-11-28T06:00:00+01:00</updated>\n{items}</feed>\n"
    )


def _json_feed(title: str, site: str, entries: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "home_page_url": site,
            "language": "fr",
            "items": [
                {
                    "id": e["id"],
                    "url": e["link"],
                    "title": e["title"],
                    "content_text": e["summary"],
                    "date_published": e["published"],
                }
                for e in entries
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


def _rfc822(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%a, %d %b %Y %H:%M:%S %z")


def write_feeds(target: Path) -> list[tuple[str, Path]]:
    """Write the pages and the feeds under target; return (source title, feed file)."""
    day = load_day()
    pages = target / "articles"
    pages.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, list[dict[str, Any]]] = {name: [] for name in day["sources"]}
    for article in day["articles"]:
        page = pages / f"{article['id']}.html"
        page.write_text(_page(article, article["source"]), encoding="utf-8")
        summary = article["text"].split("\n")[0]
        by_source[article["source"]].append(
            {**article, "link": page.resolve().as_uri(), "summary": summary}
        )
    written = []
    for name, meta in day["sources"].items():
        entries = sorted(by_source[name], key=lambda e: e["published"], reverse=True)
        render = {"rss": _rss, "atom": _atom, "json": _json_feed}[meta["format"]]
        path = target / meta["file"]
        path.write_text(render(name, meta["site"], entries), encoding="utf-8")
        written.append((name, path))
    return written


@dataclass
class NewsroomDemo:
    """What the newsroom demo did."""

    sources: int = 0
    new_items: int = 0
    day: dt.date | None = None
    drafted: bool = False
    note: str = ""

    def describe(self) -> str:
        """Lines for `numeriq demo`'s summary."""
        day = self.day.isoformat() if self.day else "?"
        done = "drafted" if self.drafted else f"not drafted ({self.note})"
        return (
            f"  Newsroom:     {self.sources} demo feeds ingested ({self.new_items} new items); "
            f"edition of {day} {done}: numeriq edition export {day}"
        )


def load_newsroom_demo(var_dir: Path) -> NewsroomDemo:
    """Write the demo feeds, add them as sources, ingest them, draft the demo day."""
    from numeriq.editions.models import Edition
    from numeriq.newsroom.drafting import draft_edition
    from numeriq.newsroom.errors import NewsroomError
    from numeriq.sources.ingest import FetchOptions, ingest
    from numeriq.sources.models import Source
    from numeriq.sources.opml import Outline
    from numeriq.sources.registry import add_sources

    result = NewsroomDemo(day=demo_day())
    from django.conf import settings

    feeds = write_feeds(Path(settings.SOURCES_LOCAL_DIR) / "demo")
    add_sources([Outline(url=path.resolve().as_uri(), title=name) for name, path in feeds])
    sources = list(Source.objects.filter(url__in=[p.resolve().as_uri() for _, p in feeds]))
    result.sources = len(sources)
    report = ingest(sources, options=FetchOptions.from_settings())
    result.new_items = report.new_items
    if Edition.objects.filter(date=result.day).exists():
        result.note = "its edition already exists: kept"
        return result
    try:
        draft_edition(result.day, writer_name="offline")
    except NewsroomError as error:
        result.note = str(error)
        return result
    result.drafted = True
    return result
