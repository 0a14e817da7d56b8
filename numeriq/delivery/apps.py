from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """The delivery app."""

    name = "numeriq.delivery"
    verbose_name = _("Envoi")

    def ready(self) -> None:
        """Connect the ESP webhooks' tracking signal to the ledger and suppression list."""
        from numeriq.delivery import webhooks  # noqa: F401
