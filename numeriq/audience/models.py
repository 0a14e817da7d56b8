"""Subscribers, their consent log, the suppression list, API tokens and rate counters."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from numeriq.text.french import french_date


class SubscriberStatus(models.TextChoices):
    """A subscriber's life: pending → active → unsubscribed / bounced / complained."""

    PENDING = "pending", _("En attente de confirmation")
    ACTIVE = "active", _("Actif")
    UNSUBSCRIBED = "unsubscribed", _("Désabonné")
    BOUNCED = "bounced", _("Adresse en échec")
    COMPLAINED = "complained", _("Plainte pour spam")


class Frequency(models.TextChoices):
    """How often a subscriber wants the newsletter."""

    DAILY = "daily", _("Chaque jour")
    WEEKLY = "weekly", _("Un récapitulatif par semaine")


class Source(models.TextChoices):
    """Where a subscriber or a consent came from."""

    FORM = "form", _("Formulaire")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    ADMIN = "admin", _("Back-office")
    DEMO = "demo", _("Démo")


# --- who gets the mail: the one definition (the ledger's snapshot, the claim-time check,
# the desk's counts and the weekly recap all use it) ------------------------------------


def is_deliverable(status: str | None, paused_until: dt.date | None, day: dt.date) -> bool:
    """Whether a reader in this state still gets mail on that day (checked before sending)."""
    return status == SubscriberStatus.ACTIVE and (paused_until is None or paused_until <= day)


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    """Subscribers, with the audience of a send of a given day."""

    def deliverable(self, day: dt.date, frequency: str = Frequency.DAILY) -> SubscriberQuerySet:
        """Readers a send of that day goes to: daily ones, or weekly ones whose day it is.

        Active and not paused on that day, exactly as `is_deliverable` says.
        """
        audience = self.filter(
            models.Q(paused_until__isnull=True) | models.Q(paused_until__lte=day),
            status=SubscriberStatus.ACTIVE,
            frequency=frequency,
        )
        if frequency == Frequency.WEEKLY:
            audience = audience.filter(weekly_day=day.weekday())
        return audience


class Subscriber(models.Model):
    """One person who asked for the newsletter, by normalised address."""

    email = models.CharField(_("adresse"), max_length=254)
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
    )
    frequency = models.CharField(
        _("fréquence"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    weekly_day = models.PositiveSmallIntegerField(
        _("jour du récapitulatif"), default=4, help_text=_("0 = lundi … 6 = dimanche")
    )
    paused_until = models.DateField(_("en pause jusqu’au"), null=True, blank=True)
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices)
    created_at = models.DateTimeField(_("inscrit le"), db_index=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)
    soft_bounces = models.PositiveSmallIntegerField(_("échecs temporaires de suite"), default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        indexes = [
            models.Index(fields=["status", "id"], name="subscriber_status_id"),
            # Partial: only departures are ever searched by date (the back office's chart),
            # and an import of active subscribers then writes nothing to this index.
            models.Index(
                fields=["unsubscribed_at"],
                condition=models.Q(unsubscribed_at__isnull=False),
                name="subscriber_unsubscribed_at",
            ),
        ]
        # A constraint rather than unique=True: on PostgreSQL the latter adds a second,
        # LIKE-only index on email that no query here uses and every insert pays for.
        constraints = [models.UniqueConstraint(fields=["email"], name="subscriber_unique_email")]

    def __str__(self) -> str:
        return self.email


class ConsentText(models.Model):
    """One version of the words a person agreed to, stored once."""

    digest = models.CharField(_("empreinte"), max_length=64, unique=True)
    text = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("texte de consentement")
        verbose_name_plural = _("textes de consentement")

    def __str__(self) -> str:
        return self.text[:80]


class ConsentAction(models.TextChoices):
    """What happened to a subscriber's consent."""

    REQUESTED = "requested", _("Demande d’inscription")
    CONFIRMED = "confirmed", _("Confirmation")
    IMPORTED = "imported", _("Import")
    UNSUBSCRIBED = "unsubscribed", _("Désabonnement")
    PREFERENCES = "preferences", _("Préférences modifiées")
    SUPPRESSED = "suppressed", _("Suppression")


class ConsentEvent(models.Model):
    """The consent log: when, what, from where, with which form text."""

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("abonné"), on_delete=models.CASCADE, related_name="consents"
    )
    action = models.CharField(_("action"), max_length=12, choices=ConsentAction.choices)
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices)
    text = models.ForeignKey(
        ConsentText,
        verbose_name=_("texte accepté"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
    )
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    detail = models.CharField(_("détail"), max_length=200, blank=True)
    # No index of its own: the log is only ever read per subscriber (subscriber_id's index);
    # a million-row import would otherwise write a million entries nobody looks up.
    created_at = models.DateTimeField(_("date"))

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Partial: only form and API events name a consent text (imports do not); the
            # index serves PROTECT's check when a text is deleted.
            models.Index(
                fields=["text"], condition=models.Q(text__isnull=False), name="consentevent_text"
            ),
        ]
        verbose_name = _("événement de consentement")
        verbose_name_plural = _("journal des consentements")

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at)
        return f"{french_date(when.date())} {when:%H:%M} {self.get_action_display()}"


class SuppressionReason(models.TextChoices):
    """Why an address must never be mailed again."""

    ERASED = "erased", _("Données effacées (RGPD)")
    HARD_BOUNCE = "hard_bounce", _("Adresse inexistante")
    COMPLAINT = "complaint", _("Plainte pour spam")
    MANUAL = "manual", _("Ajout manuel")


class Suppression(models.Model):
    """An anonymous fingerprint of an address that is never mailed nor re-imported."""

    address_hash = models.CharField(_("empreinte de l’adresse"), max_length=64, unique=True)
    reason = models.CharField(_("raison"), max_length=12, choices=SuppressionReason.choices)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("adresse bloquée")
        verbose_name_plural = _("adresses bloquées")

    def __str__(self) -> str:
        return f"{self.address_hash[:12]}… ({self.reason})"


class ApiToken(models.Model):
    """A token for the JSON API; only its hash is stored."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    digest = models.CharField(_("empreinte"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d’API")
        verbose_name_plural = _("jetons d’API")

    def __str__(self) -> str:
        return self.name


class RateCounter(models.Model):
    """A fixed-window counter shared by every process and host (see ratelimit.py)."""

    bucket = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField()
    hits = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("compteur de requêtes")
        verbose_name_plural = _("compteurs de requêtes")
