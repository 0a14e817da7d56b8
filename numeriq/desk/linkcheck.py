"""Broken and unreachable links, checked in the background (a Django task) and remembered."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from numeriq.desk.models import LinkCheck, LinkState

log = logging.getLogger("numeriq.desk")
FRESH = dt.timedelta(hours=1)  # a result younger than this is reused
STALE_PENDING = dt.timedelta(minutes=5)  # a check that never finished is asked again
USER_AGENT = "numeriq-linkcheck/1.0 (+editor's desk)"


def digest(url: str) -> str:
    """The key of a URL's row."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def probe(url: str, timeout: float) -> tuple[str, int | None, str]:
    """(state, HTTP code, detail) of one URL: HEAD, then GET when HEAD is refused."""
    if not url.startswith(("http://", "https://")):
        return LinkState.BROKEN, None, "not an http(s) link"
    code: int | None = None
    for method in ("HEAD", "GET"):
        headers = {"User-Agent": USER_AGENT}
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return LinkState.OK, response.status, f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            code = error.code
            if method == "HEAD" and code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return LinkState.BROKEN, code, f"HTTP {code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return LinkState.UNREACHABLE, None, str(reason)[:300]
    return LinkState.BROKEN, code, f"HTTP {code}"


@task()
def check_links(urls: list[str]) -> int:
    """Probe each URL and record its state; returns how many were checked."""
    timeout = float(settings.LINK_CHECK_TIMEOUT)
    for url in urls:
        state, code, detail = probe(url, timeout)
        LinkCheck.objects.filter(digest=digest(url)).update(
            state=state, code=code, detail=detail, checked_at=timezone.now()
        )
    return len(urls)


def request(urls: Sequence[str], *, force: bool = False) -> list[LinkCheck]:
    """The rows of these URLs; those without a fresh result are (re)queued for the task."""
    now = timezone.now()
    rows = {row.url: row for row in LinkCheck.objects.filter(digest__in=[digest(u) for u in urls])}
    due: list[str] = []
    for url in urls:
        row = rows.get(url)
        if row is None:
            rows[url] = LinkCheck.objects.create(
                digest=digest(url), url=url, requested_at=now, state=LinkState.PENDING
            )
            due.append(url)
            continue
        pending_too_long = row.state == LinkState.PENDING and now - row.requested_at > STALE_PENDING
        old = row.checked_at is None or now - row.checked_at > FRESH
        if force or pending_too_long or (row.state != LinkState.PENDING and old):
            LinkCheck.objects.filter(pk=row.pk).update(state=LinkState.PENDING, requested_at=now)
            due.append(url)
    if due:
        check_links.enqueue(due)
    return results(urls)


def results(urls: Sequence[str]) -> list[LinkCheck]:
    """The current rows of these URLs, in their order."""
    found = {row.url: row for row in LinkCheck.objects.filter(digest__in=[digest(u) for u in urls])}
    return [found[url] for url in urls if url in found]
