"""Quote candidates for « Qui a dit ça ? »: the words, the speaker and their role (pure).

A quote is text in « » or “ ” / "…" of at least five words. The speaker and role are taken
only when the article says them next to the quote, in the usual French constructions:
« … », explique Claire Fontenay, directrice marketing de Cabasso.
Selon Claire Fontenay, directrice marketing de Cabasso, « … ».
Claire Fontenay, directrice marketing de Cabasso, le dit : « … ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from numeriq.newsroom.text import word_count

_QUOTE = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"\n]+?)\"")
_NAME_WORD = r"(?:[A-ZÀ-ÝŒ][a-zà-ÿœ]+(?:-[A-ZÀ-ÝŒ]?[a-zà-ÿœ]+)?|[A-Z]\.)"
_PARTICLE = r"(?:de |du |d'|d’|van |von |le |la |des |di |da |ben |el |al-)"
NAME = rf"{_NAME_WORD}(?: {_PARTICLE}?{_NAME_WORD}){{1,2}}"
_ROLE = r"(?P<role>(?:l['’]|le |la |les |un |une |)?(?:[A-Z]{2,6}\b|[a-zà-ÿœ])[^,.;:!?«»()]{1,90})"
VERBS = (
    "explique|expliquait|déclare|déclarait|affirme|affirmait|assure|assurait|souligne|"
    "soulignait|estime|estimait|indique|indiquait|précise|précisait|confie|confiait|résume|"
    "résumait|ajoute|ajoutait|lance|lançait|observe|reconnaît|note|martèle|prévient|détaille|"
    "poursuit|insiste|raconte|tranche|commente|rappelle|sourit|avance|juge|regrette|conclut|"
    "s'amuse|s’amuse|s'enthousiasme|s’enthousiasme|se félicite|promet|annonce|dit|a déclaré|"
    "a expliqué|a affirmé|a assuré|a souligné|a estimé|a indiqué|a précisé|a confié|a ajouté|"
    "a reconnu|a prévenu|a résumé|a lancé|a annoncé|a dit|a promis"
)
# « … », explique Claire Fontenay, directrice marketing de Cabasso.
_AFTER = re.compile(
    rf"^\s*[,.]?\s*(?:{VERBS})(?:-t-il|-t-elle)?\s+(?P<name>{NAME})(?:,\s*{_ROLE})?"
)
# « … » : la directrice marketing de Cabasso, Claire Fontenay, …  (rare; role first)
_ROLE_FIRST = re.compile(
    rf"(?:{VERBS})\s+(?P<role>l[ea] [a-zà-ÿœ][^,]{{2,80}}),\s*(?P<name>{NAME})"
)
# Selon Claire Fontenay, directrice marketing de Cabasso, « … »  /  Pour X, role : « … »
_BEFORE_SELON = re.compile(
    rf"(?:[Ss]elon|[Pp]our|[Dd]'après|[Dd]’après)\s+(?P<name>{NAME})(?:,\s*{_ROLE})?[,:]?\s*$"
)
# Claire Fontenay, directrice marketing de Cabasso, le dit : « … »  /  X résume : « … »
_BEFORE_COLON = re.compile(rf"(?P<name>{NAME})(?:,\s*{_ROLE},)?[^«»:]{{0,60}}:\s*$")


@dataclass(frozen=True)
class QuoteCandidate:
    """A quote, who said it and their role when the article says so, and where it is."""

    text: str
    speaker: str = ""
    role: str = ""
    url: str = ""

    @property
    def reveal(self) -> str:
        """« C'est Name, role. » for the quiz, or '' without a speaker."""
        if not self.speaker:
            return ""
        return f"C'est {self.speaker}, {self.role}." if self.role else f"C'est {self.speaker}."

    @property
    def score(self) -> float:
        """Quiz-worthiness: a named speaker with a role, a quote of 8 to 30 words."""
        words = word_count(self.text)
        return (
            (2.0 if self.speaker else 0.0)
            + (1.0 if self.role else 0.0)
            + (1.0 if 8 <= words <= 30 else 0.0)
        )


def _clean_role(role: str) -> str:
    role = role.strip().rstrip(" ,.;:")
    # A role ends where the sentence turns: « … de Cabasso, qui … » or « … depuis 2019 ».
    role = re.split(r"\s+(?:qui|lors|dans un|dans une|au cours|devant|depuis|en marge)\s", role)[0]
    return role if 1 <= word_count(role) <= 14 else ""


def find_quotes(text: str, url: str = "", min_words: int = 5) -> list[QuoteCandidate]:
    """Every quote of at least min_words words, with speaker and role when stated."""
    found: list[QuoteCandidate] = []
    seen: set[str] = set()
    for match in _QUOTE.finditer(text):
        quoted = " ".join((match.group("a") or match.group("b") or match.group("c")).split())
        if word_count(quoted) < min_words or quoted in seen:
            continue
        seen.add(quoted)
        speaker, role = _speaker(text, match.start(), match.end())
        found.append(QuoteCandidate(text=quoted, speaker=speaker, role=role, url=url))
    return found


def _speaker(text: str, start: int, end: int) -> tuple[str, str]:
    after = text[end : end + 200]
    m = _AFTER.match(after)
    if m:
        return m.group("name"), _clean_role(m.group("role") or "")
    m = _ROLE_FIRST.match(after.lstrip(" ,"))
    if m:
        return m.group("name"), _clean_role(m.group("role"))
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    before = text[max(line_start, start - 250) : start]
    for pattern in (_BEFORE_SELON, _BEFORE_COLON):
        m = pattern.search(before)
        if m:
            return m.group("name"), _clean_role(m.groupdict().get("role") or "")
    return "", ""


def best_quote(candidates: list[QuoteCandidate]) -> QuoteCandidate | None:
    """The most quiz-worthy candidate (first one on a tie), or None."""
    if not candidates:
        return None
    return max(candidates, key=lambda q: q.score)
