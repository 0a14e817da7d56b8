"""The one HTTP client for URLs that others chose (feeds, their article links, edition links).

Server-side request forgery guard: a name is resolved once, every address it gives is
checked, and the connection goes to the checked address itself (the Host header and TLS SNI
still name the host), so a DNS answer that changes between the check and the connection
cannot slip through. The check sits in the connection layer, so it applies to every
redirect and every new connection, whatever the URL looked like (`localhost`, `[::1]`,
`0.0.0.0`, `2130706433`, `::ffff:127.0.0.1`, a public name pointing to 127.0.0.1).

Loopback, private, link-local, multicast, reserved and unspecified addresses are refused,
except in the networks `allowed` names (NUMERIQ_FETCH_ALLOW_PRIVATE, for intranet feeds:
empty by default). Environment proxies are not used: the guard must see the address it
connects to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddressError(httpcore.ConnectError):
    """The host resolves to an address that is not public (and private ones are not allowed)."""


def embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public(address: IPAddress) -> bool:
    """Whether an address is globally routable unicast (what a public feed may point to)."""
    address = embedded_ipv4(address)
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Networks from CIDR strings ('10.1.0.0/16', '127.0.0.1'); ValueError names a bad one."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value)


def allowed(address: IPAddress, allow: Sequence[Network] = ()) -> bool:
    """Whether the guard lets a connection go to this address."""
    if is_public(address):
        return True
    candidates = {address, embedded_ipv4(address)}
    return any(a.version == net.version and a in net for a in candidates for net in allow)


def check_addresses(host: str, addresses: Iterable[str], allow: Sequence[Network]) -> list[str]:
    """The addresses to connect to, in order; refuse them all if any one is not allowed."""
    found = list(dict.fromkeys(addresses))
    if not found:
        raise httpcore.ConnectError(f"{host}: no address")
    for raw in found:
        if not allowed(ipaddress.ip_address(raw.split("%", 1)[0]), allow):
            raise BlockedAddressError(f"{host} resolves to a non-public address ({raw})")
    return found


def _addresses(infos: list[tuple[Any, ...]]) -> list[str]:
    return [str(info[4][0]) for info in infos]


class GuardedAsyncBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to checked addresses."""

    def __init__(self, allow: Sequence[Network] = ()) -> None:
        self.allow = tuple(allow)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve, check, connect to the first address that answers."""
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpcore.ConnectError(f"{host}: {error.strerror or error}") from error
        addresses = check_addresses(host, _addresses(infos), self.allow)
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Never: no Unix sockets for URLs chosen by others."""
        raise BlockedAddressError("Unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """As the inner backend sleeps."""
        await self._inner.sleep(seconds)


class GuardedSyncBackend(httpcore.NetworkBackend):
    """The same guard for synchronous clients (the desk's link check)."""

    def __init__(self, allow: Sequence[Network] = ()) -> None:
        self.allow = tuple(allow)
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Resolve, check, connect to the first address that answers."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpcore.ConnectError(f"{host}: {error.strerror or error}") from error
        addresses = check_addresses(host, _addresses(infos), self.allow)
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Never: no Unix sockets for URLs chosen by others."""
        raise BlockedAddressError("Unix sockets are not fetched")


def async_client(
    *, allow: Sequence[Network] = (), max_connections: int = 16, **options: Any
) -> httpx.AsyncClient:
    """An httpx.AsyncClient whose every connection (redirects too) goes through the guard."""
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx takes no network backend: its pool is replaced by one built on the guard.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=max_connections,
        max_keepalive_connections=max_connections,
        network_backend=GuardedAsyncBackend(allow),
    )
    return httpx.AsyncClient(transport=transport, trust_env=False, **options)


def sync_client(*, allow: Sequence[Network] = (), **options: Any) -> httpx.Client:
    """An httpx.Client whose every connection (redirects too) goes through the guard."""
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=GuardedSyncBackend(allow),
    )
    return httpx.Client(transport=transport, trust_env=False, **options)


def blocked(error: BaseException) -> bool:
    """Whether an httpx error comes from the guard (a non-public address refused)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, BlockedAddressError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def allowed_from_settings() -> tuple[Network, ...]:
    """The networks NUMERIQ_FETCH_ALLOW_PRIVATE opens to the guard."""
    from django.conf import settings

    return networks(settings.FETCH_ALLOW_PRIVATE)
