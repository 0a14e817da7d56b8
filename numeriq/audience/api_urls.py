"""URLs of the JSON API, mounted under /api/v1/ by numeriq/urls.py."""

from django.urls import path, re_path

from numeriq.audience import api

app_name = "api"

urlpatterns = [
    path("openapi.json", api.openapi, name="openapi"),
    path("subscribers", api.subscribers, name="subscribers"),
    # `path`: an address may hold a '/' (RFC 5322 allows it in the local part).
    path("subscribers/<path:email>", api.subscriber, name="subscriber"),
    re_path(r"^(?P<rest>.*)$", api.not_found),
]
