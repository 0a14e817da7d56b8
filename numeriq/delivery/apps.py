from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """The delivery app."""

    name = "numeriq.delivery"
    verbose_name = _("Envoi")
