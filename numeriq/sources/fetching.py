"""Fetching feeds and pages with httpx: conditional GET, gzip, redirects, timeouts, a size
cap, one request at a time per host with a delay between them, a clear User-Agent.

Every failure comes back as words in `Fetched.error`; nothing here raises for a bad source.
Every connection goes through the SSRF guard (safehttp.py), redirects included. Local files
(a path or file://) are read directly, for offline use and tests, but only under the folder
the fetcher is given (NUMERIQ_SOURCES_LOCAL_DIR); without one, never.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from numeriq.sources import safehttp

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """What one request gave: a body, 'not modified', or an error in words."""

    url: str
    body: bytes = b""
    status: int = 0
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    error: str = ""
    final_url: str = ""

    @property
    def ok(self) -> bool:
        """Whether a body (or a 304) came back."""
        return not self.error


@dataclass(frozen=True)
class Request:
    """One URL to fetch, with the validators of its last fetch."""

    url: str
    etag: str = ""
    last_modified: str = ""
    accept: str = FEED_ACCEPT


def is_local(url: str) -> bool:
    """Whether the URL is a local file (file:// or a plain path)."""
    return url.startswith("file://") or "://" not in url


def local_path(url: str) -> Path:
    """The file a local URL names (feedparser turns file:///a/b into file://a/b: both work)."""
    if not url.startswith("file://"):
        return Path(url)
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != "localhost":
        return Path("/" + unquote(parts.netloc + parts.path))
    return Path(unquote(parts.path))


class Fetcher:
    """An httpx client with the politeness and limits of an ingest; use `async with`."""

    def __init__(
        self,
        *,
        user_agent: str,
        timeout: float = 20,
        max_bytes: int = 5_000_000,
        concurrency: int = 16,
        host_delay: float = 0.5,
        max_redirects: int = 5,
        allow: Sequence[safehttp.Network] = (),
        local_root: Path | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.host_delay = host_delay
        self.local_root = local_root.resolve() if local_root is not None else None
        self._semaphore = asyncio.Semaphore(concurrency)
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_last: dict[str, float] = {}
        self._client = safehttp.async_client(
            allow=allow,
            max_connections=concurrency,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            max_redirects=max_redirects,
            timeout=httpx.Timeout(timeout),
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def fetch_all(self, requests: Iterable[Request]) -> list[Fetched]:
        """Fetch every request concurrently; results in the same order."""
        return list(await asyncio.gather(*(self.fetch(request) for request in requests)))

    async def fetch(self, request: Request) -> Fetched:
        """Fetch one URL; never raises for a network or HTTP problem."""
        if is_local(request.url):
            return self._read_local(request.url)
        host = (urlsplit(request.url).netloc or "").lower()
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock, self._semaphore:
            wait = self._host_last.get(host, 0.0) + self.host_delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._get(request)
            except TimeoutError:
                return Fetched(request.url, error=f"timed out after {self.timeout:g} s")
            finally:
                self._host_last[host] = time.monotonic()

    async def _get(self, request: Request) -> Fetched:
        headers = {"Accept": request.accept}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        url = request.url
        try:
            async with self._client.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                if response.status_code == 304:
                    return Fetched(
                        url,
                        status=304,
                        not_modified=True,
                        etag=request.etag,
                        last_modified=request.last_modified,
                        final_url=final,
                    )
                if response.status_code >= 400:
                    reason = response.reason_phrase or ""
                    return Fetched(
                        url,
                        status=response.status_code,
                        error=f"HTTP {response.status_code} {reason}".strip(),
                        final_url=final,
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    return Fetched(url, status=response.status_code, error=self._too_big())
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return Fetched(url, status=response.status_code, error=self._too_big())
                    chunks.append(chunk)
                return Fetched(
                    url,
                    body=b"".join(chunks),
                    status=response.status_code,
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag", ""),
                    last_modified=response.headers.get("last-modified", ""),
                    final_url=final,
                )
        except httpx.TooManyRedirects:
            return Fetched(url, error="too many redirects (a redirect loop?)")
        except httpx.TimeoutException:
            return Fetched(url, error=f"timed out after {self.timeout:g} s")
        except httpx.ConnectError as error:
            if safehttp.blocked(error):
                return Fetched(url, error=f"refused: {error} (NUMERIQ_FETCH_ALLOW_PRIVATE)")
            return Fetched(url, error=f"cannot connect: {error or 'connection refused'}")
        except httpx.DecodingError:
            return Fetched(url, error="the body is not valid gzip/deflate as declared")
        except httpx.InvalidURL as error:
            return Fetched(url, error=f"invalid URL: {error}")
        except (httpx.HTTPError, OSError) as error:
            return Fetched(url, error=f"{type(error).__name__}: {error}".rstrip(": "))

    def _too_big(self) -> str:
        return f"larger than the {self.max_bytes:,} bytes allowed (NUMERIQ_SOURCES_MAX_BYTES)"

    def _read_local(self, url: str) -> Fetched:
        path = local_path(url).resolve()
        if self.local_root is None or not path.is_relative_to(self.local_root):
            where = self.local_root or "nowhere"
            return Fetched(
                url, error=f"local files are read only under {where} (NUMERIQ_SOURCES_LOCAL_DIR)"
            )
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                return Fetched(url, error=self._too_big())
            body = path.read_bytes()
        except OSError as error:
            return Fetched(url, error=f"cannot read {path}: {error.strerror or error}")
        content_type = "application/feed+json" if path.suffix == ".json" else ""
        if path.suffix in (".html", ".htm"):
            content_type = "text/html"
        return Fetched(url, body=body, status=200, content_type=content_type, final_url=url)
