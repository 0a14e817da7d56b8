"""/healthz (open, no personal data) and /metrics (Prometheus, behind a bearer token)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from numeriq.ops import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with every check passing, else 503; the body says which failed."""
    result = health.report()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def _authorised(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The metrics for a scraper holding NUMERIQ_METRICS_TOKEN; 404 when it is not set."""
    token = str(settings.METRICS_TOKEN)
    if not token:
        raise Http404
    if not _authorised(request, token):
        response = HttpResponse("unauthorised\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")
