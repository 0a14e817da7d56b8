from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudienceConfig(AppConfig):
    """The audience app: subscribers and their consent."""

    name = "numeriq.audience"
    verbose_name = _("Abonnés")
