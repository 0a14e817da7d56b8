"""The local outbox in the back office, like a webmail: list, search, read."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from numeriq.delivery.models import CapturedMessage


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
