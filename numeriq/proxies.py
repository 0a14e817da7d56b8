"""Behind a reverse proxy: which peers' X-Forwarded-* headers are believed, and the client.

One setting, NUMERIQ_TRUSTED_PROXIES, names the proxies. gunicorn gets it as its
`forwarded_allow_ips` (so it sets the https scheme only for them); Django gets it through
`ForwardedHeadersMiddleware`, which drops the forwarded headers any other peer sent before
`SECURE_PROXY_SSL_HEADER` or the rate limits can read them, and through `client_ip()`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


@lru_cache(maxsize=8)
def parse_proxies(entries: tuple[str, ...]) -> tuple[Network, ...] | None:
    """The networks of NUMERIQ_TRUSTED_PROXIES; None when it is `*` (every peer)."""
    if "*" in entries:
        return None
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted(address: str | None, entries: tuple[str, ...]) -> bool:
    """Whether a peer's address is one of the trusted proxies."""
    networks = parse_proxies(entries)
    if networks is None:
        return True
    ip = _ip(address)
    return ip is not None and any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: str, entries: tuple[str, ...]) -> str | None:
    """The client: the peer, or, from a trusted proxy, the last X-Forwarded-For hop not a proxy.

    Read right to left: each proxy appends the address it saw, so anything left of the
    first untrusted hop was written by the client itself and proves nothing.
    """
    if not is_trusted(peer, entries):
        return peer or None
    hops = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    for hop in reversed(hops):
        if _ip(hop) is None:
            return peer or None  # garbage in the chain: believe only the connection
        if not is_trusted(hop, entries):
            return hop
    return hops[0] if hops else peer or None  # proxies all the way: the first one


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the rate limits and the consent log see it."""
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(settings.TRUSTED_PROXIES),
    )


def gunicorn_allow_ips(entries: Iterable[str]) -> str:
    """NUMERIQ_TRUSTED_PROXIES as gunicorn's `forwarded_allow_ips` value."""
    return ",".join(entries)


class ForwardedHeadersMiddleware:
    """Forget the X-Forwarded-* headers of peers that are not trusted proxies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted(request.META.get("REMOTE_ADDR"), tuple(settings.TRUSTED_PROXIES)):
            for name in FORWARDED_HEADERS:
                request.META.pop(name, None)
        return self.get_response(request)


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text.strip().removeprefix("[").split("]")[0])
    except ValueError:
        return None
