"""Feeds to entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand (pure).

A malformed feed raises FeedError with a sentence that says what is wrong, never a
parser's traceback; a feed that parses despite a flaw (a wrong declared encoding)
comes back with its warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from numeriq.sources.errors import FeedError


@dataclass(frozen=True)
class Entry:
    """One entry of a feed, as plain text."""

    guid: str
    link: str
    title: str
    summary: str
    published: dt.datetime | None = None
    author: str = ""
    image_url: str = ""
    language: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title, site link, language, entries and any warning."""

    title: str
    link: str
    language: str
    entries: tuple[Entry, ...]
    warning: str = ""


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "iframe"})
    _BLOCK = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


_INLINE_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u202f]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags and scripts dropped, entities decoded."""
    if "<" not in html and "&" not in html:
        return _BLANK_LINES.sub("\n", _INLINE_SPACES.sub(" ", html)).strip()
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = unescape("".join(extractor.parts))
    text = _INLINE_SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()


def one_line(text: str) -> str:
    """Text on a single line (titles)."""
    return " ".join(html_to_text(text).split())


_FR_WORDS = frozenset(
    {
        "le", "la", "les", "des", "du", "un", "une", "et", "est", "pour", "dans", "sur", "avec",
        "par", "qui", "que", "au", "aux", "ce", "cette", "son", "ses", "pas", "plus", "ont",
        "été", "sont", "leur", "leurs", "mais", "ou", "où", "en", "à", "d", "l",
    }
)  # fmt: skip
_EN_WORDS = frozenset(
    {
        "the", "and", "is", "for", "in", "on", "with", "by", "who", "that", "to", "of", "a",
        "an", "this", "its", "are", "was", "were", "has", "have", "not", "more", "their", "but",
        "or", "at", "from",
    }
)  # fmt: skip
_WORD = re.compile(r"[a-zà-ÿœæ]+")


def detect_language(text: str, declared: str = "") -> str:
    """'fr', 'en' or the declared language (e.g. 'fr-FR' → 'fr'); '' when unsure."""
    words = _WORD.findall(text.lower()[:3000])
    fr = sum(1 for w in words if w in _FR_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    if fr + en >= 5:
        if fr >= 2 * en:
            return "fr"
        if en >= 2 * fr:
            return "en"
    return declared.split("-")[0].split("_")[0].lower()[:8] if declared else ""


def _datetime(struct: Any) -> dt.datetime | None:
    if not struct:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(struct), tz=dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _iso_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _image(entry: Any) -> str:
    for key in ("media_content", "media_thumbnail"):
        for media in entry.get(key) or ():
            url = media.get("url", "")
            if url and (media.get("medium", "image") == "image" or key == "media_thumbnail"):
                return str(url)
    for link in entry.get("links") or ():
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href", ""))
    return ""


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _looks_like_json(body: bytes, content_type: str) -> bool:
    start = body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    return "json" in content_type.lower() or start in (b"{", b"[")


def parse_feed(body: bytes, *, content_type: str = "", url: str = "") -> ParsedFeed:
    """Parse a feed document; raise FeedError saying why when it is not one."""
    if not body.strip():
        raise FeedError("empty document: no feed in it")
    if _looks_like_json(body, content_type):
        return parse_json_feed(body)
    if body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] != b"<":
        raise FeedError("not a feed: the document is neither XML nor JSON")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    entries_raw = parsed.get("entries") or []
    if not parsed.get("version") and not entries_raw:
        if _looks_like_html(body):
            raise FeedError("an HTML page, not a feed (RSS, Atom or JSON Feed expected)")
        error = parsed.get("bozo_exception")
        if error is not None:
            raise FeedError(f"invalid XML{_xml_error(error)}")
        raise FeedError("not a feed: no RSS, Atom or JSON Feed found")
    feed = parsed.get("feed") or {}
    language = str(feed.get("language", ""))
    base = url if url.startswith(("http://", "https://")) else ""
    entries = [entry for raw in entries_raw if (entry := _entry(raw, language, base)) is not None]
    warning = ""
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        name = type(error).__name__
        if name == "CharacterEncodingOverride":
            warning = f"declared encoding is wrong; read as {parsed.get('encoding', '?')}"
        elif name == "CharacterEncodingUnknown":
            warning = "unknown declared encoding"
        elif error is not None:
            message = _xml_error(error)
            if not entries:
                raise FeedError(f"invalid XML{message}")
            warning = f"not well-formed XML{message}; {len(entries)} entries read anyway"
    return ParsedFeed(
        title=one_line(str(feed.get("title", ""))),
        link=str(feed.get("link", "")),
        language=language,
        entries=tuple(entries),
        warning=warning,
    )


def _xml_error(error: object) -> str:
    line = getattr(error, "getLineNumber", lambda: None)()
    column = getattr(error, "getColumnNumber", lambda: None)()
    message = getattr(error, "getMessage", lambda: str(error))()
    where = f" at line {line}, column {column}" if line else ""
    return f"{where}: {message}"


def _entry(raw: Any, language: str, base: str = "") -> Entry | None:
    summary_html = ""
    for content in raw.get("content") or ():
        if len(content.get("value", "")) > len(summary_html):
            summary_html = content.get("value", "")
    if not summary_html:
        summary_html = raw.get("summary", "")
    title = one_line(raw.get("title", ""))
    summary = html_to_text(summary_html)
    link = str(raw.get("link", "") or "")
    if base and link and "://" not in link:
        link = urljoin(base, link)  # only links: a guid stays what the feed says, keys stable
    if not (title or link or summary):
        return None
    return Entry(
        guid=str(raw.get("id", "") or ""),
        link=link,
        title=title,
        summary=summary,
        published=_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=one_line(str(raw.get("author", "") or "")),
        image_url=_image(raw),
        language=detect_language(f"{title} {summary}", language),
    )


def parse_json_feed(body: bytes) -> ParsedFeed:
    """Parse a JSON Feed (version 1 or 1.1)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise FeedError("JSON, but not a JSON Feed (no jsonfeed.org version)")
    language = str(data.get("language", ""))
    entries = []
    for raw in data.get("items") or ():
        if not isinstance(raw, dict):
            continue
        title = one_line(str(raw.get("title", "")))
        summary = str(raw.get("content_text", "")) or html_to_text(
            str(raw.get("content_html", "") or raw.get("summary", ""))
        )
        authors = raw.get("authors") or ([raw["author"]] if raw.get("author") else [])
        author = ", ".join(str(a.get("name", "")) for a in authors if isinstance(a, dict))
        entries.append(
            Entry(
                guid=str(raw.get("id", "")),
                link=str(raw.get("url", "") or raw.get("external_url", "")),
                title=title,
                summary=summary.strip(),
                published=_iso_datetime(raw.get("date_published") or raw.get("date_modified")),
                author=one_line(author),
                image_url=str(raw.get("image", "") or raw.get("banner_image", "")),
                language=detect_language(f"{title} {summary}", str(raw.get("language", language))),
            )
        )
    return ParsedFeed(
        title=one_line(str(data.get("title", ""))),
        link=str(data.get("home_page_url", "")),
        language=language,
        entries=tuple(entries),
    )
