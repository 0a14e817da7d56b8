"""OPML, the feed readers' way to move feed lists (pure)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from numeriq.sources.errors import OpmlError


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    site_url: str = ""


def parse_opml(data: bytes) -> list[Outline]:
    """Every outline with an xmlUrl, nested folders included, in document order."""
    try:
        root = ET.fromstring(data)  # noqa: S314 - the user's own file; expat, no external DTD
    except ET.ParseError as error:
        raise OpmlError(f"not valid OPML: {error}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML: the root element is <{root.tag}>")
    found: list[Outline] = []
    seen: set[str] = set()
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url or url in seen:
            continue
        seen.add(url)
        title = outline.get("title") or outline.get("text") or ""
        found.append(Outline(url=url, title=title.strip(), site_url=outline.get("htmlUrl") or ""))
    return found


def format_opml(outlines: list[Outline], title: str = "numeriq sources") -> str:
    """An OPML 2.0 document listing the outlines."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for outline in outlines:
        attrs = f'type="rss" text={quoteattr(outline.title or outline.url)}'
        if outline.title:
            attrs += f" title={quoteattr(outline.title)}"
        attrs += f" xmlUrl={quoteattr(outline.url)}"
        if outline.site_url:
            attrs += f" htmlUrl={quoteattr(outline.site_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
