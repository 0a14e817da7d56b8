"""Back office for API tokens: who has one and when it was last used, never the token.

Tokens are created with `numeriq api-token create NAME` (shown once, then only their digest
is kept); here they can be seen and deleted, which revokes them at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from numeriq.audience.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "created_at", "last_used_at"]
    search_fields = ["name"]
    ordering = ["name"]
    fields = ["name", "created_at", "last_used_at"]  # not the digest: nothing to leak
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Tokens are made on the command line, where the token can be shown once."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Read-only: a token's name is how its owner and the logs know it."""
        return False
