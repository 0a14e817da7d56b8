"""Back office for the audience: search, counts by status, 90-day chart, GDPR actions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from numeriq.audience import admin_api, subscriptions  # noqa: F401 (registers ApiToken)
from numeriq.audience.charts import daily_bars_svg
from numeriq.audience.models import (
    ConsentEvent,
    Subscriber,
    SubscriberStatus,
    Suppression,
)


class ConsentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ConsentEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "source", "text", "ip_address", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "status", "frequency", "paused_until", "source", "created_at"]
    list_filter = ["status", "frequency", "source"]
    search_fields = ["^email"]
    ordering = ["-id"]
    show_full_result_count = False  # no COUNT(*) over a million rows on each page
    list_per_page = 100
    readonly_fields = [
        "email", "source", "created_at", "confirmed_at", "unsubscribed_at",
        "confirmation_sent_at", "soft_bounces",
    ]  # fmt: skip
    fields = ["email", "status", "frequency", "weekly_day", "paused_until", *readonly_fields[1:]]
    inlines = [ConsentInline]
    actions = ["export_personal_data", "erase_personal_data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people subscribe themselves (double opt-in) or come by import

    def get_actions(
        self, request: HttpRequest, action_location: ActionLocation = ActionLocation.CHANGE_LIST
    ) -> dict[str, Any]:
        found = super().get_actions(request, action_location)
        found.pop("delete_selected", None)  # deleting would skip the suppression list
        return found

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            response.context_data.update(audience_overview())
        return response

    @admin.action(description=_("Exporter les données personnelles (RGPD, JSON)"))
    def export_personal_data(
        self, request: HttpRequest, queryset: QuerySet[Subscriber]
    ) -> HttpResponse:
        data = [subscriptions.personal_data(s) for s in queryset.prefetch_related("consents")]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="donnees-abonnes.json"'
        return response

    @admin.action(description=_("Effacer les données (RGPD) et bloquer les adresses"))
    def erase_personal_data(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        count = 0
        for subscriber in queryset:
            subscriptions.erase(subscriber)
            count += 1
        text = ngettext("%d abonné effacé.", "%d abonnés effacés.", count)
        self.message_user(request, text % count, messages.SUCCESS)


def audience_overview(days: int = 90, today: dt.date | None = None) -> dict[str, Any]:
    """Counts by status and the daily chart of subscriptions and unsubscriptions."""
    today = today or timezone.localdate()
    start = today - dt.timedelta(days=days - 1)
    counts = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    since = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    arrivals = _per_day(Subscriber.objects.filter(confirmed_at__gte=since), "confirmed_at")
    departures = _per_day(Subscriber.objects.filter(unsubscribed_at__gte=since), "unsubscribed_at")
    series = [
        (day, arrivals.get(day, 0), departures.get(day, 0))
        for day in (start + dt.timedelta(days=n) for n in range(days))
    ]
    chart = daily_bars_svg(
        series, up_label=str(_("abonnements confirmés")), down_label=str(_("désabonnements"))
    )
    return {
        "status_counts": [
            (label, counts.get(value, 0)) for value, label in SubscriberStatus.choices
        ],
        "suppressed_count": Suppression.objects.count(),
        "daily_chart": mark_safe(chart),  # noqa: S308 (built from numbers and escaped labels)
        "chart_days": days,
    }


def _per_day(queryset: QuerySet[Subscriber], field: str) -> dict[dt.date, int]:
    rows = queryset.annotate(day=TruncDate(field)).values("day").annotate(n=Count("id"))
    return {row["day"]: row["n"] for row in rows}


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["address_hash", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["=address_hash"]
    show_full_result_count = False
