"""The composer's form: an edition posted as fields, read back into values (and rows to show).

Each item block posts `item=<uid>` then `<uid>-kind`, `<uid>-heading`, … ; the order of the
`item` values is the order of the items, so moving a block in the page reorders the edition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from django.utils.translation import gettext as _

from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.header_text import header_errors
from numeriq.editions.markup import image_problems, is_safe_image_url

FIELDS = (
    "kind",
    "heading",
    "image_url",
    "image_alt",
    "image_caption",
    "image_decorative",
    "quote",
    "body",
    "reveal",
    "quip",
)
LIMITS = {
    "headline": 200,
    "subject": 250,
    "preheader": 250,
    "heading": 200,
    "image_alt": 300,
    "image_caption": 300,
}
NEW_ITEMS = {
    "add-titled": Item(kind=ItemKind.TITLED, heading="", body=""),
    "add-breve": Item(kind=ItemKind.BREVE, body=""),
    "add-quote": Item(kind=ItemKind.QUOTE, heading="Qui a dit ça ?", quote="", body=""),
}
_GUILLEMETS = ' \t\n\u00a0\u202f«»"“”'
# The end of the reveal's sentence: not after a lone initial (« C'est J. Martin »).
_SENTENCE_END = re.compile(r"(?<!\b\w)[.!?…]+(?=\s|$)")


def quote_text(quote: str) -> str:
    """The quote as the editor types it: without the guillemets numeriq adds."""
    return quote.strip(_GUILLEMETS)


def with_guillemets(text: str) -> str:
    """The quote as stored and rendered: « text » ('' when there is no text)."""
    bare = quote_text(text)
    return f"« {bare} »" if bare else ""


def split_reveal(body: str) -> tuple[str, str]:
    """A quiz's body as (« C'est …, … » sentence, quip after it)."""
    body = body.strip()
    if not body.replace("’", "'").casefold().startswith("c'est"):
        return "", body
    end = _SENTENCE_END.search(body)
    if end is None:
        return body, ""
    return body[: end.end()].strip(), body[end.end() :].strip()


class PostData(Protocol):
    """What a QueryDict offers: get() and getlist()."""

    def get(self, key: str, default: str = "") -> str:
        """One value."""

    def getlist(self, key: str) -> list[str]:
        """Every value, in order."""


@dataclass
class ParsedForm:
    """The posted edition, the version it was opened at, and what is wrong with it."""

    doc: EditionDoc
    version: int
    errors: list[str] = field(default_factory=list)
    focus: int | None = None  # the item to focus after an operation


def parse(day: dt.date, data: PostData) -> ParsedForm:
    """Read the posted fields; errors name the item and the field."""
    errors: list[str] = []
    try:
        version = int(data.get("version", ""))
    except ValueError:
        version = -1
        errors.append(_("Le formulaire n’indique pas sa version : rechargez la page."))
    items: list[Item] = []
    for number, uid in enumerate(data.getlist("item"), start=1):
        values = {name: data.get(f"{uid}-{name}", "") for name in FIELDS}
        try:
            kind = ItemKind(values["kind"])
        except ValueError:
            errors.append(_("Élément %(n)d : type inconnu.") % {"n": number})
            continue
        url = values["image_url"].strip()
        if url and not is_safe_image_url(url):
            errors.append(
                _(
                    "Élément %(n)d : l’adresse de l’image doit commencer par https:// "
                    "ou par un seul / (une adresse du site, sans barre oblique inverse)."
                )
                % {"n": number}
            )
        for name in ("heading", "image_alt", "image_caption"):
            if len(values[name]) > LIMITS[name]:
                errors.append(_too_long(name, LIMITS[name], number))
        decorative = bool(values["image_decorative"])
        for problem in image_problems(
            url, values["image_alt"], values["image_caption"], decorative
        ):
            errors.append(_("Élément %(n)d : ") % {"n": number} + problem)
        body = values["body"]
        if kind == ItemKind.QUOTE and not body:  # the quiz block: reveal and quip
            body = " ".join(part.strip() for part in (values["reveal"], values["quip"]) if part)
        items.append(
            Item(
                kind=kind,
                heading=values["heading"] if kind != ItemKind.BREVE else "",
                body=body,
                image_url=url,
                image_alt=values["image_alt"],
                image_caption=values["image_caption"],
                image_decorative=decorative,
                quote=with_guillemets(values["quote"]) if kind == ItemKind.QUOTE else "",
            )
        )
    head = {name: data.get(name, "") for name in ("headline", "subject", "preheader")}
    for name, text in head.items():
        if len(text) > LIMITS[name]:
            errors.append(_too_long(name, LIMITS[name], None))
    doc = EditionDoc(
        date=day,
        editorial=data.get("editorial", ""),
        items=tuple(items),
        headline=head["headline"],
        subject=head["subject"],
        preheader=head["preheader"],
    )
    errors += header_errors(doc)
    return ParsedForm(doc=doc, version=version, errors=errors)


def _too_long(name: str, limit: int, number: int | None) -> str:
    labels = {
        "headline": _("Titre"),
        "subject": _("Objet de l’email"),
        "preheader": _("Texte d’aperçu"),
        "heading": _("Intertitre"),
        "image_alt": _("Texte alternatif de l’image"),
        "image_caption": _("Légende de l’image"),
    }
    where = str(_("Élément %(n)d : ") % {"n": number}) if number else ""
    return where + str(_("%(field)s : %(limit)d caractères au plus.")) % {
        "field": labels[name],
        "limit": limit,
    }


def place(items: Sequence[Item], new: Item) -> tuple[tuple[Item, ...], int]:
    """The items with `new` where it belongs, and its index (titled, brève or mid quiz)."""
    # A titled item after the last titled one (before the brèves when it is the first), a
    # brève after the last brève, the quiz in the middle, as the house style places them.
    kinds = [item.kind for item in items]
    if new.kind == ItemKind.BREVE and ItemKind.BREVE in kinds:
        index = len(kinds) - kinds[::-1].index(ItemKind.BREVE)
    elif new.kind == ItemKind.TITLED and ItemKind.TITLED in kinds:
        index = len(kinds) - kinds[::-1].index(ItemKind.TITLED)
    elif new.kind == ItemKind.TITLED and ItemKind.BREVE in kinds:
        index = kinds.index(ItemKind.BREVE)
    elif new.kind == ItemKind.QUOTE:
        index = len(kinds) // 2
    else:
        index = len(kinds)
    return (*items[:index], new, *items[index:]), index


def apply_operation(form: ParsedForm, operation: str, uids: Sequence[str]) -> ParsedForm:
    """Apply one button of the form (add, remove, move up/down) to the posted items."""
    items = list(form.doc.items)
    verb, _sep, uid = operation.partition(":")
    index = list(uids).index(uid) if uid in uids else -1
    focus: int | None = None
    if operation in NEW_ITEMS:
        placed, focus = place(items, NEW_ITEMS[operation])
        items = list(placed)
    elif verb == "remove" and 0 <= index < len(items):
        del items[index]
        focus = min(index, len(items) - 1) if items else None
    elif verb == "up" and 0 < index < len(items):
        items[index - 1], items[index] = items[index], items[index - 1]
        focus = index - 1
    elif verb == "down" and 0 <= index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
        focus = index + 1
    form.doc = replace(form.doc, items=tuple(items))
    form.focus = focus
    return form
