"""The edition's Markdown source format (HOUSE-STYLE.md): parse to values, write back (pure).

---                      front matter (YAML): date, headline, subject, preheader
Editorial paragraphs.    everything before the first item
## Heading               a titled item (optional image line, then the body)
![Alt text](url "Caption")  an item's image: alt text (what it shows), optional caption;
![""](url)               a decorative image (alt="", said explicitly; ![](url) is refused)
***                      a brève (no heading)
> « quote »              a body opening with a blockquote is a quote quiz; the reveal follows
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext_lazy as _

from numeriq.editions.document import (
    FIRST_DAY,
    LAST_DAY,
    EditionDoc,
    ImageFields,
    Item,
    ItemKind,
    plausible_day,
)
from numeriq.editions.errors import EditionFormatError, FormatMessage, format_message
from numeriq.editions.header_text import field_error

FRONT_MATTER_FIELDS = ("date", "headline", "subject", "preheader")

_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\* *){3,}|(?:_ *){3,}|(?:- *){3,})$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_IMAGE_LINE = re.compile(
    r"^!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]\((?P<url>[^()\s]+)"
    r'(?:[ \t]+"(?P<caption>(?:[^"\\\n]|\\.)*)")?[ \t]*\)\s*$'
)
# A line that is one image, however misspelt (a body may still open with an inline image).
_IMAGE_START = re.compile(r"^!\[(?:[^\]\\\n]|\\.)*\]\(.*\)$")
# CommonMark: a backslash before ASCII punctuation is that character.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
DECORATIVE_ALT = '""'
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCKQUOTE = re.compile(r"^ {0,3}> ?(.*)$")


@dataclass
class _Block:
    kind: ItemKind
    start: int  # 1-based line of the '## ' or '***'
    heading: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)


def parse_edition(text: str) -> EditionDoc:
    """Parse an edition's Markdown source; raise EditionFormatError naming the line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    day, meta, body_start = _parse_front_matter(lines)
    editorial_lines, blocks = _split_blocks(lines, body_start)
    for block in blocks:
        if error := field_error("heading", block.heading):
            raise EditionFormatError(block.start, error)
    items = tuple(_build_item(block) for block in blocks)
    if not items:
        raise EditionFormatError(
            len(lines),
            format_message(
                _("l’édition n’a aucun élément : commencez-en un par « ## Titre » ou « *** »")
            ),
        )
    return EditionDoc(
        date=day,
        editorial=_join(editorial_lines),
        items=items,
        headline=meta.get("headline", ""),
        subject=meta.get("subject", ""),
        preheader=meta.get("preheader", ""),
    )


def _parse_front_matter(lines: list[str]) -> tuple[dt.date, dict[str, str], int]:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise EditionFormatError(1, format_message(_("le fichier est vide")))
    if lines[first].strip() != "---":
        raise EditionFormatError(
            first + 1,
            format_message(_("le fichier doit commencer par un bloc d’en-tête ouvert par « --- »")),
        )
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise EditionFormatError(
            first + 1,
            format_message(_("le bloc d’en-tête ouvert ici n’est jamais fermé par « --- »")),
        )
    try:
        # BaseLoader keeps every value as written: no "Non" → False, no 2026 → int.
        raw = yaml.load("\n".join(lines[first + 1 : end]), Loader=yaml.BaseLoader) or {}  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + 2 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise EditionFormatError(
            line, format_message(_("en-tête illisible : %(problem)s"), problem=problem)
        ) from None
    if not isinstance(raw, dict):
        raise EditionFormatError(
            first + 2, format_message(_("l’en-tête se compose de lignes « champ: valeur »"))
        )

    def line_of(key: str) -> int:
        for i in range(first + 1, end):
            if lines[i].lstrip().startswith(f"{key}:"):
                return i + 1
        return first + 1

    meta: dict[str, str] = {}
    day: dt.date | None = None
    for key, value in raw.items():
        if key not in FRONT_MATTER_FIELDS:
            known = ", ".join(FRONT_MATTER_FIELDS)
            raise EditionFormatError(
                line_of(str(key)),
                format_message(
                    _("champ inconnu « %(key)s » (champs possibles : %(known)s)"),
                    key=key,
                    known=known,
                ),
            )
        if key == "date":
            day = _parse_date(value, line_of("date"))
        elif isinstance(value, str):
            meta[key] = " ".join(value.split())
            if error := field_error(key, meta[key]):  # a NUL or an escape survives the split
                raise EditionFormatError(line_of(key), error)
        else:
            raise EditionFormatError(
                line_of(key), format_message(_("« %(key)s » doit être du texte"), key=key)
            )
    if day is None:
        raise EditionFormatError(
            first + 1, format_message(_("l’en-tête doit donner la date : « date: AAAA-MM-JJ »"))
        )
    return day, meta, end + 1


def _parse_date(value: object, line: int) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise EditionFormatError(
                line,
                format_message(_("« %(value)s » n’est pas une date (AAAA-MM-JJ)"), value=value),
            ) from None
    if not plausible_day(day):
        raise EditionFormatError(
            line,
            format_message(
                _("la date doit être comprise entre %(first)s et %(last)s"),
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
            ),
        )
    return day


def _split_blocks(lines: list[str], start: int) -> tuple[list[str], list[_Block]]:
    editorial: list[str] = []
    blocks: list[_Block] = []
    fence: str | None = None
    fence_line = 0
    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        target = blocks[-1].lines if blocks else None
        if fence is None and (opening := _FENCE.match(line)):
            fence, fence_line = opening.group(1)[0] * 3, number
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            heading = _HEADING.match(line)
            if heading and len(heading.group(1)) == 2:
                title = (heading.group(2) or "").strip()
                if not title:
                    raise EditionFormatError(
                        number, format_message(_("un titre d’élément « ## » doit avoir un texte"))
                    )
                blocks.append(_Block(ItemKind.TITLED, number, heading=title))
                continue
            if heading:
                raise EditionFormatError(
                    number,
                    format_message(
                        _(
                            "les titres « %(marks)s » n’ont pas leur place dans une édition : "
                            "« ## » ouvre un élément (le titre de l’édition vient de « headline »)"
                        ),
                        marks=heading.group(1),
                    ),
                )
            previous_blank = index == start or not lines[index - 1].strip()
            if _THEMATIC_BREAK.match(line) and (previous_blank or line.strip()[0] != "-"):
                blocks.append(_Block(ItemKind.BREVE, number))
                continue
        if target is None:
            editorial.append(line)
        else:
            target.append((number, line))
    if fence is not None:
        raise EditionFormatError(
            fence_line, format_message(_("ce bloc de code n’est jamais fermé"))
        )
    return editorial, blocks


def _build_item(block: _Block) -> Item:
    content = list(block.lines)
    while content and not content[0][1].strip():
        content.pop(0)
    what = (
        format_message(_("l’élément « %(heading)s »"), heading=block.heading)
        if block.heading
        else format_message(_("la brève"))
    )
    image: ImageFields = {}
    if content and _IMAGE_START.match(content[0][1].strip()):
        image = _parse_image(content[0][0], content[0][1].strip(), what)
        content.pop(0)
        while content and not content[0][1].strip():
            content.pop(0)
    if not content:
        raise EditionFormatError(
            block.start, format_message(_("%(what)s n’a pas de texte"), what=what)
        )

    if _BLOCKQUOTE.match(content[0][1]):
        quote_lines: list[str] = []
        while content and content[0][1].strip() and (quoted := _BLOCKQUOTE.match(content[0][1])):
            quote_lines.append(quoted.group(1))
            content.pop(0)
        quote = _join(quote_lines)
        if not quote:
            raise EditionFormatError(
                block.start, format_message(_("la citation de %(what)s est vide"), what=what)
            )
        reveal = _join([line for _, line in content])
        if not reveal:
            raise EditionFormatError(
                block.start,
                format_message(_("un élément citation doit donner sa réponse après la citation")),
            )
        return Item(
            kind=ItemKind.QUOTE,
            heading=block.heading,
            body=reveal,
            quote=quote,
            **image,
        )

    return Item(
        kind=block.kind,
        heading=block.heading,
        body=_join([line for _, line in content]),
        **image,
    )


def _parse_image(number: int, line: str, what: FormatMessage) -> ImageFields:
    """An item's image line: ![Alt text](url "Caption"), ![""](url) for a decorative one."""
    image = _IMAGE_LINE.match(line)
    if image is None:
        raise EditionFormatError(
            number,
            format_message(
                _(
                    "la ligne d’image de %(what)s s’écrit ![Texte alternatif](url) ou "
                    '![Texte alternatif](url "Légende") (la légende entre guillemets droits, '
                    '\\" pour un guillemet dans la légende)'
                ),
                what=what,
            ),
        )
    raw_alt = image.group("alt").strip()
    decorative = raw_alt == DECORATIVE_ALT
    alt = _ESCAPED.sub(r"\1", raw_alt)
    if not alt:
        raise EditionFormatError(
            number,
            format_message(
                _(
                    "l’image de %(what)s doit avoir un texte alternatif qui dit ce qu’elle "
                    "montre : ![Texte alternatif](url) (ou ![%(decorative)s](url) pour une image "
                    "décorative)"
                ),
                what=what,
                decorative=DECORATIVE_ALT,
            ),
        )
    caption = _ESCAPED.sub(r"\1", image.group("caption") or "")
    return {
        "image_url": image.group("url"),
        "image_alt": "" if decorative else alt,
        "image_caption": " ".join(caption.split()),
        "image_decorative": decorative,
    }


def _join(lines: list[str]) -> str:
    """Join lines into normalised Markdown: no trailing spaces, single blank lines, stripped."""
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n").strip()


def format_edition(doc: EditionDoc) -> str:
    """Write an edition back to its Markdown source (the inverse of parse_edition)."""
    out = ["---", f"date: {doc.date.isoformat()}"]
    for key in ("headline", "subject", "preheader"):
        value = getattr(doc, key)
        if value:
            out.append(_yaml_line(key, value))
    out.append("---")
    out.append("")
    if doc.editorial:
        out.extend([doc.editorial, ""])
    for item in doc.items:
        if not item.heading:
            out.append("***")
        else:
            out.append(f"## {item.heading}")
        if item.image_url:
            out.append(_image_line(item))
        if item.kind == ItemKind.QUOTE:
            out.extend(f"> {line}".rstrip() for line in item.quote.split("\n"))
            out.append("")
        out.extend([item.body, ""])
    return "\n".join(out)


def _image_line(item: Item) -> str:
    # A \ or ] in the alt text and a \ or " in the caption are backslash-escaped (CommonMark).
    alt = re.sub(r"([\\\]])", r"\\\1", item.image_alt)
    if item.image_decorative or alt == DECORATIVE_ALT:  # an alt text "" is not the mark
        alt = DECORATIVE_ALT if item.image_decorative else '\\"\\"'
    if not item.image_caption:
        return f"![{alt}]({item.image_url})"
    caption = item.image_caption.replace("\\", "\\\\").replace('"', '\\"')
    return f'![{alt}]({item.image_url} "{caption}")'


def _yaml_line(key: str, value: str) -> str:
    def dump(style: str | None) -> str:
        return yaml.safe_dump(
            {key: value}, allow_unicode=True, width=10_000, sort_keys=False, default_style=style
        ).strip()

    plain = dump(None)
    # Values that need quoting get double quotes, as people write them by hand.
    return plain if plain[len(key) + 2 :][:1] != "'" else f"{key}: " + dump('"').split(": ", 1)[1]
