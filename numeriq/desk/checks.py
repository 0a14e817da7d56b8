"""The checks before scheduling (pure): each says ok, warning or error, with a clear message.

Values in, values out: the view renders the edition once and passes the pieces; the link
check's results come from the background task (linkcheck.py) as (url, state, detail).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import unescape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from numeriq.editions.document import EditionDoc, ItemKind
from numeriq.text.french import french_number

OK, WARNING, ERROR, PENDING = "ok", "warning", "error", "pending"
LEVEL_ORDER = {ERROR: 0, WARNING: 1, PENDING: 2, OK: 3}
FACT_FLAG = "⚠ À vérifier"

SPAM_PHRASES = (
    "100 % gratuit", "100% gratuit", "argent facile", "gagnez de l'argent", "gagnez de l’argent",
    "cliquez ici", "offre exclusive", "offre limitée", "dernière chance", "vous avez gagné",
    "félicitations, vous", "revenu garanti", "doublez vos", "sans aucun risque", "prix cassés",
    "achetez maintenant", "act now", "click here", "free money", "you have won", "winner",
    "casino", "viagra", "risk-free", "100% free", "urgent",
)  # fmt: skip
SHORTENERS = ("bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly")

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=\s*\"([^\"]*)\"", re.IGNORECASE)
_LINK = re.compile(r"\b(?:href|src)\s*=\s*\"(https?://[^\"]+)\"", re.IGNORECASE)
_SHOUT = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{6,}\b")


@dataclass(frozen=True)
class Check:
    """One check's verdict."""

    key: str
    level: str
    title: str
    message: str
    details: tuple[str, ...] = ()


def worst(checks: Iterable[Check]) -> str:
    """The most serious level among the checks."""
    levels = [check.level for check in checks]
    return min(levels, key=LEVEL_ORDER.__getitem__) if levels else OK


def content(doc: EditionDoc) -> Check:
    """An edition needs items, each with a text."""
    title = _("Contenu")
    if not doc.items:
        return Check("content", ERROR, title, _("L’édition n’a aucun élément."))
    empty = [str(n) for n, item in enumerate(doc.items, 1) if not item.body.strip()]
    if empty:
        text = ngettext(
            "Élément sans texte : %(list)s.", "Éléments sans texte : %(list)s.", len(empty)
        )
        message = text % {"list": ", ".join(empty)}
        return Check("content", ERROR, title, message)
    count = len(doc.items)
    message = ngettext("%(n)d élément.", "%(n)d éléments.", count) % {"n": count}
    return Check("content", OK, title, message)


def quiz(doc: EditionDoc) -> Check:
    """The « Qui a dit ça ? » needs a quote (numeriq adds the guillemets) and a reveal."""
    title = _("Qui a dit ça ?")
    quizzes = [(n, item) for n, item in enumerate(doc.items, 1) if item.kind == ItemKind.QUOTE]
    if not quizzes:
        return Check("quiz", OK, title, _("Pas de « Qui a dit ça ? » dans cette édition."))
    problems = []
    for n, item in quizzes:
        if not item.quote.strip(' «»\u00a0\u202f\n\t"'):
            problems.append(_("élément %(n)d : la citation est vide") % {"n": n})
        reveal = item.body.strip().replace("’", "'")
        if not reveal:
            problems.append(_("élément %(n)d : la révélation (« C’est … ») manque") % {"n": n})
        elif not reveal.casefold().startswith("c'est"):
            problems.append(
                _("élément %(n)d : la révélation ne commence pas par « C’est … »") % {"n": n}
            )
    if len(quizzes) > 1:
        problems.append(_("%(n)d « Qui a dit ça ? » : un seul par édition") % {"n": len(quizzes)})
    if problems:
        message = _("Le « Qui a dit ça ? » est incomplet.")
        return Check("quiz", ERROR, title, message, tuple(problems))
    return Check("quiz", OK, title, _("Une citation et sa révélation."))


def reading_time(words: int, words_per_minute: int) -> Check:
    """The promise is one minute: over it is a warning, over 1 min 30 an error."""
    seconds = math.ceil(words * 60 / max(1, words_per_minute))
    minutes, rest = divmod(seconds, 60)
    duration = f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
    values = {"duration": duration, "words": words, "wpm": words_per_minute}
    message = _("Lecture estimée : %(duration)s (%(words)d mots à %(wpm)d mots par minute).")
    message %= values
    if seconds <= 60:
        level = OK
    else:
        over = math.ceil(words - words_per_minute)
        message += " " + _("C’est plus que la minute promise : retirez environ %(n)d mots.") % {
            "n": over
        }
        level = WARNING if seconds <= 90 else ERROR
    return Check("reading_time", level, _("Temps de lecture"), message)


def subject_length(subject: str, max_chars: int) -> Check:
    """An empty subject is an error; a long one is cut by mail clients (warning)."""
    title = _("Objet de l’email")
    length = len(subject)
    if not subject.strip():
        return Check("subject", ERROR, title, _("L’objet de l’email est vide."))
    message = _("« %(subject)s » : %(n)d caractères (au plus %(max)d conseillés).") % {
        "subject": subject,
        "n": length,
        "max": max_chars,
    }
    if length > max_chars:
        message += " " + _("Les messageries le couperont : raccourcissez le titre ou l’objet.")
        return Check("subject", WARNING, title, message)
    return Check("subject", OK, title, message)


def email_size(html: str, clip_bytes: int) -> Check:
    """Gmail clips an HTML email over 102 KB (and hides the unsubscribe link)."""
    size = len(html.encode("utf-8"))
    kilo = french_number(size / 1024, 1)
    limit = clip_bytes // 1024
    message = _("Email HTML de %(size)s Ko (Gmail coupe au-delà de %(limit)d Ko).") % {
        "size": kilo,
        "limit": limit,
    }
    if size > clip_bytes:
        return Check("size", ERROR, _("Taille de l’email"), message)
    level = WARNING if size > clip_bytes * 0.9 else OK
    return Check("size", level, _("Taille de l’email"), message)


def images_alt(doc: EditionDoc, html: str) -> Check:
    """Every image needs a text alternative (readers with images off, screen readers).

    An image marked decorative has none on purpose (alt=""): the editor said so.
    """
    missing = [
        _("élément %(n)d") % {"n": n}
        for n, item in enumerate(doc.items, 1)
        if item.image_url and not item.image_decorative and not item.image_alt.strip()
    ]
    for tag in _IMG.findall(html):
        alt = _ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = _SRC.search(tag)
            missing.append(unescape(src.group(1)) if src else tag[:80])
    title = _("Texte alternatif des images")
    if missing:
        message = ngettext(
            "%(n)d image sans texte alternatif.",
            "%(n)d images sans texte alternatif.",
            len(missing),
        ) % {"n": len(missing)}
        return Check("alt", ERROR, title, message, tuple(dict.fromkeys(missing)))
    # The old habit of one text for both: a screen reader would hear it twice.
    repeated = tuple(
        _("élément %(n)d") % {"n": n}
        for n, item in enumerate(doc.items, 1)
        if item.image_url
        and item.image_caption.strip()
        and _same_text(item.image_caption, item.image_alt)
    )
    if repeated:
        message = _(
            "La légende répète le texte alternatif : un lecteur d’écran l’entend deux fois. "
            "Le texte alternatif dit ce que montre l’image, la légende ce qu’on lit dessous "
            "(un crédit, par exemple)."
        )
        return Check("alt", WARNING, title, message, repeated)
    return Check("alt", OK, title, _("Chaque image a un texte alternatif."))


def _same_text(one: str, other: str) -> bool:
    def bare(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())

    return bare(one) == bare(other)


def fact_flags(doc: EditionDoc) -> Check:
    """Points the newsroom's fact guard flagged in a drafted item, still in the text."""
    found = []
    for n, item in enumerate(doc.items, 1):
        for line in item.body.splitlines():
            if FACT_FLAG in line:
                found.append(_("élément %(n)d : %(flag)s") % {"n": n, "flag": line.strip()})
    title = _("Faits à vérifier")
    if found:
        message = ngettext(
            "Le garde-fou a signalé %(n)d point à vérifier : corrigez puis retirez la mention.",
            "Le garde-fou a signalé %(n)d points à vérifier : corrigez puis retirez les mentions.",
            len(found),
        ) % {"n": len(found)}
        return Check("facts", ERROR, title, message, tuple(found))
    return Check("facts", OK, title, _("Aucun point signalé par le garde-fou."))


def spam_lint(subject: str, text: str, urls: Sequence[str]) -> Check:
    """Words and habits that send a newsletter to the spam folder."""
    findings: list[str] = []
    lowered = f"{subject}\n{text}".lower().replace("\u00a0", " ").replace("\u202f", " ")
    for phrase in SPAM_PHRASES:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            findings.append(_("expression à éviter : « %(p)s »") % {"p": phrase})
    letters = [c for c in subject if c.isalpha()]
    if len(letters) >= 10 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        findings.append(_("objet en majuscules"))
    if re.search(r"[!?]\s*[!?]", subject.replace("\u202f", "")):
        findings.append(_("ponctuation répétée dans l’objet (!!, ?!)"))
    if re.match(r"\s*(re|tr|fw|fwd)\s*:", subject, re.IGNORECASE):
        findings.append(_("objet qui imite une réponse ou un transfert (RE:, TR:)"))
    if re.search(r"!{3,}|[€$]{2,}", text):
        findings.append(_("ponctuation ou symboles répétés (!!!, €€)"))
    shouting = _SHOUT.findall(text)
    if len(shouting) >= 3:
        findings.append(_("mots en majuscules : %(words)s") % {"words": ", ".join(shouting[:5])})
    for url in urls:
        host = url.split("://", 1)[-1].split("/", 1)[0].lower()
        if host in SHORTENERS:
            findings.append(_("lien raccourci : %(url)s") % {"url": url})
    title = _("Contenu qui ressemble à du spam")
    if findings:
        message = _("À revoir pour rester hors des indésirables.")
        return Check("spam", WARNING, title, message, tuple(dict.fromkeys(findings)))
    return Check("spam", OK, title, _("Rien de suspect."))


_HTTP_CODE = re.compile(r"HTTP (\d{3})")
_REASONS = (
    (("name or service not known", "errno -2", "errno -3", "nodename nor servname",
      "getaddrinfo", "no address associated", "temporary failure in name resolution"),
     gettext_noop("ce nom de domaine n’existe pas ou ne répond pas (adresse mal tapée ?)")),
    (("connection refused", "errno 111"), gettext_noop("le serveur refuse la connexion")),
    (("timed out", "timeout"), gettext_noop("le site ne répond pas (délai dépassé)")),
    (("certificate", "ssl"), gettext_noop("le certificat de sécurité du site n’est pas valable")),
    (("network is unreachable", "no route to host"),
     gettext_noop("le site est hors d’atteinte du serveur")),
    (("not an http",), gettext_noop("ce n’est pas un lien web (http ou https)")),
)  # fmt: skip
_CODES = {
    400: gettext_noop("le site refuse la demande (erreur 400)"),
    401: gettext_noop("la page demande une connexion (erreur 401)"),
    403: gettext_noop("le site en interdit l’accès (erreur 403)"),
    404: gettext_noop("la page n’existe pas (erreur 404)"),
    410: gettext_noop("la page a été supprimée (erreur 410)"),
    429: gettext_noop("le site limite les visites, réessayez plus tard (erreur 429)"),
}


def explain(state: str, detail: str) -> str:
    """A link check's technical detail (HTTP code, socket error) in words for an editor."""
    code = _HTTP_CODE.search(detail or "")
    if code:
        number = int(code.group(1))
        if number in _CODES:
            return str(_(_CODES[number]))
        if number >= 500:
            return str(_("le site est en panne (erreur %(code)d)") % {"code": number})
        return str(_("le site répond par une erreur (%(code)d)") % {"code": number})
    lowered = (detail or "").casefold()
    for needles, words in _REASONS:
        if any(needle in lowered for needle in needles):
            return str(_(words))
    if state == "unreachable":
        return str(_("le site est injoignable"))
    return str(_("le lien ne mène à aucune page"))


def links_in(html: str) -> list[str]:
    """The distinct http(s) links and images of rendered HTML, in order."""
    return list(dict.fromkeys(unescape(url) for url in _LINK.findall(html)))


def links(results: Sequence[tuple[str, str, str]]) -> Check:
    """Verdict from (url, state, detail) rows: broken ones are errors, pending ones wait."""
    title = _("Liens")
    if not results:
        return Check("links", OK, title, _("Aucun lien à vérifier."))
    bad = [
        f"{url} — {explain(state, detail)}"
        for url, state, detail in results
        if state in ("broken", "unreachable")
    ]
    pending = sum(1 for _url, state, _detail in results if state == "pending")
    if bad:
        message = ngettext(
            "%(n)d lien cassé ou injoignable.", "%(n)d liens cassés ou injoignables.", len(bad)
        ) % {"n": len(bad)}
        return Check("links", ERROR, title, message, tuple(bad))
    if pending:
        message = ngettext(
            "Vérification en cours : %(n)d lien sur %(total)d reste à tester…",
            "Vérification en cours : %(n)d liens sur %(total)d restent à tester…",
            pending,
        ) % {"n": pending, "total": len(results)}
        return Check("links", PENDING, title, message)
    message = ngettext(
        "%(n)d lien vérifié, il répond.", "%(n)d liens vérifiés, tous répondent.", len(results)
    ) % {"n": len(results)}
    return Check("links", OK, title, message)
