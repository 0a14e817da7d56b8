"""The ESP webhooks, mounted under /esp/: /esp/amazon_ses/tracking/, /esp/brevo/tracking/ …

Every anymail tracking URL is served, each refused (403) while NUMERIQ_ESP_WEBHOOK_SECRET
is unset: anymail would otherwise accept anyone's fake bounces, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import URLPattern, URLResolver
from django.views.decorators.csrf import csrf_exempt

from numeriq.delivery import webhooks  # noqa: F401 - connects the tracking receiver

View = Callable[..., HttpResponse]


def _require_secret(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            return HttpResponseForbidden("NUMERIQ_ESP_WEBHOOK_SECRET is not set")
        return view(request, *args, **kwargs)

    return csrf_exempt(guarded)


def _guarded(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    out: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and "tracking" in str(pattern.pattern):
            guarded = _require_secret(pattern.callback)
            out.append(URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name))
    return out


app_name = "anymail"  # reverse("anymail:brevo_tracking_webhook") keeps working
urlpatterns = _guarded(list(anymail_urls.urlpatterns))
