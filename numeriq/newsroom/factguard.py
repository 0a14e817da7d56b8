"""The fact guard: every number, proper name and quote of a draft must be in its sources (pure).

What is not found is returned as flags, sentences the editor reads in the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from numeriq.newsroom.text import (
    STOPWORDS,
    capitalised_words,
    fold,
    numbers,
    tokens,
)

_QUOTED = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+?)”|\"([^\"\n]+?)\"")
# Words that open sentences with a capital without being names.
_OPENER_WORDS = (
    "selon", "après", "avec", "depuis", "pendant", "alors", "ainsi", "enfin", "pourtant",
    "cependant", "désormais", "aujourd", "hier", "demain", "cette", "ces", "mais", "reste",
    "résultat", "bref", "autrement", "objectif", "ambition", "mieux", "pire", "surtout",
    "rien", "face", "pour", "dans", "sur", "en", "au", "aux", "chez", "entre", "grâce",
    "malgré", "outre", "parmi", "quant", "tous", "toutes", "chaque", "plusieurs", "certains",
    "certaines", "nouveau", "nouvelle", "premier", "première", "dernier", "dernière", "autre",
    "même", "seul", "seule", "voilà", "voici", "ici", "là", "oui", "non", "côté", "question",
    "bilan", "verdict", "conséquence", "problème", "solution", "idée", "but", "enjeu", "cible",
    "pari", "raison", "fin", "début", "jusqu", "dès", "lors", "sauf", "hors", "vers",
    "contrairement", "comme", "si", "quand", "lorsque", "puisque", "tandis", "bientôt", "déjà",
    "encore", "toujours", "jamais", "également", "aussi", "donc", "puis", "ensuite",
    "finalement", "notamment", "autant", "plus", "moins", "près", "environ", "quelque",
    "quelques", "beaucoup", "peu", "trop", "très", "tout", "toute", "une", "un", "le", "la",
    "les", "des", "du", "de", "d", "l", "c", "qu", "s", "n", "j", "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche", "cap", "coup", "fini", "finie", "place",
    "retour", "signe", "tendance",
)  # fmt: skip
_COMMON_OPENERS = frozenset(fold(word) for word in _OPENER_WORDS)


@dataclass(frozen=True)
class Sources:
    """The story's texts, prepared once for every check."""

    numbers: frozenset[str]
    words: frozenset[str]
    flat: str

    @classmethod
    def of(cls, texts: Iterable[str]) -> Sources:
        """Index the texts (titles, summaries, article bodies)."""
        all_numbers: set[str] = set()
        words: set[str] = set()
        flats: list[str] = []
        for text in texts:
            all_numbers.update(numbers(text))
            found = tokens(text)
            words.update(found)
            flats.append(" ".join(found))
        return cls(frozenset(all_numbers), frozenset(words), "\n".join(flats))


def _number_found(number: str, sources: Sources) -> bool:
    if number in sources.numbers:
        return True
    # « 12 millions » may be « 12 000 000 » or « 12,0 » in the source: compare the value.
    try:
        value = float(number)
    except ValueError:
        return False
    for known in sources.numbers:
        try:
            if float(known) == value:
                return True
        except ValueError:
            continue
    return False


def check(draft: str, sources: Sources | Sequence[str], quotes: Iterable[str] = ()) -> list[str]:
    """Flags for what the draft (and the given quotes) says that the sources do not."""
    index = sources if isinstance(sources, Sources) else Sources.of(sources)
    flags: list[str] = []
    for number in dict.fromkeys(numbers(draft)):
        if not _number_found(number, index):
            flags.append(f"chiffre absent des sources : {number}")
    for word, initial in dict.fromkeys(capitalised_words(draft)):
        folded = fold(word)
        if initial and (folded in STOPWORDS or folded in _COMMON_OPENERS):
            continue
        parts = [p for p in tokens(word) if p]
        if parts and not all(part in index.words for part in parts):
            flags.append(f"nom absent des sources : {word}")
    quoted = [q for m in _QUOTED.finditer(draft) for q in m.groups() if q]
    for quote in dict.fromkeys([*quoted, *quotes]):
        flat = " ".join(tokens(quote))
        if flat and flat not in index.flat:
            flags.append(f"citation introuvable dans les sources : « {quote} »")
    return flags
