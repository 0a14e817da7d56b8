"""Sending from the desk: schedule or send now (confirmed, checks shown), live progress."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from numeriq import NumeriqError
from numeriq.audience.models import Frequency, Subscriber, SubscriberStatus
from numeriq.delivery import ledger, scheduling
from numeriq.delivery.models import DeliveryState, Send, SendState
from numeriq.desk import checks as desk_checks
from numeriq.desk import figures
from numeriq.desk.proofs import saved_addresses
from numeriq.desk.roles import ADMIN, role_required, roles_of
from numeriq.desk.verify import edition_checks, findings
from numeriq.editions import lifecycle
from numeriq.editions.models import Edition, EditionStatus
from numeriq.site.templatetags.french import nombre

COUNT_REFRESH = dt.timedelta(seconds=30)
PROGRESS_REFRESH = dt.timedelta(seconds=2)
PROGRESS_MAX_AGE = dt.timedelta(seconds=10)


@figures.register("audience")
def _count_audience(key: str) -> dict[str, int]:
    day = dt.date.fromisoformat(key.split(":", 1)[1])
    active = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE)
    return {
        "active": active.count(),
        "daily": Subscriber.objects.deliverable(day, Frequency.DAILY).count(),
        "weekly": active.filter(frequency=Frequency.WEEKLY).count(),
        "paused": active.filter(frequency=Frequency.DAILY, paused_until__gt=day).count(),
    }


def audience(day: dt.date) -> dict[str, int]:
    """Active readers on that day: all, daily (a send's audience), weekly, paused (≤ 30 s old)."""
    counts, _at = figures.read(f"audience:{day.isoformat()}", COUNT_REFRESH)
    return dict(counts)


def recipients_count(day: dt.date) -> int:
    """Readers a daily send of that day would go to (counted in the background, ≤ 30 s old)."""
    return audience(day)["daily"]


def audience_note(counts: dict[str, int]) -> str:
    """Why a send's audience is smaller than the active readers, in words and numbers."""

    number = nombre  # « 1 234 », as the rest of the desk writes numbers

    parts = [
        ngettext(
            "%(n)s reçoit l’édition chaque jour",
            "%(n)s reçoivent l’édition chaque jour",
            counts["daily"],
        )
        % {"n": number(counts["daily"])}
    ]
    if counts["weekly"]:
        parts.append(
            ngettext(
                "%(n)s a choisi le récapitulatif de la semaine à la place",
                "%(n)s ont choisi le récapitulatif de la semaine à la place",
                counts["weekly"],
            )
            % {"n": number(counts["weekly"])}
        )
    if counts["paused"]:
        parts.append(
            ngettext(
                "%(n)s a mis son abonnement en pause ce jour-là",
                "%(n)s ont mis leur abonnement en pause ce jour-là",
                counts["paused"],
            )
            % {"n": number(counts["paused"])}
        )
    total = ngettext("Sur %(n)s abonné actif", "Sur les %(n)s abonnés actifs", counts["active"]) % {
        "n": number(counts["active"])
    }
    return _("%(total)s : %(parts)s.") % {"total": total, "parts": ", ".join(parts)}


def default_send_at(day: dt.date) -> dt.datetime:
    """NUMERIQ_SEND_TIME on the edition's day; once passed, the next quarter hour."""
    at = scheduling.send_time(day)
    now = timezone.localtime()
    if at > now:
        return at
    soon = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=15 - now.minute % 15)
    return soon


def edition_send(edition: Edition) -> Send | None:
    """The send of this edition, once started."""
    return Send.objects.filter(key=ledger.edition_key(edition.date)).first()


def send_panel(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    """What the composer's send section offers for this edition (only what can be done)."""
    send = edition_send(edition)
    at = default_send_at(edition.date)
    return {
        "send": send,
        "test_addresses": ", ".join(saved_addresses(request.user)),
        "can_schedule": send is None and edition.status == EditionStatus.DRAFT,
        "can_send_now": send is None
        and edition.status in (EditionStatus.DRAFT, EditionStatus.SCHEDULED),
        "can_unschedule": send is None and edition.status == EditionStatus.SCHEDULED,
        "scheduled_text": _local_text(edition.scheduled_at) if edition.scheduled_at else "",
        "default_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M"),
    }


def _local_text(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    from numeriq.desk.formatting import french_day

    return _("%(day)s à %(time)s") % {"day": french_day(local.date()), "time": f"{local:%H:%M}"}


def _edition(day: dt.date) -> Edition:
    edition = Edition.objects.filter(date=day).first()
    if edition is None:
        raise Http404
    return edition


def _parse_at(raw: str) -> dt.datetime | None:
    try:
        naive = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@role_required()
def confirm(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Schedule or send now, after a page that states how many readers will get it."""
    edition = _edition(day)
    mode = str(request.POST.get("mode") or request.GET.get("mode") or "")
    if mode not in ("schedule", "now"):
        raise Http404
    at: dt.datetime | None = None
    error = ""
    if mode == "schedule":
        at = _parse_at(str(request.POST.get("at") or request.GET.get("at") or ""))
        if at is None:
            error = _("Choisissez une date et une heure d’envoi.")
        elif at <= timezone.now():
            error = _(
                "Cette heure est déjà passée : choisissez une heure à venir, "
                "ou publiez et envoyez maintenant."
            )
    results = edition_checks(edition)
    found = findings(results)
    blocking = [c for c in found if c.level == desk_checks.ERROR]
    if (
        request.method == "POST"
        and request.POST.get("confirmed") == "1"
        and blocking
        and request.POST.get("quand_meme") != "1"
        and not error
    ):
        error = _(
            "Les vérifications ont trouvé des erreurs : corrigez-les, ou cochez « envoyer quand "
            "même » pour confirmer en connaissance de cause."
        )
    if request.method == "POST" and request.POST.get("confirmed") == "1" and not error:
        try:
            if mode == "schedule":
                assert at is not None
                lifecycle.schedule(edition, at)
                messages.success(
                    request,
                    _("Édition programmée pour le %(when)s.") % {"when": _local_text(at)},
                )
                return redirect("desk:compose", day=day)
            send, _created = scheduling.start_edition(edition)
            messages.success(request, _("Édition publiée : l’envoi a commencé."))
            return redirect("desk:progress", pk=send.pk)
        except NumeriqError as failed:
            error = str(failed)
    counts = audience(timezone.localdate(at) if at else timezone.localdate())
    count = counts["daily"]
    return render(
        request,
        "desk/confirm.html",
        {
            "edition": edition,
            "mode": mode,
            "at": at,
            "at_value": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M") if at else "",
            "when": _local_text(at) if at else "",
            "count": count,
            "count_text": nombre(count),
            "audience_note": audience_note(counts),
            "error": error,
            "findings": found,
            "blocking": bool(blocking),
            "links_pending": any(c.level == desk_checks.PENDING for c in results),
        },
        status=400 if error and request.method == "POST" else 200,
    )


@require_POST
@role_required()
def unschedule(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Back to draft: the edition will not leave at its time."""
    try:
        lifecycle.unschedule(_edition(day))
        messages.success(request, _("Programmation annulée : l’édition est redevenue brouillon."))
    except NumeriqError as error:
        messages.error(request, str(error))
    return redirect("desk:compose", day=day)


STATE_ORDER = [
    DeliveryState.QUEUED,
    DeliveryState.SENDING,
    DeliveryState.SENT,
    DeliveryState.DEFERRED,
    DeliveryState.BOUNCED,
    DeliveryState.FAILED,
    DeliveryState.SUPPRESSED,
    DeliveryState.CANCELLED,
]


@figures.register("progress")
def _send_counts(key: str) -> dict[str, int]:
    return ledger.counts(Send.objects.get(pk=int(key.split(":", 1)[1])))


@role_required()
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A send's counts by ledger state; the page polls its partial while the send runs.

    Counting a million ledger rows takes ~100 ms: the counts are refreshed in the background
    every 2 seconds while someone watches (in the request once they are 10 seconds old).
    """
    send = get_object_or_404(Send.objects.select_related("edition"), pk=pk)
    running = send.state in (SendState.SENDING, SendState.PAUSED)
    counts, counted_at = figures.read(
        f"progress:{send.pk}",
        PROGRESS_REFRESH if running else dt.timedelta(minutes=1),
        max_age=PROGRESS_MAX_AGE if running else dt.timedelta(minutes=10),
    )
    total = sum(counts.values())
    done = total - counts["queued"] - counts["sending"] - counts["deferred"]
    context = {
        "send": send,
        "rows": [(state.label, state.value, counts[state.value]) for state in STATE_ORDER],
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 100,
        "running": running,
        "counted_at": timezone.localtime(counted_at).strftime("%H:%M:%S"),
        "is_admin": ADMIN in roles_of(request.user),
        "can_pause": send.state == SendState.SENDING,
        "can_resume": send.state == SendState.PAUSED,
        "can_cancel": send.state in (SendState.SENDING, SendState.PAUSED),
    }
    template = "desk/progress.html#counts" if request.GET.get("partiel") else "desk/progress.html"
    return render(request, template, context)


@require_POST
@role_required(ADMIN)
def control(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Pause, resume or cancel a send (admins only)."""
    send = get_object_or_404(Send, pk=pk)
    verbs = {"pause": ledger.pause, "reprendre": ledger.resume, "annuler": ledger.cancel}
    if action not in verbs:
        raise Http404
    try:
        verbs[action](send)
    except NumeriqError as error:
        messages.error(request, str(error))
    return redirect("desk:progress", pk=pk)
