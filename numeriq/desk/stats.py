"""Stats: readers over time and each edition's send results, as server-drawn SVG charts.

With a million readers these figures take seconds to count: they are computed in the
background every few minutes (figures.py) and the page shows when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from numeriq.audience.charts import daily_bars_svg
from numeriq.audience.models import Subscriber, SubscriberStatus
from numeriq.delivery.models import Delivery, DeliveryState, Send, SendKind
from numeriq.desk import figures
from numeriq.desk.charts import line_svg, send_results_svg
from numeriq.desk.roles import role_required
from numeriq.text.french import french_date

DAYS = 90
SENDS = 14
REFRESH = dt.timedelta(minutes=5)


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
    totals: list[tuple[str, int]] = []
    running = active
    for day in reversed(days):
        totals.append((day.isoformat(), running))
        running = running - arrivals.get(day, 0) + departures.get(day, 0)
    totals.reverse()
    daily = [(day.isoformat(), arrivals.get(day, 0), departures.get(day, 0)) for day in days]
    return {"active": active, "totals": totals, "daily": daily}


def send_results(sends: list[Send], now: dt.datetime) -> list[dict[str, Any]]:
    """Counts by state and unsubscribes caused (readers of the send who left before the next)."""
    ids = [send.pk for send in sends]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    rows = Delivery.objects.filter(send_id__in=ids).values("send_id", "state")
    for row in rows.annotate(n=Count("id")).order_by():
        counts[row["send_id"]][row["state"]] = row["n"]
    starts = sorted(send.created_at for send in sends)
    results = []
    for send in sorted(sends, key=lambda s: s.created_at):
        until = next((start for start in starts if start > send.created_at), now)
        unsubscribes = Subscriber.objects.filter(
            unsubscribed_at__gte=send.created_at,
            unsubscribed_at__lt=until,
            deliveries__send=send,
        ).count()
        results.append(
            {
                "pk": send.pk,
                "name": french_date(send.edition.date) if send.edition else send.key,
                "counts": counts[send.pk],
                "unsubscribes": unsubscribes,
            }
        )
    return results


@figures.register("stats")
def compute(key: str) -> dict[str, Any]:
    """Everything the stats page shows, as JSON values."""
    today = dt.date.fromisoformat(key.split(":", 1)[1])
    sends = list(
        Send.objects.filter(kind=SendKind.EDITION)
        .select_related("edition")
        .only("pk", "key", "created_at", "edition__date")
        .order_by("-created_at")[:SENDS]
    )
    return {**audience_series(today), "sends": send_results(sends, timezone.now())}


@role_required()
def stats(request: HttpRequest) -> HttpResponse:
    """Readers over time; the latest editions' sends: sent, deferred, bounced, failed, left."""
    today = timezone.localdate()
    data, computed_at = figures.read(f"stats:{today.isoformat()}", REFRESH)
    totals = [(dt.date.fromisoformat(day), n) for day, n in data["totals"]]
    daily = [(dt.date.fromisoformat(day), up, down) for day, up, down in data["daily"]]
    results = data["sends"]
    labels = {state.value: str(state.label) for state in DeliveryState}
    chart = send_results_svg(
        [(r["name"], r["counts"], r["unsubscribes"]) for r in results],
        labels=labels,
        unsub_label=str(_("désabonnements")),
    )
    context = {
        "nav": "stats",
        "active": data["active"],
        "computed_at": timezone.localtime(computed_at).strftime("%H:%M"),
        "refresh_minutes": int(REFRESH.total_seconds() // 60),
        "totals_chart": mark_safe(  # noqa: S308 (numbers and escaped labels only)
            line_svg(totals, label=str(_("abonnés actifs")))
        ),
        "daily_chart": mark_safe(  # noqa: S308
            # Its inline style would break the CSP (no 'unsafe-inline'): the desk's CSS sizes it.
            daily_bars_svg(
                daily,
                up_label=str(_("abonnements confirmés")),
                down_label=str(_("désabonnements")),
            ).replace(' style="max-width:100%;height:auto"', ' class="chart"', 1)
        ),
        "sends_chart": mark_safe(chart),  # noqa: S308
        "results": list(reversed(results)),
        "days": DAYS,
    }
    return render(request, "desk/stats.html", context)
