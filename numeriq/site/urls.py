from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from numeriq.site import subscription_views, views
from numeriq.site.caching import cached_page
from numeriq.site.feeds import EditionsAtom, EditionsRss
from numeriq.site.sitemaps import SITEMAPS


class TwoDigits:
    """Month and day in URLs: always two digits, kept as text."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TwoDigits, "dd")

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/<dd:month>/<dd:day>/<slug:slug>/", views.edition, name="edition"),
    path("archives/", views.archive, name="archive"),
    path("archives/<int:year>/<dd:month>/", views.archive_month, name="archive_month"),
    path("archives/recherche/", views.archive_search, name="archive_search"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("abonnement/", subscription_views.subscribe, name="subscribe"),
    path("abonnement/merci/", subscription_views.subscribe_sent, name="subscribe_sent"),
    path("abonnement/confirmer/<str:token>/", subscription_views.confirm, name="confirm"),
    path("desabonnement/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path(
        "desabonnement/<str:token>/preferences/",
        subscription_views.preferences_from_email,
        name="preferences_from_email",
    ),
    path("preferences/<str:token>/", subscription_views.preferences, name="preferences"),
    path("mes-donnees/<str:token>/", subscription_views.personal_data, name="personal_data"),
    path("flux/rss/", cached_page(max_age=900)(EditionsRss()), name="rss"),
    path("flux/atom/", cached_page(max_age=900)(EditionsAtom()), name="atom"),
    path(
        "sitemap.xml",
        cached_page(max_age=3600)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots, name="robots"),
]
