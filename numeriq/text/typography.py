"""French typography for text fragments (pure): spaces, apostrophes, quotes, numbers."""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before : and inside « », before units
NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and between digit groups

# Inside a word (l'an, Numériq'1) and the elision at its end (heures sup', ciné').
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=\w\w)'(?=[\s.,;:!?)»…]|$)")
_STRAIGHT_QUOTES = re.compile(r'(?<![\w"])"(?=\S)([^"\n]*?)(?<=\S)"(?![\w"])')
_SPACE_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_BEFORE_TALL = re.compile(r"(?<=[\w»)\]…%\"'’])[ \u00a0\u202f]*([;!?]+)(?=\s|$|[)»\].,…])")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_GUILLEMET = re.compile(r"(?<=\S)[ \u00a0\u202f]*»")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d])")
_NUMBER_UNIT = re.compile(
    r"(?<=\d) (%|€|\$|£|m²|km²|m2|ha|euros?|dollars?|millions?|milliards?|mds|Md€|M€|k€|Go|Mo|To|"
    r"km|kg|ans?|jours?|heures?|minutes?|secondes?|mois|semaines?|fois|clients?|"
    r"salariés?|magasins?|pays|points?)(?!\w)"
)
# A number and the word it counts stay together (400 emplois), years apart (en 2027 pour).
_NUMBER_WORD = re.compile(
    r"(?<![\d.,:])(?!(?:1[89]|20)\d\d )(\d+) "
    r"(?!(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre)\b)(?=[a-zà-öø-ÿœ]{3,})"
)
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


_DIGIT = re.compile(r"\d")


def typographize(text: str) -> str:
    """Apply French typography to a fragment of prose (no markup, no URLs)."""
    if not text:
        return text
    # Each rule runs only when its trigger character is there: most fragments need few.
    if "..." in text:
        text = _ELLIPSIS.sub("…", text)
    if "'" in text:
        text = _APOSTROPHE.sub("’", text)
    if '"' in text:
        text = _STRAIGHT_QUOTES.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)
    if "«" in text:
        text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    if ":" in text:
        text = _SPACE_BEFORE_COLON.sub(NBSP + ":", text)
    if ";" in text or "!" in text or "?" in text:
        text = _BEFORE_TALL.sub(lambda m: NNBSP + m.group(1), text)
    if _DIGIT.search(text):
        text = _DIGIT_GROUPS.sub(lambda m: m.group(1) + m.group(2).replace(" ", NNBSP), text)
        text = _NUMBER_UNIT.sub(lambda m: NBSP + m.group(1), text)
        text = _NUMBER_WORD.sub(lambda m: m.group(1) + NBSP, text)
    return text
