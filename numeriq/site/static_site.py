"""Static publishing: the public pages as files under NUMERIQ_VAR_DIR/site/.

Whenever an edition is saved or deleted, the pages it appears on (its permalink, its
neighbours' permalinks, the home page, its month, the archive index, the publisher's pages,
the feeds, the sitemap and robots.txt) are rendered by the same views that serve them and
written there, each to a temporary file renamed into place, so the web server never serves
half a page; the files of what is no longer published are removed. The web server serves
these files (`try_files` in deploy/nginx/numeriq.conf) and passes everything else to
numeriq, so the published site stays up while the app is down. `build()` rewrites the
whole tree.

Files cannot search: the archive's search (/archives/recherche/) is never written here.
Its form, on the archive pages, sends to NUMERIQ_SITE_URL, the live site, where the web
server passes it to numeriq: while the app is down the search is what stops working.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.urls import resolve

from numeriq.editions.models import Edition
from numeriq.site.pages import public_editions

log = logging.getLogger("numeriq.site")

# URL → file under the site folder; feeds get their type's extension for the web server.
FIXED_PAGES = {
    "/": "index.html",
    "/archives/": "archives/index.html",
    "/mentions-legales/": "mentions-legales/index.html",
    "/confidentialite/": "confidentialite/index.html",
    "/flux/rss/": "flux/rss/index.rss",
    "/flux/atom/": "flux/atom/index.atom",
    "/sitemap.xml": "sitemap.xml",
    "/robots.txt": "robots.txt",
}


def site_dir() -> Path:
    """Where the static copy of the public site is written."""
    return Path(settings.VAR_DIR) / "site"


def file_for(url: str) -> str:
    """The file, relative to the site folder, that holds the page at `url`."""
    if url in FIXED_PAGES:
        return FIXED_PAGES[url]
    if not url.startswith("/") or not url.endswith("/") or ".." in url.split("/"):
        raise ValueError(f"not a page address: {url!r}")
    return url.strip("/") + "/index.html"


def render(url: str) -> bytes | None:
    """The body numeriq answers to GET `url` on the public site; None when it is no page."""
    parts = urlsplit(settings.SITE_URL)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "HTTP_HOST": parts.netloc,
        "wsgi.url_scheme": parts.scheme,
        "wsgi.input": io.BytesIO(b""),
    }
    request = WSGIRequest(environ)
    match = resolve(url)
    # The views themselves, under their page cache: what is written is what the database says.
    view = inspect.unwrap(match.func)
    try:
        response: HttpResponse = view(request, *match.args, **match.kwargs)
    except Http404:
        return None
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    if response.status_code != 200:
        return None
    return response.content


def write(root: Path, name: str, body: bytes) -> None:
    """Write one file atomically: a temporary file beside it, then a rename."""
    target = root / name
    _folders(target.parent)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.chmod(temporary, 0o644)  # the web server's user reads it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove(root: Path, name: str) -> None:
    """Remove one file, and the folders it leaves empty."""
    target = root / name
    target.unlink(missing_ok=True)
    _prune(target.parent, root)


def publish(urls: Iterable[str]) -> None:
    """Write each page that is published, remove each that is not."""
    root = site_dir()
    for url in urls:
        body = render(url)
        if body is None:
            remove(root, file_for(url))
        else:
            write(root, file_for(url), body)


def pages_of(day: dt.date) -> list[str]:
    """Every page that shows the edition of `day`, or would show it, or linked to it."""
    public = public_editions()
    urls = list(FIXED_PAGES)
    urls.append(f"/archives/{day.year:04d}/{day.month:02d}/")
    neighbours = [
        public.filter(date__lt=day).order_by("-date").first(),
        public.filter(date__gt=day).order_by("date").first(),
        public.filter(date=day).first(),
    ]
    urls.extend(edition.get_absolute_url() for edition in neighbours if edition is not None)
    return urls


def day_folder(day: dt.date) -> str:
    """The folder that holds the permalinks of one day's edition (one per slug)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def sync_day(day: dt.date) -> None:
    """Bring the static copy up to date after the edition of `day` changed or went."""
    root = site_dir()
    edition = public_editions().filter(date=day).first()
    folder = root / day_folder(day)
    if edition is None and not folder.exists():
        return  # a draft nobody has seen: no public page changes
    keep = edition.slug if edition is not None else None
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name != keep:  # unpublished, or its slug changed
                shutil.rmtree(old, ignore_errors=True)
        _prune(folder, root)
    publish(pages_of(day))


def build() -> int:
    """Rewrite every published page and remove every other file; return the pages written."""
    root = site_dir()
    _folders(root)
    editions = list(public_editions().only("date", "slug"))
    urls = list(FIXED_PAGES)
    urls.extend(
        f"/archives/{month.year:04d}/{month.month:02d}/"
        for month in public_editions().dates("date", "month")
    )
    urls.extend(edition.get_absolute_url() for edition in editions)
    wanted: set[Path] = set()
    for url in urls:
        body = render(url)
        if body is not None:
            write(root, file_for(url), body)
            wanted.add(root / file_for(url))
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return len(wanted)


def _folders(folder: Path) -> None:
    """Create a folder and its missing parents readable by the web server, whatever the umask."""
    if folder.is_dir():
        return
    _folders(folder.parent)
    folder.mkdir(exist_ok=True)
    folder.chmod(0o755)


def _prune(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root) and folder.is_dir():
        if any(folder.iterdir()):
            return
        folder.rmdir()
        folder = folder.parent


def _sync_after_commit(day: dt.date) -> None:
    try:
        sync_day(day)
    except Exception:
        # The save stands; the web server keeps the previous copy until the next change
        # or `numeriq site build`, so say it loudly.
        log.exception("static site: the pages of %s could not be written", day.isoformat())


@receiver([post_save, post_delete], sender=Edition)
def _edition_changed(instance: Edition, **kwargs: Any) -> None:
    if settings.STATIC_SITE and not kwargs.get("raw"):
        day = instance.date
        transaction.on_commit(lambda: _sync_after_commit(day))
