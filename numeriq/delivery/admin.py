"""The back office of delivery: sends with their exact counts and controls, the ledger, the
domains that asked us to slow down, and the local outbox (like a webmail: list, search, read).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from numeriq.delivery import ledger
from numeriq.delivery.errors import DeliveryError
from numeriq.delivery.models import (
    CapturedMessage,
    Delivery,
    DeliveryState,
    DomainThrottle,
    Send,
)

_COUNT_LABELS = {state.value: state.label for state in DeliveryState}


def _control(
    verb: Callable[[Send], Any], done: str
) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Send]], None]:  # type: ignore[type-arg]
    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Send]
    ) -> None:  # type: ignore[type-arg]
        for send in queryset:
            try:
                result = verb(send)
            except DeliveryError as error:
                modeladmin.message_user(request, str(error), messages.WARNING)
                continue
            suffix = f" ({result})" if isinstance(result, int) else ""
            modeladmin.message_user(request, f"{send.key} : {done}{suffix}")

    return action


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "kind", "state", "created_at", "progress", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["key", "subject"]
    readonly_fields = [
        "key",
        "kind",
        "edition",
        "state",
        "subject",
        "created_at",
        "snapshot_at",
        "retry_until",
        "finished_at",
        "ledger_counts",
    ]
    exclude = ["html", "text"]
    actions = ["pause", "resume", "cancel", "resend_failed", "add_new_readers"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("envoyés / total"))
    def progress(self, send: Send) -> str:
        counts = ledger.counts(send)
        return f"{counts['sent']} / {sum(counts.values())}"

    @admin.display(description=_("registre"))
    def ledger_counts(self, send: Send) -> str:
        counts = ledger.counts(send)
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td></tr>",
            ((_COUNT_LABELS[state], count) for state, count in counts.items()),
        )
        return format_html(
            "<table><tbody>{}<tr><th scope='row'>{}</th><td>{}</td></tr></tbody></table>",
            rows,
            _("Total"),
            sum(counts.values()),
        )

    pause = admin.action(description=_("Mettre en pause"))(_control(ledger.pause, _("en pause")))
    resume = admin.action(description=_("Reprendre"))(_control(ledger.resume, _("repris")))
    cancel = admin.action(description=_("Annuler l’envoi"))(_control(ledger.cancel, _("annulé")))
    resend_failed = admin.action(description=_("Renvoyer aux adresses en échec"))(
        _control(ledger.resend, _("lignes remises en file"))
    )
    add_new_readers = admin.action(description=_("Envoyer aux abonnés arrivés depuis"))(
        _control(ledger.add_new_readers, _("nouveaux lecteurs en file"))
    )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "send", "reader", "state", "attempts", "due_at", "sent_at", "last_reply"]
    list_filter = ["state", "send"]
    list_select_related = ["send", "subscriber"]
    search_fields = ["^subscriber__email"]
    show_full_result_count = False  # a million rows: no second COUNT(*) per page
    readonly_fields = [
        "send",
        "subscriber",
        "state",
        "attempts",
        "due_at",
        "worker",
        "last_reply",
        "sent_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("lecteur"), ordering="subscriber__email")
    def reader(self, row: Delivery) -> str:
        return row.subscriber.email if row.subscriber else "—"


@admin.register(DomainThrottle)
class DomainThrottleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["domain", "until", "strikes", "reply"]
    search_fields = ["domain"]


@admin.register(CapturedMessage)
class CapturedMessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "recipients", "subject"]
    search_fields = ["recipients", "subject"]
    readonly_fields = ["created_at", "sender", "recipients", "subject", "text_part", "html_part"]
    exclude = ["raw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("texte"))
    def text_part(self, message: CapturedMessage) -> str:
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', message.body("plain"))

    @admin.display(description=_("HTML (source)"))
    def html_part(self, message: CapturedMessage) -> str:
        # Shown as escaped source: a message's HTML never runs inside the back office.
        return format_html(
            '<details><summary>{}</summary><pre style="white-space: pre-wrap">{}</pre></details>',
            _("afficher"),
            message.body("html"),
        )
