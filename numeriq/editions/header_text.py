"""One rule for the texts that end up in email headers: one line, no control character (pure).

The headline, the subject, the preheader and the items' headings (the first heading is the
subject's default) reach the Subject header and the inbox preview. A line break there would
forge headers or make the encoder raise inside the sender; a NUL would reach the header raw.
Every path that saves an edition (desk, Markdown import, CLI, back office, newsroom) calls
`header_errors` or `validate`.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from numeriq.editions.document import EditionDoc
from numeriq.editions.errors import HeaderTextError

HEADER_FIELDS = ("headline", "subject", "preheader")
# Cc: C0 and C1 controls (NUL, CR, LF, tab, ESC, NEL…); Zl/Zp: U+2028 and U+2029 line breaks.
_FORBIDDEN_CATEGORIES = ("Cc", "Zl", "Zp")


def control_character(text: str) -> str | None:
    """The first control character of `text` (CR, LF, NUL, tab, U+2028…), or None."""
    for char in text:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES:
            return char
    return None


def one_line(text: str) -> str:
    """The text with every control character made a space and whitespace collapsed."""
    spaced = "".join(
        " " if unicodedata.category(char) in _FORBIDDEN_CATEGORIES else char for char in text
    )
    return " ".join(spaced.split())


def describe(char: str) -> str:
    """A control character as an editor can read it: 'U+000A (saut de ligne)'."""
    names = {
        "\n": _("saut de ligne"),
        "\r": _("retour chariot"),
        "\t": _("tabulation"),
        "\x00": _("caractère nul"),
    }
    code = f"U+{ord(char):04X}"
    return f"{code} ({names[char]})" if char in names else code


def field_label(name: str) -> str:
    """The French label of a header field, as the desk shows it."""
    labels = {
        "headline": _("Titre"),
        "subject": _("Objet de l’email"),
        "preheader": _("Texte d’aperçu"),
        "heading": _("Intertitre"),
    }
    return str(labels[name])


def field_error(name: str, value: str, number: int | None = None) -> str | None:
    """The error for one field's value (None when fine); `number` names the item."""
    char = control_character(value)
    if char is None:
        return None
    where = str(_("Élément %(n)d : ") % {"n": number}) if number else ""
    return where + str(
        _(
            "%(field)s : caractère interdit %(char)s ; ce texte tient sur une seule ligne, "
            "sans caractère de contrôle."
        )
        % {"field": field_label(name), "char": describe(char)}
    )


def header_errors(doc: EditionDoc) -> list[str]:
    """Every header text of the edition that holds a control character, as French errors."""
    errors = [field_error(name, getattr(doc, name)) for name in HEADER_FIELDS]
    errors += [
        field_error("heading", item.heading, number)
        for number, item in enumerate(doc.items, start=1)
    ]
    return [error for error in errors if error]


def validate(doc: EditionDoc) -> None:
    """Raise HeaderTextError when a header text of the edition holds a control character."""
    errors = header_errors(doc)
    if errors:
        raise HeaderTextError(errors)
