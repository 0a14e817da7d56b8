from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """The operations app: heartbeats, health, metrics, backups."""

    name = "numeriq.ops"
    verbose_name = _("Exploitation")
