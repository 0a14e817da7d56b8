"""Messages kept by the local capture (the demo's and the tests' mailbox)."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from django.db import models
from django.utils.translation import gettext_lazy as _


class CapturedMessage(models.Model):
    """One message as it would have left the machine."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    sender = models.CharField(_("expéditeur"), max_length=320)
    recipients = models.TextField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=998, blank=True)
    raw = models.BinaryField(_("message brut"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message capturé")
        verbose_name_plural = _("boîte d’envoi locale")

    def __str__(self) -> str:
        return f"{self.recipients} — {self.subject}"

    def parsed(self) -> EmailMessage:
        """The message as the standard library reads it."""
        message = email.message_from_bytes(bytes(self.raw), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message

    def body(self, subtype: str) -> str:
        """The text of the plain or html part ('' when absent)."""
        part = self.parsed().get_body(preferencelist=(subtype,))
        return str(part.get_content()) if part is not None else ""
