from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The public site."""

    name = "numeriq.site"
    label = "numeriq_site"
    verbose_name = _("Site public")

    def ready(self) -> None:
        """Connect the static copy of the site to the editions' changes; register the checks."""
        from numeriq.site import legal, static_site  # noqa: F401
