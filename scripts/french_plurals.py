"""Give the French catalogue numeriq's own plural messages, so that « 0 article lu » is singular.

numeriq's msgids are French, but a message missing from the active catalogue falls back to
the English rule (singular only for 1): « 0 articles lus ». Every plural message of the
English catalogue goes into numeriq/locale/fr with its French text as its translation, under
French's rule (singular for 0 and 1). The hand-written part above MARKER is kept.

Usage: python scripts/french_plurals.py [--check]   (--check: exit 1 when it is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "numeriq" / "locale"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "django.po"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
MARKER = "# --- Below: written by scripts/french_plurals.py from the English catalogue. ---\n"
ENTRY = re.compile(
    r"^(?P<flags>(?:#,[^\n]*\n)?)msgid (?P<one>(?:\"[^\n]*\"\n)+)"
    r"msgid_plural (?P<many>(?:\"[^\n]*\"\n)+)",
    re.MULTILINE,
)


def plural_entries(english: str) -> str:
    """The English catalogue's plural messages, each translated by its own French."""
    blocks = []
    for found in ENTRY.finditer(english):
        one, many = found["one"], found["many"]
        blocks.append(
            f"{found['flags']}msgid {one}msgid_plural {many}msgstr[0] {one}msgstr[1] {many}"
        )
    return "\n".join(blocks)


def french_catalogue(english: str, french: str) -> str:
    """The French catalogue: its hand-written part, then the plural messages."""
    hand = french.split(MARKER, 1)[0].rstrip("\n") + "\n\n"
    return hand + MARKER + "\n" + plural_entries(english)


def main() -> int:
    """Rewrite the French catalogue (or, with --check, say whether it is up to date)."""
    wanted = french_catalogue(ENGLISH.read_text(encoding="utf-8"), FRENCH.read_text("utf-8"))
    if "--check" in sys.argv:
        if FRENCH.read_text(encoding="utf-8") != wanted:
            print(f"{FRENCH} is out of date: run `make messages`", file=sys.stderr)
            return 1
        return 0
    FRENCH.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
