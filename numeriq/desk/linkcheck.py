"""Broken and unreachable links, checked in the background (a Django task) and remembered.

Requests go through the sources' SSRF guard (numeriq.sources.safehttp): an edition's links
never make the server reach its own loopback or private network. Whatever stops a
connection (refused, timed out, unknown name, non-public address) is told to the editor in
one neutral phrase, so the check cannot serve as a port scanner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence

import httpx
from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from numeriq import jobqueues
from numeriq.desk.models import LinkCheck, LinkState
from numeriq.sources import safehttp

log = logging.getLogger("numeriq.desk")
FRESH = dt.timedelta(hours=1)  # a result younger than this is reused
STALE_PENDING = dt.timedelta(minutes=5)  # a check that never finished is asked again
USER_AGENT = "numeriq-linkcheck/1.0 (+editor's desk)"


def digest(url: str) -> str:
    """The key of a URL's row."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def unreachable_reason() -> str:
    """The one reason given for a link no connection reached, whatever stopped it."""
    return _("injoignable depuis le serveur")


def probe(url: str, timeout: float) -> tuple[str, int | None, str]:
    """(state, HTTP code, detail) of one URL: HEAD, then GET when HEAD is refused."""
    if not url.startswith(("http://", "https://")):
        return LinkState.BROKEN, None, _("pas un lien http(s)")
    client = safehttp.sync_client(
        allow=safehttp.allowed_from_settings(),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
        max_redirects=5,
        timeout=httpx.Timeout(timeout),
    )
    code: int | None = None
    with client:
        for method in ("HEAD", "GET"):
            try:
                with client.stream(method, url) as response:  # the body is never read
                    code = response.status_code
            except httpx.TooManyRedirects:
                return LinkState.BROKEN, None, _("trop de redirections")
            except httpx.InvalidURL:
                return LinkState.BROKEN, None, _("adresse invalide")
            except (httpx.HTTPError, OSError, ValueError) as error:
                why = "non-public address refused" if safehttp.blocked(error) else error
                log.info("link %s unreachable: %s", url, why)
                return LinkState.UNREACHABLE, None, unreachable_reason()
            if code < 400:
                return LinkState.OK, code, f"HTTP {code}"
            if method == "HEAD" and code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return LinkState.BROKEN, code, f"HTTP {code}"
    return LinkState.BROKEN, code, f"HTTP {code}"


@task(priority=jobqueues.BACKGROUND)
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
