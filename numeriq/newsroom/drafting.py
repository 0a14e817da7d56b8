"""`numeriq draft [DATE]`: the day's draft edition from the top stories.

The newsroom writes into the editions stage (the draft is its output): top stories become
titled items, the next ones brèves, the best quote with a named speaker a « Qui a dit ça ? »,
and the editorial is left empty for the editor.

The rule that protects the editor: the newsroom replaces an edition only when it wrote it
itself and nobody has touched it since. It remembers (NewsroomDraft) the version and
updated_at of what it saved; any save by someone else changes both, any status change
changes updated_at, so a mismatch (or an edition it did not create) means « hands off ».
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from numeriq.editions.document import EditionDoc, ImageFields, Item, ItemKind
from numeriq.editions.header_text import one_line
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import save_doc
from numeriq.newsroom import factguard
from numeriq.newsroom.briefing import Writer
from numeriq.newsroom.clustering import Story, StoryItem, cluster
from numeriq.newsroom.errors import DraftRefusedError, NothingToDraftError
from numeriq.newsroom.models import NewsroomDraft
from numeriq.newsroom.quotes import QuoteCandidate, best_quote, dedupe, find_quotes
from numeriq.newsroom.ranking import (
    Candidate,
    Preferences,
    Ranked,
    Ranker,
    Rubric,
    parse_rubrics,
    preselect,
)
from numeriq.newsroom.speakers import parsed_speaker
from numeriq.newsroom.titles import informative_title
from numeriq.newsroom.wordplay import three_headings
from numeriq.newsroom.writers import writer_from_settings

log = logging.getLogger("numeriq.newsroom")

QUIZ_HEADING = "Qui a dit ça ?"


@dataclass
class DraftResult:
    """What a draft did."""

    date: dt.date
    edition: Edition
    replaced: bool
    items_seen: int
    stories: int
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0
    puns: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def describe(self) -> str:
        """One paragraph for the command line."""
        verb = "replaced the untouched draft of" if self.replaced else "drafted"
        lines = [
            f"{verb} {self.date.isoformat()} «\u00a0{self.edition.lead_headline}\u00a0»: "
            f"{self.edition.items.count()} items from {self.stories} stories "
            f"({self.items_seen} items read) in {self.seconds:.1f} s",
        ]
        if self.puns:
            lines.append("wordplay offered (pick one in the desk's composer):")
            lines += [f"  - {heading}: {' / '.join(puns)}" for heading, puns in self.puns]
        if self.flags:
            lines.append(f"{len(self.flags)} point(s) to check, flagged in the items:")
            lines += [f"  - {flag}" for flag in self.flags]
        lines.append(f"edit it, then: numeriq edition export {self.date.isoformat()}")
        return "\n".join(lines)


def preferences_from_settings() -> Preferences:
    """Rubrics, boosts and bans from the settings."""
    rubrics = (
        Rubric("économie numérique", tuple(settings.RUBRIC_ECONOMIE_NUMERIQUE)),
        Rubric("relation client", tuple(settings.RUBRIC_RELATION_CLIENT)),
        Rubric("marketing", tuple(settings.RUBRIC_MARKETING)),
        Rubric("e-commerce", tuple(settings.RUBRIC_ECOMMERCE)),
        *parse_rubrics(settings.RUBRICS_EXTRA),
    )
    return Preferences(
        rubrics=rubrics,
        boost_keywords=tuple(settings.NEWSROOM_BOOST_KEYWORDS),
        ban_keywords=tuple(settings.NEWSROOM_BAN_KEYWORDS),
        boost_sources=tuple(settings.NEWSROOM_BOOST_SOURCES),
        ban_sources=tuple(settings.NEWSROOM_BAN_SOURCES),
    )


def window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The publication times a day's edition covers: NUMERIQ_DRAFT_HOURS before its cut-off."""
    cutoff = settings.DRAFT_CUTOFF
    end = timezone.make_aware(dt.datetime.combine(day, cutoff))
    return end - dt.timedelta(hours=settings.DRAFT_HOURS), end


def story_items(
    start: dt.datetime, end: dt.datetime, ranker: Ranker | None = None, limit: int | None = None
) -> list[StoryItem]:
    """The window's items worth clustering, as values: French or of unknown language, banned
    sources left out, at most `limit` (NUMERIQ_NEWSROOM_MAX_ITEMS) chosen by `preselect` from
    their titles alone, so the work stays bounded whatever the day's volume.
    """
    from numeriq.sources.models import Item as SourceItem

    ranker = ranker or Ranker(preferences_from_settings())
    limit = int(settings.NEWSROOM_MAX_ITEMS) if limit is None else limit
    in_window = SourceItem.objects.filter(published_at__gte=start, published_at__lt=end).exclude(
        language__in=["en", "de", "es", "it", "nl", "pt"]
    )
    light = in_window.values_list(
        "id", "source__title", "source__url", "title", "url", "published_at"
    ).iterator(chunk_size=5000)
    chosen = preselect(
        (Candidate(pk, st or su, title, url, when) for pk, st, su, title, url, when in light),
        ranker,
        limit,
    )
    items = []
    for n in range(0, len(chosen), 500):
        rows = SourceItem.objects.filter(id__in=chosen[n : n + 500]).values_list(
            "id", "source__title", "source__url", "title", "summary", "text", "url",
            "published_at", "image_url",
        )  # fmt: skip
        for pk, source_title, source_url, title, summary, text, url, published, image in rows:
            body = text if len(text) >= len(summary) else summary
            items.append(
                StoryItem(
                    id=pk,
                    source=source_title or source_url,
                    title=title,
                    text=body,
                    url=url,
                    published=published,
                    image_url=image,
                )
            )
    items.sort(key=lambda item: (-(item.published.timestamp() if item.published else 0), -item.id))
    return items


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def md_escape(text: str) -> str:
    """Feed text as literal Markdown: no emphasis, link, HTML or heading by accident."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return re.sub(r"^([#>+\-=|]|\d+[.)])", r"\\\1", text)


def _plain_heading(text: str) -> str:
    # Feed titles are not trusted: a NUL or an escape would make the draft refused.
    return one_line(text.replace("#", " "))[:200]


def lead_image(lead: StoryItem) -> ImageFields:
    """The lead article's image (https only) as an item's image fields.

    Its alt text is the article's title (the editor checks it says what the image shows); the
    caption credits the source it comes from, shown under the image.
    """
    if not re.fullmatch(r"https://[^()\s]+", lead.image_url):
        return {}
    source = one_line(lead.source)
    credit = "" if not source or source.startswith(("http://", "https://")) else source
    return {
        "image_url": lead.image_url,
        "image_alt": _plain_heading(lead.title).replace("]", ")"),
        "image_caption": f"Image : {credit}"[:300] if credit else "",
    }


@dataclass(frozen=True)
class DraftedStory:
    """A ranked story with its brief and what the fact guard said."""

    ranked: Ranked
    brief: str
    heading: str
    flags: tuple[str, ...]
    quotes: tuple[QuoteCandidate, ...]
    headings: tuple[str, ...] = ()  # the three puns offered; `heading` stays informative
    title: str = ""  # the informative title: the item's heading until the editor picks a pun


def write_story(ranked: Ranked, writer: Writer, offered: set[str] | None = None) -> DraftedStory:
    """Draft one story's brief, check it, collect its quotes. `offered`: the puns already
    offered to the edition's other stories, left out here and added to."""
    story = ranked.story
    lead = story.lead
    others = [i for i in story.items if i is not lead][:4]
    texts = [lead.text or lead.title, *[i.text for i in others if i.text]]
    brief = writer(lead.title, texts)
    sources = factguard.Sources.of([i.title for i in story.items] + [i.text for i in story.items])
    flags = tuple(dict.fromkeys([*brief.flags, *factguard.check(brief.text, sources)]))
    # One candidate per quote for the story, however many sources quote it; the parse names
    # the speakers the rules miss in the sources the brief was written from.
    briefed = [lead, *others]
    quotes = tuple(
        dedupe(
            q
            for item in story.items
            for q in find_quotes(
                item.text, url=item.url, fallback=parsed_speaker if item in briefed else None
            )
        )
    )
    title = brief.title or informative_title(brief.text, texts)
    headings = three_headings(
        brief.headings, lead.title, brief.text, texts, ranked.rubric, offered or ()
    )
    if offered is not None:
        offered.update(headings)
    heading = brief.heading or title  # informative until the editor picks a pun
    return DraftedStory(ranked, brief.text, heading, flags, quotes, tuple(headings), title)


def _body(drafted: DraftedStory) -> str:
    parts = [md_escape(drafted.brief)]
    if drafted.flags:
        parts.append("⚠ À vérifier : " + md_escape(" ; ".join(drafted.flags)) + ".")
    links = [
        f"[{md_escape(i.source or 'source')}]({i.url})"
        for i in drafted.ranked.story.items[:4]
        if i.url.startswith(("http://", "https://")) and not re.search(r"[\s()]", i.url)
    ]
    if links:
        parts.append("Sources : " + ", ".join(links) + ".")
    return "\n\n".join(parts)


def build_doc(day: dt.date, drafted: list[DraftedStory], titled: int) -> EditionDoc:
    """The edition as values: titled items, brèves, and the quiz in the middle."""
    items: list[Item] = []
    for n, story in enumerate(drafted):
        lead = story.ranked.story.lead
        if n < titled:
            items.append(
                Item(
                    kind=ItemKind.TITLED,
                    heading=_plain_heading(story.title or story.heading) or "À titrer",
                    body=_body(story),
                    **lead_image(lead),
                )
            )
        else:
            items.append(Item(kind=ItemKind.BREVE, body=_body(story)))
    quote = best_quote([q for story in drafted for q in story.quotes if q.speaker])
    if quote is not None:
        reveal = md_escape(quote.reveal)
        if quote.url.startswith(("http://", "https://")) and not re.search(r"[\s()]", quote.url):
            reveal += f" [Source]({quote.url})"
        quiz = Item(
            kind=ItemKind.QUOTE,
            heading=QUIZ_HEADING,
            quote=f"« {md_escape(quote.text)} »",  # typography adds the no-break spaces
            body=reveal,
        )
        items.insert(max(1, min(titled, len(items)) // 2 + 1), quiz)
    return EditionDoc(date=day, items=tuple(items))


def check_replaceable(day: dt.date) -> Edition | None:
    """The edition the newsroom may replace, None when there is none; else refuse."""
    edition = Edition.objects.filter(date=day).first()
    if edition is None:
        return None
    record = NewsroomDraft.objects.filter(date=day).first()
    if record is None or record.edition_id != edition.pk:
        raise DraftRefusedError(day, "it was not drafted by the newsroom")
    if edition.status != EditionStatus.DRAFT:
        raise DraftRefusedError(day, f"it is {edition.get_status_display().lower()}")
    if edition.version != record.version or edition.updated_at != record.updated_at:
        raise DraftRefusedError(day, "an editor changed it since the newsroom drafted it")
    return edition


def draft_edition(
    day: dt.date, *, writer_name: str | None = None, writer: Writer | None = None
) -> DraftResult:
    """Draft and save the edition of `day` (see the module's rule on replacing)."""
    started = time.perf_counter()
    check_replaceable(day)
    start, end = window(day)
    preferences = preferences_from_settings()
    ranker = Ranker(preferences)
    items = story_items(start, end, ranker)
    if not items:
        raise NothingToDraftError(day, start, end)
    stories: list[Story] = cluster(items)
    ranked = ranker.rank(stories, end)
    titled = int(settings.DRAFT_ITEMS)
    chosen = ranked[: titled + int(settings.DRAFT_BREVES)]
    write = writer or writer_from_settings(writer_name)
    offered: set[str] = set()  # each pun offered to one story of the edition
    drafted = [write_story(r, write, offered) for r in chosen]
    doc = build_doc(day, drafted, titled)
    if not doc.items:
        raise NothingToDraftError(day, start, end)
    with transaction.atomic():
        existing = check_replaceable(day)
        edition = save_doc(doc, replace=existing is not None)
        NewsroomDraft.objects.update_or_create(
            date=day,
            defaults={
                "edition_id": edition.pk,
                "version": edition.version,
                "updated_at": edition.updated_at,
                "stories": len(stories),
                "items_seen": len(items),
            },
        )
    flags = [f"{d.title or d.heading or 'brève'}: {flag}" for d in drafted for flag in d.flags]
    for flag in flags:
        log.info("draft %s: %s", day, flag)
    return DraftResult(
        date=day,
        edition=edition,
        replaced=existing is not None,
        items_seen=len(items),
        stories=len(stories),
        flags=flags,
        seconds=time.perf_counter() - started,
        puns=[
            (_plain_heading(d.title or d.heading) or "À titrer", d.headings)
            for d in drafted[:titled]
            if d.headings
        ],
    )
