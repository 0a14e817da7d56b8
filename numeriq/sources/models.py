"""Sources (feeds) with their health, and the items they bring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from numeriq.text.typography import typographize


class Source(models.Model):
    """A feed URL (or local file) and its health: last success, last error, failures."""

    url = models.CharField(_("adresse du flux"), max_length=1000, unique=True)
    title = models.CharField(_("nom"), max_length=200, blank=True)
    site_url = models.CharField(_("site"), max_length=1000, blank=True)
    paused = models.BooleanField(_("en pause"), default=False)
    paused_reason = models.CharField(_("raison de la pause"), max_length=300, blank=True)
    etag = models.CharField(_("version du flux (étiquette HTTP)"), max_length=300, blank=True)
    last_modified = models.CharField(_("modifié le (selon le serveur)"), max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(_("dernière lecture"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("dernier succès"), null=True, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)
    last_warning = models.CharField(_("dernier avertissement"), max_length=500, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("échecs consécutifs"), default=0)
    added_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return typographize(self.title) if self.title else self.url

    @property
    def health(self) -> str:
        """One word: paused, failing, ok or new."""
        if self.paused:
            return "paused"
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_success_at else "new"


class Item(models.Model):
    """One entry of a feed, with its article page's text once fetched."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.CharField(
        _("empreinte"),
        max_length=64,
        help_text=_("sha256 du guid, sinon du lien canonique, sinon du contenu"),
    )
    guid = models.CharField(_("identifiant dans le flux"), max_length=1000, blank=True)
    url = models.CharField(_("lien"), max_length=2000, blank=True)
    title = models.CharField(_("titre"), max_length=500, blank=True)
    summary = models.TextField(_("résumé du flux"), blank=True)
    text = models.TextField(_("texte de l’article"), blank=True)
    author = models.CharField(_("auteur"), max_length=300, blank=True)
    image_url = models.CharField(_("image"), max_length=2000, blank=True)
    language = models.CharField(_("langue"), max_length=8, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    fetched_at = models.DateTimeField(_("lu le"), auto_now_add=True)
    page_fetched_at = models.DateTimeField(_("page lue le"), null=True, blank=True)
    page_error = models.CharField(_("erreur de page"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="item_unique_key_per_source")
        ]
        indexes = [
            models.Index(fields=["published_at"], name="item_published_at"),
            # The per-source daily cap counts a source's items of the day at every fetch.
            models.Index(fields=["source", "fetched_at"], name="item_source_fetched_at"),
        ]

    def __str__(self) -> str:
        return typographize(self.title) if self.title else self.url

    @property
    def body(self) -> str:
        """The best text we have: the article's, else the feed's summary."""
        return self.text if len(self.text) >= len(self.summary) else self.summary

    @property
    def when(self):  # type: ignore[no-untyped-def]
        """Publication time, else when we first saw it."""
        return self.published_at or self.fetched_at
