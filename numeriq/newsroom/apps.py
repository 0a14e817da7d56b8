from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The newsroom app: the record of the drafts it wrote."""

    name = "numeriq.newsroom"
    verbose_name = _("Rédaction automatique")
