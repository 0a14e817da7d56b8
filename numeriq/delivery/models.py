"""Sends, their ledger (one row per edition and subscriber), and the local capture outbox."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SendKind(models.TextChoices):
    """What a send carries."""

    EDITION = "edition", _("Édition du jour")
    RECAP = "recap", _("Récapitulatif de la semaine")


class SendState(models.TextChoices):
    """A send's life: sending ⇄ paused → done, or cancelled."""

    SENDING = "sending", _("En cours")
    PAUSED = "paused", _("En pause")
    DONE = "done", _("Terminé")
    CANCELLED = "cancelled", _("Annulé")


class Send(models.Model):
    """One mailing: an edition (or a weekly recap) rendered once, to a snapshot of readers."""

    key = models.CharField(_("clé"), max_length=64, unique=True)
    kind = models.CharField(_("type"), max_length=8, choices=SendKind.choices)
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("édition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sends",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=SendState.choices, default=SendState.SENDING
    )
    subject = models.CharField(_("objet"), max_length=998)
    html = models.TextField()
    text = models.TextField()
    created_at = models.DateTimeField(_("créé le"), db_index=True)
    snapshot_at = models.DateTimeField(_("audience figée le"))
    retry_until = models.DateTimeField(_("nouvelles tentatives jusqu’au"))
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")

    def __str__(self) -> str:
        return f"{self.key} ({self.get_state_display()})"


class DeliveryState(models.TextChoices):
    """One message's life: queued → sending → sent, or deferred, bounced, failed, suppressed."""

    QUEUED = "queued", _("En attente")
    SENDING = "sending", _("En cours d’envoi")
    SENT = "sent", _("Envoyé")
    DEFERRED = "deferred", _("Reporté")
    BOUNCED = "bounced", _("Rejeté")
    FAILED = "failed", _("Échec")
    SUPPRESSED = "suppressed", _("Écarté")
    CANCELLED = "cancelled", _("Annulé")


# Rows a worker may still have to send: the claim's partial index covers exactly these.
OPEN_STATES = (DeliveryState.QUEUED, DeliveryState.DEFERRED, DeliveryState.SENDING)


class Delivery(models.Model):
    """The ledger: one row per (send, subscriber), whose state says what became of it.

    `due_at` is when a worker may take the row: the time of the next attempt for queued and
    deferred rows, the end of the lease for a row being sent (a dead worker's rows come back
    when it passes).
    """

    send = models.ForeignKey(
        Send, verbose_name=_("envoi"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # SET_NULL: erasing a subscriber keeps the count of what was sent, not who it was.
    subscriber = models.ForeignKey(
        "audience.Subscriber",
        verbose_name=_("abonné"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    due_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    worker = models.CharField(_("processus d’envoi"), max_length=64, blank=True)
    last_reply = models.CharField(_("dernière réponse"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("ligne du registre d’envoi")
        verbose_name_plural = _("lignes du registre d’envoi")
        constraints = [models.UniqueConstraint(fields=["send", "subscriber"], name="delivery_once")]
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                name="delivery_claimable",
                condition=Q(state__in=[str(state) for state in OPEN_STATES]),
            ),
            models.Index(fields=["send", "state"], name="delivery_send_state"),
            models.Index(fields=["subscriber"], name="delivery_subscriber"),
        ]

    def __str__(self) -> str:
        return f"{self.send_id}/{self.subscriber_id} : {self.get_state_display()}"


class DomainThrottle(models.Model):
    """A receiving domain that asked us to slow down (421/450 "too many"), shared by workers."""

    domain = models.CharField(_("domaine"), max_length=253, primary_key=True)
    until = models.DateTimeField(_("ralenti jusqu’à"))
    strikes = models.PositiveSmallIntegerField(_("demandes de ralentir"), default=1)
    reply = models.CharField(_("dernière réponse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("domaine ralenti")
        verbose_name_plural = _("domaines ralentis")

    def __str__(self) -> str:
        return f"{self.domain} → {self.until:%H:%M:%S}"


class SendRateWindow(models.Model):
    """Messages claimed per minute, shared by workers: the hourly cap's sliding window."""

    minute = models.BigIntegerField(primary_key=True)
    claimed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("minute du débit d’envoi")
        verbose_name_plural = _("minutes du débit d’envoi")


class CapturedMessage(models.Model):
    """One message as it would have left the machine."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    sender = models.CharField(_("expéditeur"), max_length=320)
    recipients = models.TextField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=998, blank=True)
    raw = models.BinaryField(_("message brut"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message de la boîte d’envoi locale")
        verbose_name_plural = _("messages de la boîte d’envoi locale")

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
