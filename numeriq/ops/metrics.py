"""/metrics in the Prometheus text format: ledger, sends, jobs, ingest, subscribers.

Cheap at scale: ledger rows are counted only for open sends and those finished in the last
day (the (send, state) index); subscribers by status through the (status, id) index, cached
for SUBSCRIBERS_CACHE seconds; everything else reads small tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

SUBSCRIBERS_CACHE = 60
RECENT_SENDS = dt.timedelta(days=1)
Sample = tuple[dict[str, str], float]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def family(name: str, help_text: str, samples: Iterable[Sample], kind: str = "gauge") -> str:
    """One metric family: HELP, TYPE, then one line per sample."""
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    for labels, value in samples:
        inside = ",".join(f'{key}="{_escape(val)}"' for key, val in labels.items())
        number = repr(float(value)) if isinstance(value, float) else str(value)
        lines.append(f"{name}{{{inside}}} {number}" if inside else f"{name} {number}")
    return "\n".join(lines) + "\n"


def _delivery(now: dt.datetime) -> list[str]:
    from numeriq.delivery.models import Delivery, DeliveryState, Send, SendState

    sends = {
        send.pk: send
        for send in Send.objects.filter(
            Q(state__in=[SendState.SENDING, SendState.PAUSED])
            | Q(finished_at__gte=now - RECENT_SENDS)
        ).only("pk", "key", "state")
    }
    rows = (
        Delivery.objects.filter(send_id__in=list(sends))
        .values("send_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_send: dict[int, dict[str, int]] = {pk: {} for pk in sends}
    for row in rows:
        by_send[row["send_id"]][row["state"]] = row["n"]
    ledger: list[Sample] = []
    progress: list[Sample] = []
    terminal = {str(state) for state in DeliveryState} - {"queued", "deferred", "sending"}
    for pk, counts in by_send.items():
        key = sends[pk].key
        for state in DeliveryState:
            ledger.append(({"send": key, "state": state.value}, counts.get(state.value, 0)))
        total = sum(counts.values())
        done = sum(n for state, n in counts.items() if state in terminal)
        progress.append(({"send": key, "state": sends[pk].state}, done / total if total else 1.0))
    states = dict(Send.objects.values_list("state").annotate(n=Count("id")).order_by())
    return [
        family(
            "numeriq_ledger_rows",
            "Ledger rows of the open sends and those finished in the last day, by state.",
            ledger,
        ),
        family(
            "numeriq_send_progress_ratio",
            "Share of a send's rows in a final state (1: done).",
            progress,
        ),
        family(
            "numeriq_sends",
            "Sends by state.",
            [({"state": s.value}, states.get(s.value, 0)) for s in SendState],
        ),
    ]


def _jobs(now: dt.datetime) -> list[str]:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    due = ready.filter(Q(run_after__isnull=True) | Q(run_after__lte=now)).count()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    return [
        family(
            "numeriq_jobs",
            "Background jobs: due (waiting for a worker), planned later, running.",
            [
                ({"state": "due"}, due),
                ({"state": "planned"}, ready.count() - due),
                ({"state": "running"}, running),
            ],
        )
    ]


def _ingest(now: dt.datetime) -> list[str]:
    from numeriq.sources.models import Source

    live = Q(paused=False, consecutive_failures=0)
    found = Source.objects.aggregate(
        health_paused=Count("id", filter=Q(paused=True)),
        health_failing=Count("id", filter=Q(paused=False, consecutive_failures__gt=0)),
        health_ok=Count("id", filter=live & Q(last_success_at__isnull=False)),
        health_new=Count("id", filter=live & Q(last_success_at__isnull=True)),
        newest_success=Max("last_success_at"),
    )
    last = found.pop("newest_success")
    counts = {name.removeprefix("health_"): n for name, n in found.items()}
    families = [
        family(
            "numeriq_sources",
            "Feed sources by health.",
            [({"health": name}, n) for name, n in counts.items()],
        )
    ]
    if last is not None:
        families.append(
            family(
                "numeriq_sources_last_success_age_seconds",
                "Seconds since any source was last read successfully.",
                [({}, round((now - last).total_seconds(), 3))],
            )
        )
    return families


def subscriber_counts() -> dict[str, int]:
    """Subscribers by status (cached a minute: an index scan of a million rows)."""
    from numeriq.audience.models import Subscriber, SubscriberStatus

    cached = cache.get("numeriq:metrics:subscribers")
    if cached is None:
        found = dict(Subscriber.objects.values_list("status").annotate(n=Count("id")).order_by())
        cached = {status.value: found.get(status.value, 0) for status in SubscriberStatus}
        cache.set("numeriq:metrics:subscribers", cached, SUBSCRIBERS_CACHE)
    return dict(cached)


def _subscribers() -> list[str]:
    return [
        family(
            "numeriq_subscribers",
            "Subscribers by status (refreshed every minute).",
            [({"status": status}, n) for status, n in subscriber_counts().items()],
        )
    ]


def _workers(now: dt.datetime) -> list[str]:
    from numeriq.ops.heartbeat import last_seen

    seen = last_seen()
    if seen is None:
        return []
    return [
        family(
            "numeriq_worker_last_seen_age_seconds",
            "Seconds since a worker's last heartbeat.",
            [({}, round((now - seen).total_seconds(), 3))],
        )
    ]


def render(now: dt.datetime | None = None) -> str:
    """The whole exposition text."""
    from numeriq.ops.health import oldest_email_age

    now = now or timezone.now()
    parts = [*_delivery(now), *_jobs(now), *_ingest(now), *_subscribers(), *_workers(now)]
    age = oldest_email_age(now)
    parts.append(
        family(
            "numeriq_transactional_email_oldest_age_seconds",
            "Seconds the oldest due confirmation or welcome email has waited (0: none).",
            [({}, round(age or 0.0, 3))],
        )
    )
    return "".join(parts)
