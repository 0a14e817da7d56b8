"""Back office for editions: list, search, status changes, preview in every format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from numeriq.editions import lifecycle
from numeriq.editions.header_text import HEADER_FIELDS, field_error
from numeriq.editions.markup import image_problems, is_safe_image_url
from numeriq.editions.models import Edition, EditionItem, EditionStatus
from numeriq.editions.preview import preview_response
from numeriq.editions.store import refresh_search_text
from numeriq.text.french import french_date, parse_day


def _one_line(form: forms.ModelForm, name: str) -> str:  # type: ignore[type-arg]
    value = str(form.cleaned_data.get(name, ""))
    error = field_error(name, value)
    if error:
        raise forms.ValidationError(error)
    return value


class EditionItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """An item in the back office: the same rules as the desk (heading, image address)."""

    class Meta:
        model = EditionItem
        fields = "__all__"

    def clean_heading(self) -> str:
        """One line, no control character (the first heading is the subject's default)."""
        return _one_line(self, "heading")

    def clean_image_url(self) -> str:
        """An http(s) address or a path of the site, never //host or /\\host."""
        url = str(self.cleaned_data.get("image_url", "")).strip()
        if url and not is_safe_image_url(url):
            raise forms.ValidationError(
                _(
                    "L’adresse de l’image doit commencer par https:// "
                    "ou par un seul / (une adresse du site, sans barre oblique inverse)."
                )
            )
        return url

    def clean(self) -> dict[str, Any]:
        """A caption needs an image; a decorative image has no alt text (as in the desk)."""
        cleaned: dict[str, Any] = super().clean() or {}
        for problem in image_problems(
            str(cleaned.get("image_url", "")),
            str(cleaned.get("image_alt", "")),
            str(cleaned.get("image_caption", "")),
            bool(cleaned.get("image_decorative")),
        ):
            self.add_error(None, problem[:1].upper() + problem[1:])
        return cleaned


class EditionForm(forms.ModelForm):  # type: ignore[type-arg]
    """An edition in the back office: headline, subject and preheader on one line."""

    class Meta:
        model = Edition
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        """Refuse a control character (CR, LF, NUL…) in the texts that reach the headers."""
        cleaned: dict[str, Any] = super().clean() or {}
        for name in HEADER_FIELDS:
            error = field_error(name, str(cleaned.get(name, "")))
            if error:
                self.add_error(name, error)
        return cleaned


class EditionItemInline(admin.StackedInline):  # type: ignore[type-arg]
    model = EditionItem
    form = EditionItemForm
    extra = 0
    ordering = ["position"]
    fields = [
        "position",
        "kind",
        "heading",
        "image_url",
        "image_alt",
        "image_decorative",
        "image_caption",
        "quote",
        "body",
    ]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = EditionForm
    list_display = ["day", "headline_or_first", "status", "scheduled_at", "updated_at", "preview"]
    list_filter = ["status"]
    search_fields = ["headline", "subject", "editorial", "items__heading", "items__body"]
    date_hierarchy = "date"
    ordering = ["-date"]
    readonly_fields = ["version", "created_at", "updated_at", "published_at"]
    inlines = [EditionItemInline]
    actions = ["schedule_selected", "publish_selected", "back_to_draft"]
    fieldsets = [
        (None, {"fields": ["date", "slug", "headline", "subject", "preheader", "editorial"]}),
        (_("Statut"), {"fields": ["status", "scheduled_at", "published_at", "version"]}),
        (_("Historique"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        return super().get_queryset(request).prefetch_related("items")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Items saved: the archive's search words follow the new text."""
        super().save_related(request, form, formsets, change)
        refresh_search_text(form.instance)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Edition], search_term: str
    ) -> tuple[QuerySet[Edition], bool]:
        """Text as usual; a date as typed (« 28/11/2026 », « 28 novembre ») finds its edition."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if day := parse_day(search_term):
            on_that_day = queryset.filter(date__day=day.day, date__month=day.month)
            if day.year is not None:
                on_that_day = on_that_day.filter(date__year=day.year)
            found = found | on_that_day
        return found, may_have_duplicates

    @admin.display(description=_("date"), ordering="date")
    def day(self, edition: Edition) -> str:
        """« 1er décembre 2026 » (Django's French date format writes « 1 décembre »)."""
        return french_date(edition.date)

    @admin.display(description=_("titre"))
    def headline_or_first(self, edition: Edition) -> str:
        return edition.list_title

    @admin.display(description=_("aperçu"))
    def preview(self, edition: Edition) -> str:
        links = [
            (fmt, reverse("admin:editions_edition_preview", args=[edition.pk, fmt]))
            for fmt in ("web", "email", "texte")
        ]
        return format_html(
            " · ".join(['<a href="{}" target="_blank" rel="noopener">{}</a>'] * len(links)),
            *[part for fmt, url in links for part in (url, fmt)],
        )

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<int:pk>/apercu/<str:fmt>/",
                self.admin_site.admin_view(self.preview_view),
                name="editions_edition_preview",
            )
        ]
        return extra + super().get_urls()

    def preview_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        """The edition as a reader will get it, whatever its status."""
        edition = get_object_or_404(Edition.objects.prefetch_related("items"), pk=pk)
        response = preview_response(request, edition, fmt)
        # Email HTML carries inline styles: sandbox the preview instead of loosening the CSP.
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline' 'self'"
        )
        return response

    @admin.action(description=_("Programmer pour le matin de leur date (07:00)"))
    def schedule_selected(self, request: HttpRequest, queryset: QuerySet[Edition]) -> None:
        self._each(request, queryset, lambda e: lifecycle.schedule(e, _morning_of(e.date)))

    @admin.action(description=_("Publier sur le site"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Edition]) -> None:
        self._each(request, queryset, lifecycle.publish)

    @admin.action(description=_("Repasser en brouillon"))
    def back_to_draft(self, request: HttpRequest, queryset: QuerySet[Edition]) -> None:
        def to_draft(edition: Edition) -> Edition:
            if edition.status == "scheduled":
                return lifecycle.unschedule(edition)
            return lifecycle.unpublish(edition)

        self._each(request, queryset, to_draft)

    def _each(self, request: HttpRequest, queryset: QuerySet[Edition], move: Any) -> None:
        done = 0
        for edition in queryset:
            try:
                move(edition)
                done += 1
            except lifecycle.TransitionError as error:
                text = _(
                    "L’édition du %(date)s est « %(current)s » : "
                    "elle ne peut pas passer à « %(target)s »."
                )
                values = {
                    "date": french_date(edition.date),
                    "current": EditionStatus(error.current).label,
                    "target": EditionStatus(error.target).label,
                }
                self.message_user(request, text % values, messages.WARNING)
        if done:
            text = ngettext("%d édition mise à jour.", "%d éditions mises à jour.", done)
            self.message_user(request, text % done)


def _morning_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(7)))
