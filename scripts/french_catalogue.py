"""Write numeriq's French catalogue (numeriq/locale/fr): hand-written part, then two generated.

1. Plurals: numeriq's msgids are French, but a message missing from the active catalogue falls
   back to the English rule (singular only for 1): « 0 articles lus ». Every plural message of
   the English catalogue goes into the French one with its French text as its translation,
   under French's rule (singular for 0 and 1).
2. Django's own French (core, admin, auth) where it writes a straight apostrophe
   (« Lien pour l'ajout », « site d'administration »): the same translation with the
   typographic one, as everything else numeriq shows (« l’ajout »). Entries of the
   hand-written part win. Django's French has three plural forms (one for millions), this
   catalogue French's usual two: the form for millions is left out.

The hand-written part above MARKER is kept. Django upgraded: run it again (`make messages`).

Usage: python scripts/french_catalogue.py [--check]   (--check: exit 1 when it is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import django

LOCALE = Path(__file__).resolve().parent.parent / "numeriq" / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
DJANGO = Path(django.__file__).resolve().parent
DJANGO_CATALOGUES = [
    DJANGO / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    *(
        DJANGO / "contrib" / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        for app in ("admin", "auth", "contenttypes")
    ),
]
MARKER = "# --- Below: written by scripts/french_catalogue.py; do not edit by hand. ---\n"
# One .po entry: optional flags, context, msgid, optional plural, its msgstr(s).
PO_ENTRY = re.compile(
    r"^(?P<flags>(?:#,[^\n]*\n)?)(?:msgctxt (?P<ctxt>(?:\"[^\n]*\"\n)+))?"
    r"msgid (?P<id>(?:\"[^\n]*\"\n)+)(?:msgid_plural (?P<plural>(?:\"[^\n]*\"\n)+))?"
    r"(?P<strs>(?:msgstr(?:\[\d\])? (?:\"[^\n]*\"\n)+)+)",
    re.MULTILINE,
)
STRAIGHT = re.compile(r"(?<=\w)'(?=[\w%])")


def plural_entries(english: str) -> str:
    """The English catalogue's plural messages, each translated by its own French."""
    blocks = []
    for found in PO_ENTRY.finditer(english):
        if not found["plural"] or found["ctxt"]:
            continue
        one, many = found["id"], found["plural"]
        blocks.append(
            f"{found['flags']}msgid {one}msgid_plural {many}msgstr[0] {one}msgstr[1] {many}"
        )
    return "\n".join(blocks)


def _key(found: re.Match[str]) -> tuple[str, str]:
    return (found["ctxt"] or "", found["id"])


def typographic_entries(catalogues: list[str], taken: set[tuple[str, str]]) -> str:
    """Django's French entries that write a straight apostrophe, with the typographic one."""
    blocks = []
    for text in catalogues:
        for found in PO_ENTRY.finditer(text):
            if found["id"] == '""\n' or _key(found) in taken:
                continue
            strs = STRAIGHT.sub("’", found["strs"])
            if strs == found["strs"]:
                continue
            forms = re.findall(r"msgstr\[\d\] ((?:\"[^\n]*\"\n)+)", strs)
            if len(forms) == 3:  # Django's French has a form for millions: ours has two
                strs = f"msgstr[0] {forms[0]}msgstr[1] {forms[2]}"
            taken.add(_key(found))
            ctxt = f"msgctxt {found['ctxt']}" if found["ctxt"] else ""
            plural = f"msgid_plural {found['plural']}" if found["plural"] else ""
            blocks.append(f"{found['flags']}{ctxt}msgid {found['id']}{plural}{strs}")
    return "\n".join(blocks)


def french_catalogue(english: str, french: str, django_french: list[str]) -> str:
    """The French catalogue: its hand-written part, the plural messages, Django's apostrophes."""
    hand = french.split(MARKER, 1)[0].rstrip("\n") + "\n\n"
    plurals = plural_entries(english)
    taken = {_key(found) for found in PO_ENTRY.finditer(hand + plurals)}
    return (
        hand
        + MARKER
        + "\n"
        + plurals
        + "\n\n# Django's French with typographic apostrophes.\n"
        + typographic_entries(django_french, taken)
    )


def main() -> int:
    """Rewrite the French catalogue (or, with --check, say whether it is up to date)."""
    wanted = french_catalogue(
        ENGLISH.read_text(encoding="utf-8"),
        FRENCH.read_text("utf-8"),
        [path.read_text(encoding="utf-8") for path in DJANGO_CATALOGUES],
    )
    if "--check" in sys.argv:
        if FRENCH.read_text(encoding="utf-8") != wanted:
            print(f"{FRENCH} is out of date: run `make messages`", file=sys.stderr)
            return 1
        return 0
    FRENCH.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
