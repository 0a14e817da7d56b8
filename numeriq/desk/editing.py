"""Saving an edition from the desk: house typography on save, and the version check.

Every form of the desk carries the version it was opened at; a save whose version is no
longer the edition's is refused (EditConflictError) instead of overwriting someone else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from numeriq.desk.errors import EditConflictError, NotEditableError
from numeriq.desk.models import EditionSave
from numeriq.editions.document import EditionDoc
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import save_doc
from numeriq.text.typography import typographize

EDITABLE = (EditionStatus.DRAFT, EditionStatus.SCHEDULED)


# Parts of Markdown that typography must not touch: code, URLs, link targets, HTML tags,
# and block markers at the start of a line (lists, quotes, headings, breaks).
_PROTECTED = re.compile(
    r"`+[^`]*`+"  # inline code
    r"|\]\([^)]*\)"  # link or image destination (and title)
    r"|<[^>\n]*>"  # autolinks and raw HTML tags
    r"|\bhttps?://[^\s<>()]+"  # bare URLs
    r"|^[ \t]*(?:[-*+>]|\d+[.)]|#{1,6}|\*{3,}|-{3,}|_{3,})(?=[ \t]|$)",  # block markers
    re.MULTILINE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


def typographize_markdown(text: str) -> str:
    """French typography on the prose of a Markdown text, its markup and URLs untouched."""
    if not text:
        return text
    text = text.replace("\r\n", "\n")
    if _FENCE.search(text):
        return text  # code blocks are rare in an edition; leave such a text as typed
    out: list[str] = []
    last = 0
    after_markup = False
    for match in _PROTECTED.finditer(text):
        out.append(_prose(text[last : match.start()], after_markup))
        out.append(match.group())
        last = match.end()
        after_markup = not match.group().endswith("\n")
    out.append(_prose(text[last:], after_markup))
    return "".join(out)


def _prose(text: str, after_markup: bool) -> str:
    # After a link or code span, « ) ! » still needs its space: give the rules a word to lean on.
    return typographize("x" + text)[1:] if after_markup and text else typographize(text)


def typographize_doc(doc: EditionDoc) -> EditionDoc:
    """The edition with house typography applied to every text the editor writes."""
    items = tuple(
        replace(
            item,
            heading=typographize_markdown(item.heading.strip()),
            body=typographize_markdown(item.body.strip()),
            image_url=item.image_url.strip(),
            image_alt=typographize_markdown(item.image_alt.strip()),
            image_caption=typographize_markdown(item.image_caption.strip()),
            quote=typographize_markdown(item.quote.strip()),
        )
        for item in doc.items
    )
    return EditionDoc(
        date=doc.date,
        editorial=typographize_markdown(doc.editorial.strip()),
        items=items,
        headline=typographize_markdown(doc.headline.strip()),
        subject=typographize(doc.subject.strip()),
        preheader=typographize(doc.preheader.strip()),
    )


def last_save(edition: Edition) -> tuple[str, dt.datetime | None]:
    """Who saved the edition last from the desk, and when ('' when unknown)."""
    record = EditionSave.objects.select_related("saved_by").filter(edition=edition).first()
    if record is None:
        return "", edition.updated_at
    user = record.saved_by
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return name, record.saved_at


@transaction.atomic
def save_edition(
    edition: Edition, expected_version: int, doc: EditionDoc, user: AbstractBaseUser | None
) -> Edition:
    """Save the doc over the edition if it is still at `expected_version`; typography applied."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status not in EDITABLE:
        raise NotEditableError(locked)
    if locked.version != expected_version:
        by, at = last_save(locked)
        raise EditConflictError(locked, expected_version, by, at)
    saved = save_doc(typographize_doc(doc), replace=True)
    now = timezone.now()
    EditionSave.objects.update_or_create(
        edition=saved, defaults={"saved_by": user if user and user.pk else None, "saved_at": now}
    )
    return saved


def edition_of_day(day: dt.date) -> Edition:
    """The edition of a day, created empty (a draft) when there is none yet."""
    edition = Edition.objects.filter(date=day).first()
    if edition is not None:
        return edition
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(date=day).first()
        if edition is None:
            edition = save_doc(EditionDoc(date=day))
    return edition
