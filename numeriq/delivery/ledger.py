"""The ledger: start a send, claim due rows, record what happened, and control a send.

Every function here is one transaction; several workers on several hosts call them at once.
On PostgreSQL, claims lock rows with FOR UPDATE SKIP LOCKED; on SQLite every write
transaction is IMMEDIATE (settings), so claims are serialised by the database itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from numeriq.audience.models import Frequency, Subscriber, is_deliverable
from numeriq.delivery import ledger_sql, states
from numeriq.delivery.errors import DeliveryError
from numeriq.delivery.models import (
    OPEN_STATES,
    Delivery,
    DeliveryState,
    Send,
    SendKind,
    SendRateWindow,
    SendState,
)
from numeriq.delivery.outcomes import Verdict

log = logging.getLogger("numeriq.delivery")


# --- starting a send -----------------------------------------------------------------------


def edition_key(day: dt.date) -> str:
    """The unique key of an edition's send: an edition is sent at most once."""
    return f"edition-{day.isoformat()}"


def recap_key(day: dt.date) -> str:
    """The unique key of the weekly recap sent on a given day."""
    return f"recap-{day.isoformat()}"


def create_send(
    *,
    key: str,
    kind: SendKind,
    subject: str,
    html: str,
    text: str,
    edition_id: int | None = None,
    audience_day: dt.date,
    now: dt.datetime | None = None,
) -> tuple[Send, bool]:
    """The send with this key, created with its audience snapshot if new (True) or not."""
    now = now or timezone.now()
    with transaction.atomic():
        send, created = Send.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "edition_id": edition_id,
                "subject": subject,
                "html": html,
                "text": text,
                "created_at": now,
                "snapshot_at": now,
                "retry_until": now + dt.timedelta(hours=int(settings.DELIVERY_RETRY_HOURS)),
            },
        )
        if created:
            added = snapshot(send, audience_day, now=now)
            log.info("send %s: %d reader(s) in the snapshot", key, added)
    return send, created


def snapshot(send: Send, day: dt.date, *, now: dt.datetime | None = None) -> int:
    """Add one queued row per deliverable subscriber not yet in this send; returns how many.

    Daily sends take daily readers; a recap takes the weekly readers whose day it is.
    Paused readers are left out (they are not in the snapshot, and if they pause after it,
    the check before sending suppresses their row).
    """
    now = now or timezone.now()
    frequency = Frequency.WEEKLY if send.kind == SendKind.RECAP else Frequency.DAILY
    readers = Subscriber.objects.deliverable(day, frequency)
    with transaction.atomic():
        added = ledger_sql.insert_snapshot(send.pk, DeliveryState.QUEUED, now, readers)
        if added:
            sends = Send.objects.filter(pk=send.pk)
            states.move_sends(sends, SendState.SENDING, sources=[SendState.DONE], finished_at=None)
    return added


# --- controlling a send --------------------------------------------------------------------


def get_send(key_or_id: str) -> Send:
    """A send by its key (edition-2026-03-02), its id, or an edition's date."""
    query = Send.objects.all()
    if key_or_id.isdigit():
        found = query.filter(pk=int(key_or_id)).first()
    else:
        found = query.filter(key__in=[key_or_id, f"edition-{key_or_id}"]).first()
    if found is None:
        raise DeliveryError(f"no send {key_or_id!r}")
    return found


def _set_state(send: Send, target: SendState, sources: Sequence[SendState]) -> Send:
    with transaction.atomic():
        locked = Send.objects.select_for_update().get(pk=send.pk)
        states.check_send(locked, target, sources)
        finished_at = locked.finished_at
        if target == SendState.CANCELLED:
            finished_at = timezone.now()
            # Rows being sent finish (their result is recorded); the others stop here.
            waiting = [DeliveryState.QUEUED, DeliveryState.DEFERRED]
            states.move_rows(
                locked.deliveries.all(), DeliveryState.CANCELLED, sources=waiting, due_at=None
            )
            states.move_rows(
                locked.deliveries.filter(due_at__lt=finished_at),
                DeliveryState.CANCELLED,
                sources=[DeliveryState.SENDING],
                due_at=None,
            )
        return states.move_send(locked, target, sources, finished_at=finished_at)


def pause(send: Send) -> Send:
    """Stop claiming this send's rows; messages on the wire finish."""
    return _set_state(send, SendState.PAUSED, [SendState.SENDING])


def resume(send: Send) -> Send:
    """Claim this send's rows again."""
    return _set_state(send, SendState.SENDING, [SendState.PAUSED])


def cancel(send: Send) -> Send:
    """Stop for good: waiting rows become cancelled (and can be sent later with resend)."""
    return _set_state(send, SendState.CANCELLED, [SendState.SENDING, SendState.PAUSED])


def resend(send: Send, again: Sequence[DeliveryState] = (DeliveryState.FAILED,)) -> int:
    """Queue again the rows in the given states (failed by default); returns how many."""
    now = timezone.now()
    with transaction.atomic():
        locked = Send.objects.select_for_update().get(pk=send.pk)
        count = states.move_rows(
            locked.deliveries.all(),
            DeliveryState.QUEUED,
            sources=again,
            due_at=now,
            attempts=0,
            worker="",
        )
        if count:
            retry_until = now + dt.timedelta(hours=int(settings.DELIVERY_RETRY_HOURS))
            if locked.state == SendState.SENDING:
                locked.retry_until = retry_until
                locked.save(update_fields=["retry_until"])
            else:
                states.move_send(
                    locked, SendState.SENDING, finished_at=None, retry_until=retry_until
                )
    return count


def fail_send(send_id: int, reason: str, *, now: dt.datetime | None = None) -> int:
    """Mark failed, with the reason, every row of a send still to be sent; returns how many."""
    with transaction.atomic():
        count = states.move_rows(
            Delivery.objects.filter(send_id=send_id),
            DeliveryState.FAILED,
            sources=OPEN_STATES,
            due_at=None,
            worker="",
            last_reply=reason[:300],
        )
    finish_completed(now)
    return count


def add_new_readers(send: Send) -> int:
    """Queue the subscribers who became deliverable since the snapshot; returns how many."""
    if send.state == SendState.CANCELLED:
        raise DeliveryError(f"send {send.key} is cancelled")
    day = timezone.localdate()
    return snapshot(send, day)


def counts(send: Send) -> dict[str, int]:
    """Exact number of rows in every state (every state present, zeros included)."""
    found = Counter(
        {
            row["state"]: row["n"]
            for row in send.deliveries.values("state").annotate(n=Count("id")).order_by()
        }
    )
    return {state.value: found.get(state.value, 0) for state in DeliveryState}


def is_complete(send: Send) -> bool:
    """True when every row of the send is in a terminal state."""
    return not send.deliveries.filter(state__in=[str(s) for s in OPEN_STATES]).exists()


def finish_completed(now: dt.datetime | None = None) -> list[Send]:
    """Mark done the sends whose rows are all terminal; their editions become sent, unless
    rows failed and not one message went out (the send could not be prepared): the edition
    then stays published, to be corrected and sent again."""
    from numeriq.editions import lifecycle
    from numeriq.editions.models import EditionStatus

    finished = []
    for send in Send.objects.filter(state=SendState.SENDING).select_related("edition"):
        if not is_complete(send):
            continue
        with transaction.atomic():
            updated = states.move_sends(
                Send.objects.filter(pk=send.pk),
                SendState.DONE,
                sources=[SendState.SENDING],
                finished_at=now or timezone.now(),
            )
            if not updated:
                continue
            rows = send.deliveries
            failed = not rows.filter(state=DeliveryState.SENT).exists() and (
                rows.filter(state=DeliveryState.FAILED).exists()
            )
            if not failed and send.edition and send.edition.status == EditionStatus.PUBLISHED:
                lifecycle.mark_sent(send.edition)
        if failed:
            log.error("send %s complete, not one message sent: %s", send.key, counts(send))
        else:
            log.info("send %s complete: %s", send.key, counts(send))
        finished.append(send)
    return finished


# --- workers: claim and record -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row a worker now holds until its lease ends."""

    row_id: int
    send_id: int
    subscriber_id: int
    email: str
    attempts: int
    due_at: dt.datetime | None = None  # when it was due (the worker's claim cursor)


def claim(
    worker: str,
    limit: int,
    *,
    now: dt.datetime | None = None,
    hourly_cap: int = 0,
    after: tuple[dt.datetime, int] | None = None,
) -> list[Claimed]:
    """Take up to `limit` due rows of running sends, leased to this worker.

    Rows whose reader unsubscribed, paused or was suppressed since the snapshot are marked
    suppressed here, right before sending, and not returned.
    """
    now = now or timezone.now()
    lease_end = now + dt.timedelta(seconds=int(settings.DELIVERY_LEASE_SECONDS))
    today = timezone.localdate(now)
    with transaction.atomic():
        running = list(Send.objects.filter(state=SendState.SENDING).values_list("id", flat=True))
        if not running:
            return []
        if hourly_cap > 0:
            limit = min(limit, _hourly_allowance(hourly_cap, now))
            if limit <= 0:
                return []
        ids = ledger_sql.due_rows(running, now, limit, after)
        if not ids:
            return []
        rows = list(
            Delivery.objects.filter(id__in=ids).values_list(
                "id",
                "send_id",
                "due_at",
                "attempts",
                "subscriber_id",
                "subscriber__email",
                "subscriber__status",
                "subscriber__paused_until",
            )
        )
        claimed: list[Claimed] = []
        gone: list[int] = []
        for row_id, send_id, due_at, attempts, sub_id, email, status, paused in rows:
            if sub_id is None or not is_deliverable(status, paused, today):
                gone.append(row_id)
            else:
                claimed.append(Claimed(row_id, send_id, sub_id, email, attempts, due_at))
        if gone:
            states.move_rows(
                Delivery.objects.filter(id__in=gone),
                DeliveryState.SUPPRESSED,
                sources=OPEN_STATES,
                due_at=None,
                last_reply="not deliverable any more",
            )
        if claimed:
            states.move_rows(
                Delivery.objects.filter(id__in=[c.row_id for c in claimed]),
                DeliveryState.SENDING,
                sources=OPEN_STATES,
                due_at=lease_end,
                worker=worker[:64],
            )
            if hourly_cap > 0:
                _count_claimed(len(claimed), now)
    claimed.sort(key=lambda row: row.row_id)
    return claimed


def _hourly_allowance(cap: int, now: dt.datetime) -> int:
    """How many more messages the sliding 60-minute window allows."""
    minute = int(now.timestamp()) // 60
    used = SendRateWindow.objects.filter(minute__gt=minute - 60).aggregate(n=Sum("claimed"))["n"]
    return cap - (used or 0)


def _count_claimed(count: int, now: dt.datetime) -> None:
    minute = int(now.timestamp()) // 60
    window, _ = SendRateWindow.objects.select_for_update().get_or_create(minute=minute)
    SendRateWindow.objects.filter(pk=window.pk).update(claimed=F("claimed") + count)
    SendRateWindow.objects.filter(minute__lt=minute - 120).delete()


@dataclass(frozen=True, slots=True)
class Result:
    """What happened to one claimed row."""

    row_id: int
    subscriber_id: int
    email: str
    verdict: Verdict
    reply: str
    hard: bool = False
    retry_at: dt.datetime | None = None  # for deferred rows
    counts_attempt: bool = True  # False when the row was held back without trying


def record(results: Sequence[Result], *, now: dt.datetime | None = None) -> None:
    """Write a batch of results in one transaction, with their effects on the audience."""
    if not results:
        return
    from numeriq.delivery import bounces

    now = now or timezone.now()
    rows = []
    for result in results:
        state, due = _next_state(result, now)
        rows.append(
            (
                result.row_id,
                state,
                due,
                now if state == DeliveryState.SENT else None,
                result.reply[:300],
                1 if result.counts_attempt else 0,
            )
        )
    with transaction.atomic():
        states.record_outcomes(rows)
        sent_ids = [r.subscriber_id for r in results if r.verdict == Verdict.SENT]
        if sent_ids:
            # Soft bounces count "in a row": a delivered message resets the count.
            Subscriber.objects.filter(id__in=sent_ids, soft_bounces__gt=0).update(soft_bounces=0)
        for result in results:
            if result.verdict == Verdict.BOUNCED:
                bounces.register_bounce(result.email, hard=result.hard, detail=result.reply)


def _next_state(result: Result, now: dt.datetime) -> tuple[str, dt.datetime | None]:
    if result.verdict == Verdict.SENT:
        return DeliveryState.SENT, None
    if result.verdict == Verdict.BOUNCED:
        return DeliveryState.BOUNCED, None
    if result.verdict == Verdict.FAILED:
        return DeliveryState.FAILED, None
    retry_at = result.retry_at or now
    return DeliveryState.DEFERRED, retry_at


def release(row_ids: Sequence[int], *, now: dt.datetime | None = None) -> None:
    """Give claimed rows back (a worker stopping cleanly), due at once, attempt not counted."""
    if row_ids:
        states.move_rows(
            Delivery.objects.filter(id__in=list(row_ids)),
            DeliveryState.QUEUED,
            sources=[DeliveryState.SENDING],
            due_at=now or timezone.now(),
            worker="",
        )


def expire_deferred(now: dt.datetime | None = None) -> int:
    """Deferred rows whose send is past its retry deadline become failed; returns how many."""
    now = now or timezone.now()
    late = Send.objects.filter(retry_until__lt=now).exclude(state=SendState.CANCELLED)
    return states.move_rows(
        Delivery.objects.filter(send__in=late),
        DeliveryState.FAILED,
        sources=[DeliveryState.DEFERRED],
        due_at=None,
    )
