"""The morning desk's pool: the newsroom's ranking of the recent days, drafted, as JSON values.

The pool covers the last NUMERIQ_DESK_POOL_DAYS days of news up to now (the editor may widen
it to MAX_POOL_DAYS): tonight's editor prepares tomorrow's edition from today's news.

Clustering a day of items, ranking them and drafting the briefs (perhaps with an LLM) takes
seconds: it runs in the background (figures.py) and the page reads the stored result.
The newsroom stage is optional: without it the morning desk shows today's edition only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from numeriq.desk import figures
from numeriq.editions.document import ImageFields, Item, ItemKind, plausible_day

TOP_STORIES = 60
REFRESH = dt.timedelta(minutes=5)
MAX_POOL_DAYS = 7
COVERAGE = re.compile(r"\d+ sources?")  # the ranking's « 3 sources »: the desk writes its own


def newsroom_installed() -> bool:
    """Whether the newsroom stage (sources and stories) is part of this numeriq."""
    return apps.is_installed("numeriq.newsroom") and apps.is_installed("numeriq.sources")


def story_key(item_ids: list[int]) -> str:
    """A story's identity on the desk: its first item (stays as later items join it)."""
    return f"s{min(item_ids)}"


def pool_days(raw: str | None) -> int:
    """The pool's width in days: `raw` when it is a number from 1 to MAX_POOL_DAYS."""
    default = int(settings.DESK_POOL_DAYS)
    try:
        days = int(raw) if raw else default
    except ValueError:
        days = default
    return min(max(days, 1), MAX_POOL_DAYS)


def _window(last_day: dt.date, days: int, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    from numeriq.newsroom import drafting

    start, _end = drafting.window(last_day - dt.timedelta(days=days - 1))
    _start, end = drafting.window(last_day)
    return start, max(end, now)  # also what arrived after the last cut-off


@figures.register("morning")
def compute(key: str) -> dict[str, Any]:
    """The pool's top stories, ranked, each with sources, brief, heading, flags and quotes."""
    from numeriq.newsroom import drafting
    from numeriq.newsroom.clustering import cluster
    from numeriq.newsroom.quotes import find_quotes
    from numeriq.newsroom.ranking import Ranker
    from numeriq.newsroom.writers import writer_from_settings

    parts = key.split(":")  # morning:<last day>:<days>; older keys name the day only
    last_day, days = dt.date.fromisoformat(parts[1]), int(parts[2]) if len(parts) > 2 else 1
    if not plausible_day(last_day):  # asked before the desk refused such days: nothing to rank
        return {"items": 0, "stories": [], "window": []}
    start, end = _window(last_day, days, timezone.now())
    ranker = Ranker(drafting.preferences_from_settings())
    items = drafting.story_items(start, end, ranker)  # bounded: NUMERIQ_NEWSROOM_MAX_ITEMS
    ranked = ranker.rank(cluster(items), end)[:TOP_STORIES] if items else []
    write = writer_from_settings()
    stories = []
    offered: set[str] = set()  # each pun offered to one story of the pool
    for entry in ranked:
        drafted = drafting.write_story(entry, write, offered)
        story = entry.story
        stories.append(
            {
                "key": story_key([item.id for item in story.items]),
                "rubric": entry.rubric,
                "score": entry.score,
                "reasons": [r for r in entry.reasons if not COVERAGE.fullmatch(r)],
                "coverage": story.coverage,
                "heading": drafted.heading,
                "title": drafted.title,
                "brief": drafted.brief,
                "flags": list(drafted.flags),
                **drafting.lead_image(story.lead),
                "sources": [
                    # Feeds are not trusted: only http(s) links reach a page.
                    {"name": item.source, "title": item.title, "url": _safe(item.url)}
                    for item in story.items[:8]
                ],
                "quotes": [
                    {"text": q.text, "speaker": q.speaker, "role": q.role, "url": _safe(q.url)}
                    for q in drafted.quotes
                    if q.speaker
                ][:3]
                or [
                    {"text": q.text, "speaker": "", "role": "", "url": _safe(q.url)}
                    for item in story.items[:1]
                    for q in find_quotes(item.text, url=item.url)[:1]
                ],
            }
        )
    return {"items": len(items), "stories": stories, "window": [start.isoformat(), end.isoformat()]}


def read(days: int, day: dt.date) -> tuple[dict[str, Any] | None, dt.datetime | None]:
    """The stored pool shown with `day`'s edition (None while it is first prepared): the
    `days` days up to that day when it is past (the stories it was made from), else up to
    today (a future edition is made from today's news)."""
    last = min(day, timezone.localdate())
    return figures.peek(f"morning:{last.isoformat()}:{days}", REFRESH)


_HTTP = re.compile(r"https?://[^()\s]+")


def _safe(url: str) -> str:
    return url if _HTTP.fullmatch(url or "") else ""


def item_body(story: dict[str, Any]) -> str:
    """The Markdown body of a story added to the edition: brief, flags to check, sources."""
    from numeriq.newsroom.drafting import md_escape

    parts = [md_escape(story["brief"])]
    if story["flags"]:
        parts.append("⚠ À vérifier : " + md_escape(" ; ".join(story["flags"])) + ".")
    links = [
        f"[{md_escape(source['name'] or 'source')}]({source['url']})"
        for source in story["sources"][:4]
        if _HTTP.fullmatch(source["url"] or "")
    ]
    if links:
        parts.append("Sources : " + ", ".join(links) + ".")
    return "\n\n".join(parts)


def quiz_item(quote: dict[str, Any]) -> Item:
    """A « Qui a dit ça ? » item from a quote candidate with its speaker."""
    from numeriq.newsroom.drafting import QUIZ_HEADING, md_escape

    role = quote.get("role") or ""
    reveal = f"C'est {quote['speaker']}, {role}." if role else f"C'est {quote['speaker']}."
    body = md_escape(reveal)
    if quote.get("url"):
        body += f" [Source]({quote['url']})"
    return Item(
        kind=ItemKind.QUOTE,
        heading=QUIZ_HEADING,
        quote=f"« {md_escape(quote['text'])} »",
        body=body,
    )


def image_of(story: dict[str, Any]) -> ImageFields:
    """The story's lead image (https only) as an item's image fields: address, alt, caption."""
    url = story.get("image_url") or ""
    if not re.fullmatch(r"https://[^()\s]+", url):
        return {}

    def text(key: str) -> str:
        return " ".join(str(story.get(key) or "").split())[:300]

    return {
        "image_url": url,
        "image_alt": text("image_alt").replace("]", ")"),
        "image_caption": text("image_caption"),  # absent from a pool computed before captions
    }


def max_title(text: str) -> str:
    """A heading as the edition stores it: one line, at most 200 characters."""
    return " ".join(text.replace("#", " ").split())[:200] or "À titrer"
