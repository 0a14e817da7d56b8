"""The edition and its items in the database."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.text.french import french_date
from numeriq.text.typography import typographize


class EditionStatus(models.TextChoices):
    """An edition's life: draft → scheduled → published → sent."""

    DRAFT = "draft", _("Brouillon")
    SCHEDULED = "scheduled", _("Programmée")
    PUBLISHED = "published", _("Publiée")
    SENT = "sent", _("Envoyée")


# The back office's words for the three kinds (the values stay the Markdown format's).
ITEM_KIND_LABELS = {
    ItemKind.TITLED: _("élément titré"),
    ItemKind.BREVE: _("brève"),
    ItemKind.QUOTE: _("« Qui a dit ça ? »"),
}


class Edition(models.Model):
    """One day's edition; its items hold the content in order."""

    date = models.DateField(_("date"), unique=True)
    slug = models.SlugField(_("slug"), max_length=80)
    headline = models.CharField(_("titre"), max_length=200, blank=True)
    subject = models.CharField(_("objet de l’email"), max_length=250, blank=True)
    preheader = models.CharField(_("texte d’aperçu"), max_length=250, blank=True)
    editorial = models.TextField(_("éditorial"), blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    scheduled_at = models.DateTimeField(_("programmée pour"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Its words folded (summary.search_text), for the archive's search: kept by save_doc.
    search_text = models.TextField(_("texte de recherche"), blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        indexes = [
            models.Index(fields=["status", "-date"], name="edition_status_date"),
            # The site's page cache keys on MAX(updated_at): keep that one lookup cheap.
            models.Index(fields=["updated_at"], name="edition_updated_at"),
        ]

    def __str__(self) -> str:
        return f"{french_date(self.date)} — {self.list_title}"

    @property
    def lead_headline(self) -> str:
        """The headline, else the first titled item's heading."""
        return self.headline or self.to_doc().lead_headline

    @property
    def list_title(self) -> str:
        """The lead headline; for an edition with none yet, what it holds (never blank)."""
        if headline := self.lead_headline:
            return typographize(headline)
        count = len(self.items.all())  # prefetched by the lists
        if not count:
            return str(_("Sans titre (édition vide)"))
        return ngettext(
            "Sans titre (%(count)d élément, aucun intertitre)",
            "Sans titre (%(count)d éléments, aucun intertitre)",
            count,
        ) % {"count": count}

    def get_absolute_url(self) -> str:
        """The permalink /yyyy/mm/dd/slug/."""
        return permalink(self.date, self.slug)

    def web_url(self) -> str:
        """The permalink on the public site (NUMERIQ_SITE_URL), for emails and feeds."""
        return settings.SITE_URL + self.get_absolute_url()

    def to_doc(self) -> EditionDoc:
        """The edition as plain values (items in order)."""
        return EditionDoc(
            date=self.date,
            editorial=self.editorial,
            headline=self.headline,
            subject=self.subject,
            preheader=self.preheader,
            items=tuple(item.to_value() for item in self.items.all()),
        )


def permalink(day: dt.date, slug: str) -> str:
    """The permalink of the edition of that day."""
    return reverse(
        "site:edition",
        kwargs={
            "year": day.year,
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": slug,
        },
    )


class EditionItem(models.Model):
    """One item of an edition: titled item, brève or quote quiz."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(
        _("type"), max_length=10, choices=[(k.value, ITEM_KIND_LABELS[k]) for k in ItemKind]
    )
    heading = models.CharField(_("intertitre"), max_length=200, blank=True)
    image_url = models.CharField(_("image"), max_length=500, blank=True)
    image_alt = models.CharField(
        _("texte alternatif de l’image"),
        max_length=300,
        blank=True,
        help_text=_(
            "Ce que montre l’image, lu par les lecteurs d’écran et affiché quand les images "
            "sont bloquées. Obligatoire, sauf pour une image décorative."
        ),
    )
    image_decorative = models.BooleanField(
        _("image décorative"),
        default=False,
        help_text=_(
            "L’image n’apporte rien au texte : les lecteurs d’écran la passent "
            "(texte alternatif vide)."
        ),
    )
    image_caption = models.CharField(
        _("légende de l’image"),
        max_length=300,
        blank=True,
        help_text=_(
            "Facultative, affichée sous l’image : une légende ou un crédit (« Photo : AFP »)."
        ),
    )
    quote = models.TextField(_("citation"), blank=True)
    body = models.TextField(_("texte"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("élément")
        verbose_name_plural = _("éléments")
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="item_unique_position")
        ]

    def __str__(self) -> str:
        return typographize(self.heading or self.body[:60])

    def to_value(self) -> Item:
        """The item as a plain value."""
        return Item(
            kind=ItemKind(self.kind),
            heading=self.heading,
            body=self.body,
            image_url=self.image_url,
            image_alt=self.image_alt,
            image_caption=self.image_caption,
            image_decorative=self.image_decorative,
            quote=self.quote,
        )
