"""Which peers' X-Forwarded-* headers are believed (issue 13.1)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from numeriq.proxies import ForwardedHeadersMiddleware, client_address, client_ip, is_trusted

NGINX = ("127.0.0.2",)


def test_an_untrusted_peer_is_the_client_whatever_it_claims() -> None:
    """A reader talking to gunicorn directly cannot pick the address the rate limits see."""
    assert client_address("203.0.113.7", "10.9.9.9", NGINX) == "203.0.113.7"


def test_behind_the_proxy_the_client_is_the_last_hop_it_appended() -> None:
    """nginx appends the reader's address; what the reader wrote before it is ignored."""
    assert client_address("127.0.0.2", "127.0.0.3", NGINX) == "127.0.0.3"
    assert client_address("127.0.0.2", "10.9.9.9, 127.0.0.3", NGINX) == "127.0.0.3"
    assert client_address("127.0.0.2", "", NGINX) == "127.0.0.2"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    """A load balancer network, then nginx: the reader is the first untrusted hop."""
    proxies = ("127.0.0.2", "10.0.0.0/8")
    assert client_address("127.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.5", proxies) == (
        "198.51.100.9"
    )
    assert client_address("127.0.0.2", "10.0.0.6, 10.0.0.5", proxies) == "10.0.0.6"


def test_garbage_in_the_chain_falls_back_to_the_connection() -> None:
    """An unparseable hop means the chain cannot be read: the peer is all we know."""
    assert client_address("127.0.0.2", "unknown, 127.0.0.3:5555", NGINX) == "127.0.0.2"


@pytest.mark.parametrize(
    ("address", "entries", "trusted"),
    [
        ("127.0.0.2", NGINX, True),
        ("127.0.0.1", NGINX, False),
        ("10.1.2.3", ("10.0.0.0/8",), True),
        ("::1", ("127.0.0.1", "::1"), True),
        ("2001:db8::5", ("2001:db8::/32",), True),
        ("198.51.100.1", ("*",), True),
        (None, NGINX, False),
        ("not-an-ip", NGINX, False),
    ],
)
def test_is_trusted(address: str | None, entries: tuple[str, ...], trusted: bool) -> None:
    """Addresses and networks, IPv4 and IPv6, and * for every peer."""
    assert is_trusted(address, entries) is trusted


def _secure_and_ip(settings, remote: str) -> tuple[bool, str | None]:
    settings.TRUSTED_PROXIES = NGINX
    seen: dict[str, object] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["secure"], seen["ip"] = request.is_secure(), client_ip(request)
        return HttpResponse()

    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    ForwardedHeadersMiddleware(view)(request)
    return bool(seen["secure"]), seen["ip"]  # type: ignore[return-value]


def test_https_and_client_address_are_believed_only_from_the_proxy(settings) -> None:
    """SECURE_PROXY_SSL_HEADER reads X-Forwarded-Proto only once the middleware vetted it."""
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert _secure_and_ip(settings, "127.0.0.2") == (True, "10.9.9.9")
    assert _secure_and_ip(settings, "127.0.0.9") == (False, "127.0.0.9")
