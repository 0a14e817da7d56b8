"""Stats: readers over time and each edition's send results, as server-drawn SVG charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from numeriq.audience.charts import daily_bars_svg
from numeriq.audience.models import Subscriber, SubscriberStatus
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind, SendState
from numeriq.desk.charts import line_svg, send_results_svg
from numeriq.desk.roles import role_required

DAYS = 90
SENDS = 14
CACHE_SECONDS = 300  # stats need not be live to the second; 1M readers cost a scan


def _per_day(field: str, since: dt.datetime) -> dict[dt.date, int]:
    rows = (
        Subscriber.objects.filter(**{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def audience_series(today: dt.date) -> dict[str, Any]:
    """Active readers per day (from today's count, walking back), arrivals and departures."""
    start = today - dt.timedelta(days=DAYS - 1)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    active = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE).count()
    arrivals = _per_day("confirmed_at", since)
    departures = _per_day("unsubscribed_at", since)
    days = [start + dt.timedelta(days=n) for n in range(DAYS)]
    totals: list[tuple[dt.date, int]] = []
    running = active
    for day in reversed(days):
        totals.append((day, running))
        running = running - arrivals.get(day, 0) + departures.get(day, 0)
    totals.reverse()
    daily = [(day, arrivals.get(day, 0), departures.get(day, 0)) for day in days]
    return {"active": active, "totals": totals, "daily": daily}


def send_results(
    sends: list[Send], now: dt.datetime, starts: list[dt.datetime] | None = None
) -> list[dict[str, Any]]:
    """Counts by state and unsubscribes caused (readers of the send who left before the next).

    `starts` are the start times of every send shown, so a send's window ends at the next one.
    """
    ids = [send.pk for send in sends]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    rows = Delivery.objects.filter(send_id__in=ids).values("send_id", "state")
    for row in rows.annotate(n=Count("id")).order_by():
        counts[row["send_id"]][row["state"]] = row["n"]
    results = []
    starts = sorted(starts or [send.created_at for send in sends])
    for send in sends:
        until = next((start for start in starts if start > send.created_at), now)
        unsubscribes = Subscriber.objects.filter(
            unsubscribed_at__gte=send.created_at,
            unsubscribed_at__lt=until,
            deliveries__send=send,
        ).count()
        results.append(
            {
                "send": send,
                "name": send.edition.date.isoformat() if send.edition else send.key,
                "counts": counts[send.pk],
                "unsubscribes": unsubscribes,
            }
        )
    return results


@role_required()
def stats(request: HttpRequest) -> HttpResponse:
    """Readers over time; the latest editions' sends: sent, deferred, bounced, failed, left."""
    today = timezone.localdate()
    key = f"desk:stats:{today.isoformat()}"
    audience = cache.get(key)
    if audience is None:
        audience = audience_series(today)
        cache.set(key, audience, CACHE_SECONDS)
    sends = list(
        Send.objects.filter(kind=SendKind.EDITION)
        .select_related("edition")
        .only("pk", "key", "state", "created_at", "finished_at", "edition__date")
        .order_by("-created_at")[:SENDS]
    )
    finished = [s for s in sends if s.state in (SendState.DONE, SendState.CANCELLED)]
    cached_key = "desk:sends:" + ",".join(str(s.pk) for s in finished)
    cached = cache.get(cached_key)
    running = [s for s in sends if s not in finished]
    if cached is None:
        starts = [s.created_at for s in sends]
        cached = {r["send"].pk: r for r in send_results(finished, timezone.now(), starts)}
        cache.set(cached_key, cached, CACHE_SECONDS)
    starts = [s.created_at for s in sends]
    live = {r["send"].pk: r for r in send_results(running, timezone.now(), starts)}
    results = [live.get(s.pk) or cached[s.pk] for s in sorted(sends, key=lambda s: s.created_at)]
    labels = {state.value: str(state.label) for state in DeliveryState}
    chart = send_results_svg(
        [(r["name"], r["counts"], r["unsubscribes"]) for r in results],
        labels=labels,
        unsub_label=str(_("désabonnements")),
    )
    context = {
        "active": audience["active"],
        "totals_chart": mark_safe(  # noqa: S308 (numbers and escaped labels only)
            line_svg(audience["totals"], label=str(_("abonnés actifs")))
        ),
        "daily_chart": mark_safe(  # noqa: S308
            daily_bars_svg(
                audience["daily"],
                up_label=str(_("abonnements confirmés")),
                down_label=str(_("désabonnements")),
            )
        ),
        "sends_chart": mark_safe(chart),  # noqa: S308
        "results": list(reversed(results)),
        "days": DAYS,
    }
    return render(request, "desk/stats.html", context)
