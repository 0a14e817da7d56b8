"""An article page's main text, author, date and image, with trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura

# trafilatura reports every page it finds too short at WARNING: not our user's business.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Article:
    """What a page says beyond the feed."""

    text: str = ""
    author: str = ""
    published: dt.datetime | None = None
    image_url: str = ""
    language: str = ""


def extract_article(html: bytes | str, url: str = "") -> Article:
    """The main text and metadata of an HTML page (empty Article when there is none)."""
    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False
        )
    except Exception:
        return Article()
    if not doc:
        return Article()
    data = doc if isinstance(doc, dict) else doc.as_dict()
    published = None
    raw_date = data.get("date")
    if isinstance(raw_date, str) and raw_date:
        try:
            published = dt.datetime.fromisoformat(raw_date).replace(tzinfo=dt.UTC)
        except ValueError:
            published = None
    return Article(
        text=str(data.get("text") or "").strip(),
        author=str(data.get("author") or "").strip(),
        published=published,
        image_url=str(data.get("image") or ""),
        language=str(data.get("language") or ""),
    )
