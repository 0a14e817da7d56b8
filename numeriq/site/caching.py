"""Whole-page caching of public pages, invalidated when any edition changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.response import SimpleTemplateResponse
from django.utils.http import http_date

from numeriq.editions.models import Edition

View = Callable[..., HttpResponse]


# Each process asks the database at most once a second; its own saves reset it at once.
GENERATION_TTL = 1.0
_generation: tuple[float, dt.datetime | None] = (-GENERATION_TTL, None)


def content_generation() -> dt.datetime | None:
    """When an edition was last saved: changes with any edition (one index lookup a second)."""
    global _generation
    now = time.monotonic()
    if now - _generation[0] >= GENERATION_TTL:
        latest = Edition.objects.aggregate(latest=Max("updated_at"))["latest"]
        _generation = (now, latest)
    return _generation[1]


@receiver([post_save, post_delete], sender=Edition)
def _forget_generation(**kwargs: Any) -> None:
    global _generation
    _generation = (-GENERATION_TTL, None)


def cached_page(max_age: int | None = None) -> Callable[[View], View]:
    """Serve a public GET page from the cache, with ETag and Cache-Control headers."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            generation = content_generation()
            key = (
                "page:"
                + hashlib.sha256(
                    f"{generation and generation.isoformat()}|{request.get_full_path()}".encode()
                ).hexdigest()
            )
            etag = f'"{key[5:37]}"'
            seconds = settings.PAGE_CACHE_SECONDS if max_age is None else max_age
            if etag in request.headers.get("If-None-Match", ""):
                response: HttpResponse = HttpResponseNotModified()
            else:
                cached = cache.get(key)
                if cached is None:
                    response = view(request, *args, **kwargs)
                    if response.status_code != 200 or response.streaming:
                        return response
                    if isinstance(response, SimpleTemplateResponse):
                        response.render()
                    cached = (response.content, response["Content-Type"])
                    cache.set(key, cached, timeout=max(seconds, 60))
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={seconds}"
            if generation is not None:
                response["Last-Modified"] = http_date(generation.timestamp())
            return response

        return wrapper

    return decorator
