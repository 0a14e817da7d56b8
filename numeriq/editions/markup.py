"""Markdown of an edition to safe HTML and to plain text, with French typography (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import nh3
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from numeriq.text.typography import typographize

ALLOWED_TAGS = {
    "p", "br", "a", "strong", "b", "em", "i", "u", "s", "sup", "sub", "code", "img",
    "blockquote", "ul", "ol", "li", "span", "abbr", "mark", "small",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Raw HTML is let through the parser, then the allow-list decides what survives.
_markdown = MarkdownIt("commonmark", {"html": True})
_relative_url = re.compile(r'\b(href|src)="/(?!/)')


def is_safe_image_url(url: str) -> bool:
    """An image address an edition may use: http(s)://host/… or a path of the site (/x.png).

    `//host/x.png` and `/\\host/x.png` look like site paths but browsers load them from
    another host (a backslash counts as a slash, tabs and line breaks are dropped).
    """
    if not url or "\\" in url:
        return False
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    scheme, separator, rest = url.partition("://")
    return bool(separator) and scheme.lower() in ("http", "https") and rest[:1] not in ("", "/")


def image_problems(url: str, alt: str, caption: str, decorative: bool) -> list[str]:
    """What an image's fields would lose or contradict: a caption with no image, alt text on a
    decorative image (the Markdown could not write them back)."""
    problems = []
    if caption.strip() and not url.strip():
        problems.append(
            _("une légende sans image : indiquez l’adresse de l’image ou videz la légende.")
        )
    if decorative and alt.strip():
        problems.append(
            _(
                "une image décorative n’a pas de texte alternatif : videz-le, ou décochez "
                "« Image décorative » si l’image apporte quelque chose au texte."
            )
        )
    return problems


def sanitize(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes (no script, no on*=)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _typographize_inline(tokens: Sequence[Token]) -> None:
    for token in tokens:
        if token.type == "inline" and token.children:
            _typographize_inline(token.children)
        elif token.type == "text":
            token.content = typographize(token.content)


@lru_cache(maxsize=4096)
def _blocks(text: str) -> tuple[Token, ...]:
    """Parsed Markdown blocks, typography applied once; shared read-only by HTML and text."""
    tokens = _markdown.parse(text)
    _typographize_inline(tokens)
    return tuple(tokens)


@lru_cache(maxsize=4096)
def _inline(text: str) -> tuple[Token, ...]:
    """Parsed inline Markdown (one line), typography applied once; read-only."""
    tokens = _markdown.parseInline(text)
    _typographize_inline(tokens)
    return tuple(tokens)


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """Markdown blocks to sanitized HTML, typography applied to the prose only."""
    return sanitize(_markdown.renderer.render(list(_blocks(text)), _markdown.options, {}))


@lru_cache(maxsize=4096)
def to_inline_html(text: str) -> str:
    """One line of Markdown (a heading, a caption) to sanitized inline HTML."""
    return sanitize(_markdown.renderer.render(list(_inline(text)), _markdown.options, {}))


def absolutize(html: str, site_url: str) -> str:
    """Make site-relative href/src absolute, for emails and feeds."""
    return _relative_url.sub(rf'\1="{site_url}/', html)


class Footnotes:
    """Links collected while writing plain text, printed at the end as [n] URL."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def number(self, url: str) -> int:
        """The footnote number of a URL (one number per distinct URL)."""
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1

    def render(self) -> str:
        """The footnotes block."""
        return "\n".join(f"[{n}] {url}" for n, url in enumerate(self.urls, 1))


_HIDDEN_OPEN = re.compile(r"<(script|style|template|textarea|iframe|noscript)\b", re.IGNORECASE)
_HIDDEN_CLOSE = re.compile(r"</(script|style|template|textarea|iframe|noscript)\s*>", re.IGNORECASE)


def _inline_text(children: Sequence[Token], notes: Footnotes | None, site_url: str) -> str:
    out: list[str] = []
    href = ""
    hidden = 0  # inside raw <script>/<style>…: that text never shows
    for token in children:
        if token.type == "html_inline":
            if _HIDDEN_OPEN.match(token.content):
                hidden += 1
            elif _HIDDEN_CLOSE.match(token.content):
                hidden = max(0, hidden - 1)
            continue  # other tags dropped; their text arrives as separate text tokens
        if hidden:
            continue
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
        elif token.type == "link_close" and href and notes is not None:
            url = site_url + href if href.startswith("/") else href
            if url.split(":", 1)[0].lower() in URL_SCHEMES:
                out.append(f" [{notes.number(url)}]")
            href = ""
        elif token.type == "image":
            out.append(token.content)
    return "".join(out)


def to_text(
    text: str, notes: Footnotes | None, site_url: str, width: int = 72, indent: str = ""
) -> str:
    """Markdown blocks to wrapped plain text; links become [n] footnotes (none without notes)."""
    paragraphs: list[str] = []
    prefix = indent
    for token in _blocks(text):
        if token.type == "blockquote_open":
            prefix += "  "
        elif token.type == "blockquote_close":
            prefix = prefix[:-2]
        elif token.type == "inline":
            line = _inline_text(token.children or [], notes, site_url)
            paragraphs.append(wrap(line, width, prefix))
        elif token.type in ("code_block", "fence"):
            code = token.content.rstrip("\n").split("\n")
            paragraphs.append("\n".join(prefix + "    " + line for line in code))
        elif token.type == "html_block":
            stripped = nh3.clean(token.content, tags=set()).strip()
            if stripped:
                paragraphs.append(wrap(stripped, width, prefix))
    return "\n\n".join(p for p in paragraphs if p.strip())


def wrap(line: str, width: int, prefix: str = "") -> str:
    """Wrap prose at `width` columns, greedily, never breaking a word, URL or no-break space."""
    lines: list[str] = []
    for part in line.split("\n"):
        current = ""
        for word in filter(None, part.split(" ")):  # not split(): no-break spaces hold
            if current and len(prefix) + len(current) + 1 + len(word) > width:
                lines.append(prefix + current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(prefix + current)
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def plain_inline(text: str) -> str:
    """One line of Markdown to plain typographized text (for subjects, titles, alt text)."""
    tokens = _inline(text)
    children = tokens[0].children or [] if tokens else []
    return re.sub(r"[ \t\n]+", " ", _inline_text(children, None, "")).strip()


def word_count(text: str) -> int:
    """Words in a Markdown text, for the reading time."""
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))
