"""What the newsroom remembers: which edition drafts it wrote, to never overwrite an editor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsroomDraft(models.Model):
    """The edition the newsroom last wrote for a date, with its version and time then.

    An edition whose version or updated_at differs from these was touched by someone else.
    """

    date = models.DateField(_("date"), unique=True)
    edition_id = models.BigIntegerField()
    version = models.PositiveIntegerField()
    updated_at = models.DateTimeField()
    stories = models.PositiveIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("brouillon automatique")
        verbose_name_plural = _("brouillons automatiques")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} v{self.version}"
