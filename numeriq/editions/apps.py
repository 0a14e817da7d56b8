from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    """The editions app: model and rendering of the daily edition."""

    name = "numeriq.editions"
    verbose_name = _("Éditions")
