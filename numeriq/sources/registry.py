"""Adding, listing, pausing and removing sources; OPML in and out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from numeriq.sources.errors import SourceError, SourceNotFoundError
from numeriq.sources.fetching import is_local, local_path
from numeriq.sources.models import Source
from numeriq.sources.opml import Outline, format_opml, parse_opml

DEFAULTS_FILE = Path(__file__).parent / "data" / "default_feeds.opml"


@dataclass(frozen=True)
class AddResult:
    """How many sources an add or import created, and how many were there already."""

    added: int
    known: int


def normalise_url(url: str) -> str:
    """A source URL as stored: web URLs as given, local paths as absolute file:// URLs."""
    url = url.strip()
    if not url:
        raise SourceError("a source needs a URL or a file path")
    if is_local(url):
        return local_path(url).resolve().as_uri()
    if not url.startswith(("http://", "https://")):
        raise SourceError(f"{url!r}: only http(s) URLs, file:// URLs and paths are sources")
    return url


@transaction.atomic
def add_sources(outlines: list[Outline]) -> AddResult:
    """Create the sources not there yet (by URL)."""
    added = known = 0
    for outline in outlines:
        url = normalise_url(outline.url)
        _, created = Source.objects.get_or_create(
            url=url, defaults={"title": outline.title[:200], "site_url": outline.site_url[:1000]}
        )
        added += created
        known += not created
    return AddResult(added, known)


def default_outlines() -> list[Outline]:
    """The shipped list of French digital-economy feeds."""
    return parse_opml(DEFAULTS_FILE.read_bytes())


def import_opml(path: str | Path) -> AddResult:
    """Add every feed of an OPML file."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from None
    return add_sources(parse_opml(data))


def export_opml() -> str:
    """Every source as OPML."""
    return format_opml(
        [Outline(url=s.url, title=s.title, site_url=s.site_url) for s in Source.objects.all()]
    )


def find_source(ref: str) -> Source:
    """The source with that number or URL."""
    found = None
    if ref.isdigit():
        found = Source.objects.filter(pk=int(ref)).first()
    if found is None:
        try:
            found = Source.objects.filter(url=normalise_url(ref)).first()
        except SourceError:
            found = None
    if found is None:
        raise SourceNotFoundError(ref)
    return found


def set_paused(source: Source, paused: bool, reason: str = "") -> Source:
    """Pause a source (ingest skips it) or resume it with a clean failure count."""
    source.paused = paused
    source.paused_reason = reason[:300] if paused else ""
    if not paused:
        source.consecutive_failures = 0
    source.save(update_fields=["paused", "paused_reason", "consecutive_failures"])
    return source
