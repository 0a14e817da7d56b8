"""Receiving domains that asked us to slow down (421/450 "too many"), shared by all workers."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from numeriq.delivery.models import DomainThrottle
from numeriq.delivery.outcomes import throttle_seconds

log = logging.getLogger("numeriq.delivery")


def active(now: dt.datetime | None = None) -> dict[str, dt.datetime]:
    """Domains held back right now, with the time they may be tried again."""
    now = now or timezone.now()
    return dict(DomainThrottle.objects.filter(until__gt=now).values_list("domain", "until"))


def slow_down(domain: str, reply: str, now: dt.datetime | None = None) -> dt.datetime:
    """Hold a domain back; each strike while it is held (or just after) doubles the pause."""
    now = now or timezone.now()
    with transaction.atomic():
        throttle = DomainThrottle.objects.select_for_update().filter(domain=domain).first()
        if throttle is None:
            throttle = DomainThrottle(domain=domain, strikes=0, until=now)
        recent = throttle.until > now - dt.timedelta(minutes=30)
        throttle.strikes = throttle.strikes + 1 if recent else 1
        throttle.until = now + dt.timedelta(seconds=throttle_seconds(throttle.strikes))
        throttle.reply = reply[:300]
        throttle.save()
    log.warning("%s asked to slow down (%s): held until %s", domain, reply[:80], throttle.until)
    return throttle.until
