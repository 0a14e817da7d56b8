"""Starting sends: an edition at its time, the weekly recaps, and the scheduler's tick.

The tick runs every TICK seconds as a django-tasks-db job (one chain, whatever the number of
workers) and once when a worker starts: a send time missed while nothing ran is caught up
then, with a log line. A send is keyed by its edition's date, so it starts at most once.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from numeriq.audience.models import Frequency, Subscriber
from numeriq.delivery import ledger
from numeriq.delivery.models import Send, SendKind
from numeriq.editions import lifecycle
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.recap import render_recap
from numeriq.editions.render import Brand, render_email
from numeriq.jobs import plan_once

log = logging.getLogger("numeriq.delivery")
TICK = dt.timedelta(seconds=30)
CATCH_UP_GRACE = dt.timedelta(minutes=2)


def send_time(day: dt.date) -> dt.datetime:
    """NUMERIQ_SEND_TIME on a given day, in NUMERIQ_TIME_ZONE (an aware datetime)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, settings.SEND_TIME, tzinfo=zone)


def start_edition(edition: Edition, *, now: dt.datetime | None = None) -> tuple[Send, bool]:
    """Publish the edition if needed and start its send (once: an existing send is returned)."""
    now = now or timezone.now()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        existing = Send.objects.filter(key=ledger.edition_key(edition.date)).first()
        if existing is not None:
            return existing, False
        if edition.status in (EditionStatus.DRAFT, EditionStatus.SCHEDULED):
            edition = lifecycle.publish(edition, at=now)
        elif edition.status != EditionStatus.PUBLISHED:
            raise ledger.DeliveryError(
                f"edition {edition.date.isoformat()} is {edition.get_status_display().lower()}"
            )
        content = render_email(edition.to_doc(), Brand.from_settings(), edition.web_url())
        return ledger.create_send(
            key=ledger.edition_key(edition.date),
            kind=SendKind.EDITION,
            subject=content.subject,
            html=content.html,
            text=content.text,
            edition_id=edition.pk,
            audience_day=timezone.localdate(now),
            now=now,
        )


def _recap_readers(day: dt.date) -> QuerySet[Subscriber]:
    return Subscriber.objects.deliverable(day, Frequency.WEEKLY)


def _recap_editions(day: dt.date) -> list[Edition]:
    return list(
        Edition.objects.filter(
            status__in=[EditionStatus.PUBLISHED, EditionStatus.SENT],
            date__gt=day - dt.timedelta(days=7),
            date__lte=day,
        ).order_by("date")
    )


def start_recap(day: dt.date, *, now: dt.datetime | None = None) -> Send | None:
    """The weekly recap for readers whose day it is, with the last seven days' editions."""
    now = now or timezone.now()
    editions = _recap_editions(day)
    if not editions or not _recap_readers(day).exists():
        return None
    content = render_recap(
        [edition.to_doc() for edition in editions],
        Brand.from_settings(),
        [edition.web_url() for edition in editions],
    )
    send, _created = ledger.create_send(
        key=ledger.recap_key(day),
        kind=SendKind.RECAP,
        subject=content.subject,
        html=content.html,
        text=content.text,
        audience_day=day,
        now=now,
    )
    return send


def stale_after() -> dt.timedelta:
    """How late a missed send may still start by itself (NUMERIQ_SEND_STALE_MINUTES)."""
    return dt.timedelta(minutes=int(settings.SEND_STALE_MINUTES))


def stale_editions(now: dt.datetime | None = None) -> list[Edition]:
    """Scheduled editions whose send time is too far past: left for the editor to decide."""
    now = now or timezone.now()
    return list(
        Edition.objects.filter(
            status=EditionStatus.SCHEDULED, scheduled_at__lte=now - stale_after()
        ).order_by("scheduled_at")
    )


_reported_stale: set[tuple[str, dt.datetime]] = set()  # logged once per process


def _report_stale(what: str, due: dt.datetime, now: dt.datetime) -> None:
    if (what, due) in _reported_stale:
        return
    _reported_stale.add((what, due))
    log.warning(
        "%s: send time %s was missed by %s (more than NUMERIQ_SEND_STALE_MINUTES=%d): "
        "not sent; the editor decides (send it now or schedule it again)",
        what,
        timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
        _duration(now - due),
        int(settings.SEND_STALE_MINUTES),
    )


def _duration(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    return (f"{days} d " if days else "") + f"{minutes // 60} h {minutes % 60:02d}"


def tick(now: dt.datetime | None = None) -> list[Send]:
    """Start what is due: scheduled editions, today's recap; close finished sends.

    A send time missed by more than NUMERIQ_SEND_STALE_MINUTES (the worker was down) is
    not started: the edition stays scheduled, logged once, and the desk shows a banner.
    """
    now = now or timezone.now()
    started = []
    stale = stale_after()
    due = Edition.objects.filter(
        status=EditionStatus.SCHEDULED, scheduled_at__lte=now, scheduled_at__gt=now - stale
    )
    for edition in stale_editions(now):
        assert edition.scheduled_at is not None
        _report_stale(f"edition {edition.date}", edition.scheduled_at, now)
    for edition in due.order_by("scheduled_at"):
        assert edition.scheduled_at is not None
        late = now - edition.scheduled_at
        send, created = start_edition(edition, now=now)
        if created:
            if late > CATCH_UP_GRACE:
                log.warning(
                    "edition %s: send time %s was missed (nothing was running); sending now",
                    edition.date,
                    timezone.localtime(edition.scheduled_at).strftime("%Y-%m-%d %H:%M"),
                )
            else:
                log.info("edition %s: send started", edition.date)
            started.append(send)
    today = timezone.localdate(now)
    recap_at = send_time(today)
    if now >= recap_at and not Send.objects.filter(key=ledger.recap_key(today)).exists():
        if now - recap_at > stale:
            if _recap_readers(today).exists() and _recap_editions(today):
                _report_stale(f"weekly recap {today}", recap_at, now)
        else:
            recap = start_recap(today, now=now)
            if recap is not None:
                started.append(recap)
    expired = ledger.expire_deferred(now)
    if expired:
        log.warning("%d deferred message(s) past their deadline marked failed", expired)
    ledger.finish_completed(now)
    return started


@task()
def scheduler_tick() -> int:
    """The scheduler's job: tick, then plan the next one (one chain for all workers)."""
    started = tick()
    plan_next_tick(timezone.now() + TICK)
    return len(started)


def plan_next_tick(at: dt.datetime | None = None) -> None:
    """Enqueue the next tick unless one is already waiting."""
    plan_once(scheduler_tick, at)


BOUNCE_POLL = dt.timedelta(minutes=5)


@task()
def poll_bounces() -> str:
    """Read the bounce mailbox (one job at a time for all workers), then plan the next read."""
    from numeriq.delivery.mailbox import process_mailbox

    try:
        summary = str(process_mailbox())
    finally:
        plan_bounce_polling(timezone.now() + BOUNCE_POLL)
    return summary


def plan_bounce_polling(at: dt.datetime | None = None) -> None:
    """Enqueue the next mailbox read when NUMERIQ_BOUNCE_MAILBOX is set."""
    if settings.BOUNCE_MAILBOX:
        plan_once(poll_bounces, at)
