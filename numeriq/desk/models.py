"""What the desk remembers: who saved an edition last, link checks, the editor's story choices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionSave(models.Model):
    """The last save of an edition from the desk: named in the message of a conflict."""

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, primary_key=True, related_name="desk_save"
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    saved_at = models.DateTimeField(_("enregistrée le"))

    class Meta:
        verbose_name = _("dernier enregistrement")
        verbose_name_plural = _("derniers enregistrements")

    def __str__(self) -> str:
        return f"{self.edition_id} @ {self.saved_at:%H:%M:%S}"


class LinkState(models.TextChoices):
    """What became of a link's check."""

    PENDING = "pending", _("en cours")
    OK = "ok", _("valide")
    BROKEN = "broken", _("cassé")
    UNREACHABLE = "unreachable", _("injoignable")


class LinkCheck(models.Model):
    """The last check of one URL (shared by every edition that links to it)."""

    digest = models.CharField(max_length=64, unique=True)
    url = models.CharField(max_length=2000)
    state = models.CharField(max_length=12, choices=LinkState.choices, default=LinkState.PENDING)
    code = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    requested_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vérification de lien")
        verbose_name_plural = _("vérifications de liens")

    def __str__(self) -> str:
        return f"{self.url}: {self.state}"


class StoryAction(models.TextChoices):
    """What the editor did with a story of the morning desk."""

    ADDED = "added", _("ajoutée")
    DISMISSED = "dismissed", _("écartée")


class StoryDecision(models.Model):
    """A story of a day added to the edition or dismissed; it leaves the morning desk."""

    date = models.DateField()
    story_key = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=StoryAction.choices)
    title = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("choix du bureau du matin")
        verbose_name_plural = _("choix du bureau du matin")
        constraints = [
            models.UniqueConstraint(fields=["date", "story_key"], name="story_decision_once")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.story_key}: {self.action}"


class Figure(models.Model):
    """A figure the desk computes in the background (stats, recipient counts), kept as JSON."""

    key = models.CharField(max_length=100, primary_key=True)
    data = models.JSONField(null=True)  # null: asked for, not computed yet
    computed_at = models.DateTimeField()
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chiffre calculé")
        verbose_name_plural = _("chiffres calculés")

    def __str__(self) -> str:
        return f"{self.key} @ {self.computed_at:%H:%M:%S}"


class DeskProfile(models.Model):
    """What the desk remembers of one editor: the addresses their test sends go to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="desk"
    )
    test_addresses = models.TextField(_("adresses des envois de test"), blank=True)

    class Meta:
        verbose_name = _("profil de la rédaction")
        verbose_name_plural = _("profils de la rédaction")

    def __str__(self) -> str:
        return str(self.user_id)

    def addresses(self) -> list[str]:
        """The saved test addresses, in order."""
        return [a for a in self.test_addresses.split() if a]
