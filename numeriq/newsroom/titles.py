"""Informative titles: a complete phrase of at most 12 words for every story (pure).

The title is the brief's main clause, cut by deletions only (compress.py's asides, sources,
parentheses; an opening adverbial phrase; clauses after a boundary such as « , qui », « ,
alors que », « après avoir »), and, when the story has a recurring name the clause leaves
out, that name before a colon, as French news titles do (« Venise : un paquebot … »). Cuts
fall only at a boundary, never inside a name, a number and its unit, or a verb and its
object; every candidate goes through `fragment_reasons`, the check that the benchmark also
reports, and the first that passes is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from numeriq.newsroom.compress import tidy, variants
from numeriq.newsroom.text import fold, split_sentences, word_count

MAX_WORDS = 12

# Words a complete phrase never ends on: articles, prepositions, conjunctions, pronouns,
# auxiliaries, and verbs that need their object (« a annoncé », « veut »).


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


_FUNCTION_END = _folded(
    "le la les l' un une des du de d' au aux à a en et ou mais ni que qu' qui dont où "
    "pour par avec sans sur sous dans chez vers entre contre selon depuis pendant avant "
    "après lors ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos "
    "se s' ne n' y il elle ils elles on nous vous je j' est sont ont été être avoir "
    "fait va vont peut doit veut plus très trop si comme dont quand alors afin tout "
    "annoncé indiqué déclaré affirmé expliqué estimé précisé assuré souligné décidé "
    "jugé appelé demandé rappelé dénoncé confirmé révélé lancé pris mis rendu "
    "raconté regretté ajouté estimé annonce indique déclare affirme explique estime "
    "serait sera seront était étaient soit fut avait avaient aurait pourrait devrait "
    "doivent peuvent veulent faut semble reste devient permet permettent mettent met "
    "porte portent compte concerne touche vise due dû dus dues tel telle lui leur eux "
    "notamment encore déjà aussi même ainsi toujours jamais désormais "
    "rachète achète acquiert vend cède confie lance annonce signe ouvre ferme supprime "
    "prépare recrute quitte rejoint dévoile présente propose obtient remporte perd gagne "
    "convoque accuse condamne interdit autorise"
)
_BAD_START = re.compile(
    r"^(?:qu['’]|c['’]est\b|c['’]était\b|d['’]une?\b|voici\b|voilà\b|et\b|mais\b|or\b|donc\b|"
    r"il\b|elle\b|ils\b|elles\b|cela\b|ça\b|ceci\b|en effet\b|ainsi\b|puis\b|ce dernier\b|"
    r"de son côté\b|de leur côté\b|tel est\b|telle est\b|sauf\b|par ailleurs\b|cependant\b|"
    r"pourtant\b|enfin\b|aussi\b|celui-ci\b|celle-ci\b|lui\b|eux\b|y\b|on\b)",
    re.IGNORECASE,
)
_DETERMINERS = _folded("le la les l' un une des du ce cet cette ces son sa ses leur")
# « France a convoqué »: an auxiliary and a participle, nothing after (not « a été blessé »).
_BARE_PARTICIPLE_END = re.compile(
    r"\b(?:a|ont|avait|avaient|aurait|auraient|va|vont|veut|veulent|doit|doivent|devra|"
    r"devront|pourra|pourront|peut|peuvent)\s+(?:pas\s+|plus\s+|jamais\s+|déjà\s+)?"
    r"\w+(?:é|i|u|is|it|er|ir|re)$"
    r"|\b(?:par rapport|grâce|face|jusqu['’]|quant)$"
    # « … permet aux annonceurs de produire », « pour lancer »: an infinitive needing more
    r"|\b(?:pour|afin de|sans)\s+[a-zà-ÿ]+(?:er|ir|re)$"
    r"|\b(?:permet|permettent|vise|visent|cherche|cherchent|tente|tentent|décide|décident|"
    r"propose|proposent|aide|aident|promet|promettent|refuse|refusent|compte|comptent)"
    r"\s+(?:\S+\s+){0,3}(?:de|d['’]|à)\s*[a-zà-ÿ]+(?:er|ir|re)$"
)
_BARE_NUMBER_END = re.compile(r"(?:^|\s)\d+(?:[.,]\d+)?$")
# Where a clause may be cut: before these, what precedes is still a phrase.
_CUT_BEFORE = re.compile(
    r",\s|\s;\s|\s[–—-]\s|\s(?=(?:qui|dont|où|alors que|tandis que|après avoir|après|avant de|"
    r"avant|afin de|pour|selon|lors d[eu']|depuis|dans|sur|en|à|au|aux|avec|par|contre|"
    r"malgré|grâce à|face à)\s)"
)
_ADVERBIAL_OPENER = re.compile(
    r"^(?:Sur|Dans|Pour|Avec|Depuis|Après|Avant|Lors|En|Au|Aux|À|Selon|D['’]après|Face|"
    r"Alors|Comme|Si|Quand|Lorsque|Malgré|Outre|Parmi|Chez|Entre|Dès|Ce|Cette|Samedi|"
    r"Dimanche|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Hier|Aujourd['’]hui|Mi-\w+|Fin|Début|"
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:é|ée|és|ées|ie|ies|ue|ues))\b"
    r"[^,]{0,80},\s+(?=\S)"
)
_NAME = re.compile(
    r"(?<![\w'’])(?:[A-ZÀ-ÝŒ][\w’'-]+|[A-Z]{2,})(?:\s+(?:de\s+|d['’]|du\s+)?"
    r"(?:[A-ZÀ-ÝŒ][\w’'-]+|[A-Z]{2,}))*"
)
_NOT_NAMES = _folded(
    "le la les l un une des du de d au aux à en et ou mais il elle ils elles on nous "
    "vous je ce cette ces son sa ses leur selon pour par avec sur dans après avant "
    "depuis lors alors si comme quand lundi mardi mercredi jeudi vendredi samedi "
    "dimanche c qu mme m monsieur madame france français française"
)


def fragment_reasons(title: str) -> list[str]:
    """Why a title is a fragment rather than a complete phrase (empty: it is complete)."""
    reasons: list[str] = []
    text = " ".join(title.split()).rstrip(" .")
    words = text.split()
    if len(words) < 2:
        return ["un seul mot" if words else "titre vide"]
    if len(words) > MAX_WORDS:
        reasons.append(f"plus de {MAX_WORDS} mots")
    if _BAD_START.match(text):
        reasons.append(f"commence par « {words[0]} »")
    opening = text.lstrip('«"“ \u00a0\u202f')
    if not opening[:1].isupper() and not opening[:1].isdigit():
        reasons.append("ne commence pas par une majuscule")
    last = fold(words[-1].strip('»"”),;:!?…'))
    if last.endswith("'") or last in _FUNCTION_END:
        reasons.append(f"finit sur « {words[-1]} »")
    if len(words) == 2 and fold(words[0]) in _DETERMINERS:
        reasons.append("un nom seul, sans ce qu'il en dit")
    if _BARE_PARTICIPLE_END.search(text):
        reasons.append(f"finit sur un verbe sans complément (« {words[-1]} »)")
    if _BARE_NUMBER_END.search(text):
        reasons.append("finit sur un nombre seul")
    if text.endswith((",", ":", ";", "-", "–")):
        reasons.append("finit sur une ponctuation ouverte")
    if text.count("«") != text.count("»") or text.count("(") != text.count(")"):
        reasons.append("guillemet ou parenthèse non fermé")
    if text.count('"') % 2:
        reasons.append("guillemet non fermé")
    return reasons


def is_fragment(title: str) -> bool:
    """Whether the fragment check flags the title."""
    return bool(fragment_reasons(title))


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.rstrip(" .;,:")
    return text[:1].upper() + text[1:]


def _without_opener(sentence: str) -> str:
    """« Dimanche matin à Venise, l'équipage … » → « L'équipage … »."""
    match = _ADVERBIAL_OPENER.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end() :]
    if word_count(rest) < 4 or not re.match(r"[A-Za-zÀ-ÿ«\"0-9]", rest):
        return sentence
    return _clean(rest)


def _prefixes(clause: str, limit: int) -> list[str]:
    """The clause cut at its boundaries, longest first, each of at most `limit` words."""
    cuts = [m.start() for m in _CUT_BEFORE.finditer(clause)]
    found = []
    if word_count(clause) <= limit:
        found.append(clause)
    for cut in reversed(cuts):
        head = _clean(clause[:cut])
        if 2 <= word_count(head) <= limit and head not in found:
            found.append(head)
    return found


def topic(articles: Sequence[str]) -> str:
    """The story's most recurring proper name (at least twice), or ''."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for text in articles:
        for sentence in split_sentences(text):
            for match in _NAME.finditer(sentence):
                name = match.group().strip("'’-")
                words = name.split()
                while words and fold(words[0]) in _NOT_NAMES:
                    words.pop(0)
                if not words or (match.start() == 0 and len(words) == 1):
                    continue  # a lone capitalised first word says nothing
                name = " ".join(words)
                key = fold(name)
                counts[key] += 1
                spelled.setdefault(key, name)
    if not counts:
        return ""
    key, count = max(counts.items(), key=lambda item: (item[1], len(item[0]), item[0]))
    return spelled[key] if count >= 2 else ""


def informative_title(brief: str, articles: Sequence[str] = ()) -> str:
    """A complete phrase of at most 12 words saying what the story is about."""
    sentences = split_sentences(brief) or [brief]
    for text in articles[:1]:
        sentences += split_sentences(text)[:8]  # if the brief gives no title, the lead may
    subject = topic(articles) if articles else ""
    for minimum in (4, 2):  # a short complete phrase rather than a fragment
        title = _first_title(sentences, subject, minimum)
        if title:
            return title
    if subject and len(subject.split()) > 1:
        return subject
    return _trimmed(brief)


def _trimmed(text: str) -> str:
    """The text's first words, cut back to a word a phrase may end on (last resort)."""
    words = _clean(text).split()[:MAX_WORDS]
    while len(words) > 2 and is_fragment(" ".join(words)):
        words.pop()
    return " ".join(words)


def _first_title(sentences: Sequence[str], subject: str, minimum: int) -> str:
    """The first complete candidate of at least `minimum` words from the sentences, or ''."""
    for sentence in sentences:
        shortest = min(variants(sentence), key=lambda f: (word_count(f), f))
        for base in dict.fromkeys((shortest, tidy(sentence))):
            clause = _without_opener(_clean(base))
            mentions = subject and fold(subject) in fold(clause)
            for head in _prefixes(clause, MAX_WORDS):
                candidate = head
                if subject and not mentions:
                    room = MAX_WORDS - word_count(subject)
                    if word_count(head) <= room:
                        candidate = f"{subject} : {head[:1].lower() + head[1:]}"
                        if head.split()[0][:1].isupper() and not re.match(
                            r"(?:Le|La|Les|L['’]|Un|Une|Des|Du)\b", head
                        ):
                            candidate = f"{subject} : {head}"
                if word_count(head) < minimum or is_fragment(head):
                    continue
                return candidate if not is_fragment(candidate) else head
    return ""
