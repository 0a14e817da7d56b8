"""One row per running worker process, refreshed every few seconds: /healthz reads it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """A worker process (host:pid) and when it last said it was alive."""

    worker = models.CharField(max_length=64, primary_key=True)
    roles = models.CharField(max_length=32)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("signe de vie d’un processus")
        verbose_name_plural = _("signes de vie des processus")

    def __str__(self) -> str:
        return f"{self.worker} ({self.roles}) {self.seen_at:%H:%M:%S}"
