"""Figures too costly for a request at scale (1,000,000 readers), computed in the background.

A page reads the stored figure at once; when it is older than its refresh age, a task
recomputes it (one request at a time: `requested_at` marks a refresh under way). Only the
very first read, before anything is stored, computes in the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from numeriq import jobqueues
from numeriq.desk.models import Figure

Compute = Callable[[str], Any]
_REGISTRY: dict[str, Compute] = {}
REQUEST_TIMEOUT = dt.timedelta(minutes=2)  # a refresh not done by then is asked again


def register(prefix: str) -> Callable[[Compute], Compute]:
    """Declare the function computing every figure whose key is `prefix:…` (given the key)."""

    def decorator(function: Compute) -> Compute:
        _REGISTRY[prefix] = function
        return function

    return decorator


def _compute(key: str) -> Any:
    return _REGISTRY[key.split(":", 1)[0]](key)


def _store(key: str, data: Any) -> Figure:
    now = timezone.now()
    figure, _created = Figure.objects.update_or_create(
        key=key, defaults={"data": data, "computed_at": now, "requested_at": None}
    )
    return figure


@task(priority=jobqueues.BACKGROUND)
def refresh(key: str) -> str:
    """Recompute and store one figure."""
    _store(key, _compute(key))
    return key


def peek(key: str, refresh_after: dt.timedelta) -> tuple[Any, dt.datetime | None]:
    """Like read(), but a figure never computed is only asked for: (None, None) meanwhile."""
    now = timezone.now()
    figure = Figure.objects.filter(key=key).first()
    if figure is None:
        try:
            with transaction.atomic():
                Figure.objects.create(key=key, data=None, computed_at=now, requested_at=now)
        except IntegrityError:  # asked at the same moment by another request
            pass
        else:
            refresh.enqueue(key)
        figure = Figure.objects.get(key=key)
    if figure.data is None:
        asked = figure.requested_at
        if asked is None or now - asked > REQUEST_TIMEOUT:
            if Figure.objects.filter(pk=key, requested_at=asked).update(requested_at=now):
                refresh.enqueue(key)
            figure.refresh_from_db()
        return (None, None) if figure.data is None else (figure.data, figure.computed_at)
    return read(key, refresh_after)


def read(
    key: str, refresh_after: dt.timedelta, max_age: dt.timedelta | None = None
) -> tuple[Any, dt.datetime]:
    """The stored figure and when it was computed; a stale one is refreshed in the background.

    Past `max_age` (no worker has refreshed it, say) it is recomputed in the request.
    """
    now = timezone.now()
    figure = Figure.objects.filter(key=key).first()
    if (
        figure is None
        or figure.data is None
        or (max_age is not None and now - figure.computed_at > max_age)
    ):
        try:
            with transaction.atomic():
                figure = _store(key, _compute(key))
        except IntegrityError:  # computed at the same moment by another request
            figure = Figure.objects.get(key=key)
        return figure.data, figure.computed_at
    if now - figure.computed_at > refresh_after:
        asked = figure.requested_at
        if asked is None or now - asked > REQUEST_TIMEOUT:
            claimed = Figure.objects.filter(pk=key, requested_at=asked).update(requested_at=now)
            if claimed:
                refresh.enqueue(key)
                figure.refresh_from_db()
    return figure.data, figure.computed_at
