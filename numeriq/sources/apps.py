from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    """The sources app: feeds, their health and the items they bring."""

    name = "numeriq.sources"
    verbose_name = _("Sources")
