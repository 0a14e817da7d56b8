"""`numeriq ingest`: read every due source, store new items, fetch their article pages.

The database work is synchronous and the network work asynchronous, one phase after the
other: feeds are fetched together, their items saved, then the new items' pages fetched
together and their text extracted. One broken source only changes its own health.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from numeriq.sources.errors import FeedError
from numeriq.sources.extraction import Article, extract_article
from numeriq.sources.fetching import PAGE_ACCEPT, Fetched, Fetcher, Request, is_local
from numeriq.sources.identity import item_key
from numeriq.sources.models import Item, Source
from numeriq.sources.parsing import Entry, detect_language, parse_feed

log = logging.getLogger("numeriq.sources")


@dataclass
class SourceOutcome:
    """What happened to one source during an ingest."""

    source: str
    new_items: int = 0
    entries: int = 0
    not_modified: bool = False
    error: str = ""
    warning: str = ""
    paused: bool = False


@dataclass
class IngestReport:
    """What an ingest did, source by source, and the pages it read."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    pages_fetched: int = 0
    pages_failed: int = 0
    pages_with_text: int = 0
    feeds_seconds: float = 0.0
    pages_seconds: float = 0.0  # fetching and extracting, overlapped
    extract_seconds: float = 0.0  # saving the pages' text

    @property
    def new_items(self) -> int:
        """Items created, all sources together."""
        return sum(outcome.new_items for outcome in self.outcomes)

    @property
    def failures(self) -> int:
        """Sources that failed this time."""
        return sum(1 for outcome in self.outcomes if outcome.error)


@dataclass(frozen=True)
class FetchOptions:
    """The limits of one ingest (the settings, unless a caller such as a benchmark says)."""

    timeout: float
    max_bytes: int
    concurrency: int
    host_delay: float
    user_agent: str
    max_pages: int

    @classmethod
    def from_settings(cls) -> FetchOptions:
        """The options the settings give."""
        return cls(
            timeout=float(settings.SOURCES_TIMEOUT),
            max_bytes=int(settings.SOURCES_MAX_BYTES),
            concurrency=int(settings.SOURCES_CONCURRENCY),
            host_delay=settings.SOURCES_HOST_DELAY_MS / 1000,
            user_agent=settings.SOURCES_USER_AGENT.replace("{site_url}", settings.SITE_URL),
            max_pages=int(settings.SOURCES_MAX_PAGES),
        )

    def fetcher(self) -> Fetcher:
        """An httpx fetcher with these limits."""
        return Fetcher(
            user_agent=self.user_agent,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            concurrency=self.concurrency,
            host_delay=self.host_delay,
        )


def due_sources(now: dt.datetime, *, force: bool = False) -> list[Source]:
    """Sources not paused and not read in the last NUMERIQ_SOURCES_INTERVAL_MINUTES."""
    sources = Source.objects.filter(paused=False)
    if not force:
        since = now - dt.timedelta(minutes=settings.SOURCES_INTERVAL_MINUTES)
        sources = sources.filter(Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lte=since))
    return list(sources.order_by("id"))


def ingest(
    sources: Sequence[Source] | None = None,
    *,
    force: bool = False,
    options: FetchOptions | None = None,
    now: dt.datetime | None = None,
) -> IngestReport:
    """Fetch the given (else every due) source, save new items, read their pages."""
    now = now or timezone.now()
    options = options or FetchOptions.from_settings()
    todo = list(sources) if sources is not None else due_sources(now, force=force)
    report = IngestReport()
    if not todo:
        return report
    started = time.perf_counter()
    requests = [Request(s.url, etag=s.etag, last_modified=s.last_modified) for s in todo]
    results = _run(options, requests)
    new_items: list[Item] = []
    for source, fetched in zip(todo, results, strict=True):
        outcome, created = _apply(source, fetched, now)
        report.outcomes.append(outcome)
        new_items += created
    report.feeds_seconds = time.perf_counter() - started
    if options.max_pages > 0:
        _read_pages(new_items, options, report)
    return report


def _run(options: FetchOptions, requests: list[Request]) -> list[Fetched]:
    async def go() -> list[Fetched]:
        async with options.fetcher() as fetcher:
            return await fetcher.fetch_all(requests)

    return asyncio.run(go())


def _apply(source: Source, fetched: Fetched, now: dt.datetime) -> tuple[SourceOutcome, list[Item]]:
    """Save a fetched feed's new items and the source's health."""
    outcome = SourceOutcome(source=str(source))
    source.last_fetched_at = now
    created: list[Item] = []
    error = fetched.error
    if not error and fetched.not_modified:
        outcome.not_modified = True
    elif not error:
        try:
            parsed = parse_feed(
                fetched.body,
                content_type=fetched.content_type,
                url=fetched.final_url or source.url,
            )
        except FeedError as feed_error:
            error = str(feed_error)
        else:
            outcome.entries = len(parsed.entries)
            outcome.warning = parsed.warning
            if not source.title and parsed.title:
                source.title = parsed.title[:200]
            if not source.site_url and parsed.link:
                source.site_url = parsed.link[:1000]
            created = _save_entries(source, parsed.entries, now)
            outcome.new_items = len(created)
    if error:
        _failed(source, error)
        outcome.error = error
        outcome.paused = source.paused
        log.warning("source %s: %s", source.url, error)
    else:
        source.consecutive_failures = 0
        source.last_success_at = now
        source.last_error = ""
        source.last_warning = outcome.warning[:500]
        if not fetched.not_modified:
            source.etag = fetched.etag[:300]
            source.last_modified = fetched.last_modified[:100]
    source.save()
    return outcome, created


def _failed(source: Source, error: str) -> None:
    source.consecutive_failures += 1
    source.last_error = error[:500]
    limit = settings.SOURCES_MAX_FAILURES
    if limit and source.consecutive_failures >= limit:
        source.paused = True
        source.paused_reason = (
            f"paused automatically after {source.consecutive_failures} failures in a row: {error}"
        )[:300]


def _save_entries(source: Source, entries: Sequence[Entry], now: dt.datetime) -> list[Item]:
    """Create the items not seen before (by key), skipping duplicates inside the feed."""
    keyed: dict[str, Entry] = {}
    for entry in entries:
        key = item_key(entry.guid, entry.link, entry.title, entry.summary)
        keyed.setdefault(key, entry)
    existing = set(
        Item.objects.filter(source=source, key__in=list(keyed)).values_list("key", flat=True)
    )
    fresh = [
        Item(
            source=source,
            key=key,
            guid=entry.guid[:1000],
            url=entry.link[:2000],
            title=entry.title[:500],
            summary=entry.summary,
            author=entry.author[:300],
            image_url=entry.image_url[:2000],
            language=entry.language[:8],
            published_at=entry.published if entry.published is not None else now,
        )
        for key, entry in keyed.items()
        if key not in existing
    ]
    with transaction.atomic():
        Item.objects.bulk_create(fresh, ignore_conflicts=True)
    if not fresh:
        return []
    return list(
        Item.objects.select_related("source").filter(
            source=source, key__in=[item.key for item in fresh]
        )
    )


def _read_pages(items: list[Item], options: FetchOptions, report: IngestReport) -> None:
    """Fetch the newest new items' pages and keep their text, author, date and image."""
    with_pages = [item for item in items if _is_page_url(item.url, item.source.url)]
    with_pages.sort(key=lambda item: item.published_at or item.fetched_at, reverse=True)
    with_pages = with_pages[: options.max_pages]
    if not with_pages:
        return
    started = time.perf_counter()
    results = asyncio.run(_fetch_and_extract(options, with_pages))
    saving = time.perf_counter()
    report.pages_seconds = saving - started
    now = timezone.now()
    for item, (error, article) in zip(with_pages, results, strict=True):
        item.page_fetched_at = now
        if article is None:
            item.page_error = error[:300]
            report.pages_failed += 1
            continue
        report.pages_fetched += 1
        text = _without_title(article.text, item.title)
        if text:
            report.pages_with_text += 1
            item.text = text
            item.language = (detect_language(text, article.language) or item.language)[:8]
        item.author = item.author or article.author[:300]
        item.image_url = item.image_url or article.image_url[:2000]
        if article.published is not None and item.published_at is None:
            item.published_at = article.published
    Item.objects.bulk_update(
        with_pages,
        [
            "page_fetched_at",
            "page_error",
            "text",
            "language",
            "author",
            "image_url",
            "published_at",
        ],
        batch_size=200,
    )
    report.extract_seconds = time.perf_counter() - saving


async def _fetch_and_extract(
    options: FetchOptions, items: list[Item]
) -> list[tuple[str, Article | None]]:
    """Fetch pages and extract each as soon as it arrives (in a thread, while others download).

    Only the extracted text is kept: at most `2 × concurrency` page bodies are in memory.
    """
    in_memory = asyncio.Semaphore(options.concurrency * 2)

    async def one(fetcher: Fetcher, item: Item) -> tuple[str, Article | None]:
        async with in_memory:
            fetched = await fetcher.fetch(Request(item.url, accept=PAGE_ACCEPT))
            if fetched.error:
                return fetched.error, None
            url = fetched.final_url or item.url
            return "", await asyncio.to_thread(extract_article, fetched.body, url)

    async with options.fetcher() as fetcher:
        return list(await asyncio.gather(*(one(fetcher, item) for item in items)))


def _is_page_url(url: str, source_url: str) -> bool:
    """Web pages; local files only for a local source (a feed on the web names no file)."""
    if url.startswith(("http://", "https://")):
        return True
    return url.startswith("file://") and is_local(source_url)


def _without_title(text: str, title: str) -> str:
    """The extracted text without the page's heading when it repeats the title."""
    first, _, rest = text.partition("\n")
    if title and first.strip().lower() == title.strip().lower():
        return rest.strip()
    return text
