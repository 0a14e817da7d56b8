"""Back office for sources: their health at a glance, pause and resume; items read-only.

The editor's real screens for the newsroom belong to the desk; this is the plain list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from numeriq.sources.errors import InvalidSourceError
from numeriq.sources.models import Item, Source
from numeriq.sources.registry import set_paused, validate_source_url

# A source's health (Source.health) as the back office words it.
HEALTH_LABELS = {
    "ok": _("en forme"),
    "new": _("jamais lue"),
    "failing": _("en échec"),
    "paused": _("en pause"),
}

# Why the back office refuses a source URL, by InvalidSourceError.reason.
REFUSED = {
    "empty": _("Indiquez l’adresse du flux."),
    "scheme": _("Seules les adresses http:// et https:// sont des sources."),
    "host": _("Cette adresse ne nomme aucun serveur."),
    "address": _("Une adresse interne, privée ou réservée ne peut pas être une source."),
    "local": _(
        "Les fichiers locaux ne s’ajoutent qu’en ligne de commande : "
        "donnez une adresse http:// ou https://."
    ),
    "outside": _("Ce fichier n’est pas dans le dossier des flux locaux autorisés."),
}


class SourceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A source as the back office takes it: web feeds only, validated like the CLI."""

    class Meta:
        model = Source
        fields = "__all__"

    def clean_url(self) -> str:
        """The URL as stored, or the reason it is refused (local files are CLI-only)."""
        try:
            return validate_source_url(self.cleaned_data.get("url") or "", local_files=False)
        except InvalidSourceError as error:
            raise forms.ValidationError(REFUSED[error.reason], code=error.reason) from error


class PausedFilter(admin.BooleanFieldListFilter):
    """« Par mise en pause », not Django's « Par » + the field's name (« Par en pause »)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("mise en pause")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SourceForm
    list_display = [
        "__str__", "health_label", "last_success_at", "consecutive_failures", "last_error",
        "paused",
    ]  # fmt: skip
    list_filter = [("paused", PausedFilter)]
    search_fields = ["title", "url"]
    readonly_fields = [
        "etag", "last_modified", "last_fetched_at", "last_success_at", "last_error",
        "last_warning", "consecutive_failures", "added_at",
    ]  # fmt: skip
    actions = ["pause_selected", "resume_selected"]

    @admin.display(description=_("santé"))
    def health_label(self, source: Source) -> str:
        """The source's health in one French word."""
        return str(HEALTH_LABELS[source.health])

    @admin.action(description=_("Mettre en pause"))
    def pause_selected(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        """Pause the selected sources."""
        for source in queryset:
            set_paused(source, True, "paused by hand")
        messages.success(request, _("Sources mises en pause : %d") % queryset.count())

    @admin.action(description=_("Reprendre"))
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        """Resume the selected sources with a clean failure count."""
        for source in queryset:
            set_paused(source, False)
        messages.success(request, _("Sources reprises : %d") % queryset.count())


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["shown_title", "source", "published_at", "language", "page_error"]
    list_filter = ["language", "source"]
    search_fields = ["title", "text", "url"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]

    @admin.display(description=_("titre"), ordering="title")
    def shown_title(self, item: Item) -> str:
        """The feed's title with French typography (« d’euros »), as the desk shows it."""
        return str(item)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Items come from feeds only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """What a feed said is not edited."""
        return False
