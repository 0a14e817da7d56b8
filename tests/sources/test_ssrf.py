"""Server-side request forgery: what the default refuses, on the resolved address, every hop.

The fixtures' servers are on the loopback, which the default refuses: a test that needs one
reachable opens exactly that network (`allow`), so every refusal below is the default's.
127.0.0.2 plays a "public" host where a test needs one hop allowed and the next refused.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from numeriq.sources import safehttp
from numeriq.sources.ingest import FetchOptions, ingest
from numeriq.sources.models import Item, Source
from numeriq.sources.safehttp import networks
from numeriq.testing.feeds import FeedServer, rss

pytestmark = pytest.mark.django_db

SECRET = "<html><body><article><p>Le secret de l'intranet : mot de passe 1234.</p>" * 3
SECRET += "</article></body></html>"
OTHER_HOST = "127.0.0.2"


@pytest.fixture
def inside() -> Iterator[FeedServer]:
    """An "internal" server on 127.0.0.1 with a secret page."""
    with FeedServer() as server:
        server.add("/secret.html", SECRET, "text/html")
        server.add("/secret.xml", rss("secret", [{"title": "Secret", "link": "https://x.fr/s"}]))
        yield server


@pytest.fixture
def outside() -> Iterator[FeedServer]:
    """The "remote" feed's server, on 127.0.0.2."""
    with FeedServer(host=OTHER_HOST) as server:
        yield server


@pytest.fixture
def default_options(fast_options: FetchOptions) -> FetchOptions:
    """The test limits with the default guard: no non-public network allowed."""
    return dataclasses.replace(fast_options, allow=())


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1",  # noqa: S104
        "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::",
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not safehttp.allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert safehttp.allowed(ipaddress.ip_address(address))


def test_an_allowed_network_opens_only_itself() -> None:
    allow = networks(["10.20.0.0/16"])
    assert safehttp.allowed(ipaddress.ip_address("10.20.3.4"), allow)
    assert safehttp.allowed(ipaddress.ip_address("::ffff:10.20.3.4"), allow)
    assert not safehttp.allowed(ipaddress.ip_address("10.21.0.1"), allow)
    assert not safehttp.allowed(ipaddress.ip_address("127.0.0.1"), allow)


def test_feed_urls_to_the_loopback_are_refused(
    inside: FeedServer, default_options: FetchOptions
) -> None:
    """Loopback by address, by name, IPv6, unspecified, decimal: refused before connecting."""
    port = inside.port
    urls = [
        inside.url("/secret.xml"),
        f"http://localhost:{port}/secret.xml",
        f"http://[::1]:{port}/secret.xml",
        f"http://0.0.0.0:{port}/secret.xml",
        f"http://2130706433:{port}/secret.xml",
        f"http://[::ffff:127.0.0.1]:{port}/secret.xml",
    ]
    for url in urls:
        Source.objects.create(url=url, title=url)
    report = ingest(options=default_options)
    assert report.failures == len(urls) and report.new_items == 0
    for source in Source.objects.all():
        assert source.last_error.startswith("refused:"), (source.url, source.last_error)
    assert sum(inside.hits.values()) == 0  # not one request reached the server


def test_allowing_the_network_reads_the_same_feed(
    inside: FeedServer, default_options: FetchOptions
) -> None:
    """The control: the same feed is read once its network is allowed (the setting)."""
    Source.objects.create(url=inside.url("/secret.xml"))
    allowed = dataclasses.replace(default_options, allow=networks(["127.0.0.1/32"]))
    assert ingest(options=allowed).new_items == 1


def test_a_redirect_to_the_loopback_is_refused(
    inside: FeedServer, outside: FeedServer, default_options: FetchOptions
) -> None:
    """The remote feed answers 302 to 127.0.0.1: the second hop is checked and refused."""
    moved = outside.add(
        "/flux.xml", b"", status=302, headers={"Location": inside.url("/secret.xml")}
    )
    Source.objects.create(url=moved)
    options = dataclasses.replace(default_options, allow=networks([f"{OTHER_HOST}/32"]))
    report = ingest(options=options)
    assert report.failures == 1
    assert "non-public address (127.0.0.1)" in Source.objects.get().last_error
    assert outside.hits["/flux.xml"] == 1 and sum(inside.hits.values()) == 0
    everything = dataclasses.replace(default_options, allow=networks(["127.0.0.0/8"]))
    assert ingest(force=True, options=everything).new_items == 1  # control: followed


def test_article_links_to_the_loopback_are_not_read(
    inside: FeedServer, outside: FeedServer, default_options: FetchOptions
) -> None:
    """A remote feed whose item links to an internal page: the page is never fetched."""
    feed = outside.add(
        "/flux.xml",
        rss(
            "fil",
            [
                {"title": "Piège", "link": inside.url("/secret.html"), "guid": "1"},
                {"title": "Piège 2", "link": f"http://localhost:{inside.port}/secret.html"},
            ],
        ),
    )
    Source.objects.create(url=feed)
    options = dataclasses.replace(default_options, allow=networks([f"{OTHER_HOST}/32"]))
    report = ingest(options=options)
    assert report.new_items == 2 and report.pages_failed == 2 and report.pages_fetched == 0
    for item in Item.objects.all():
        assert "secret" not in item.text and item.page_error.startswith("refused:")
    assert sum(inside.hits.values()) == 0


def test_a_name_is_resolved_once_and_the_checked_address_is_used(
    outside: FeedServer, default_options: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers an allowed address, then 127.0.0.1. One resolution per
    connection, the connection goes to the address checked, with the name in the Host header.
    """
    real = socket.getaddrinfo
    answers = iter([OTHER_HOST, "127.0.0.1", "127.0.0.1"])
    asked: list[str] = []

    def rebinding(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != "feeds.example":
            return real(host, port, *args, **kwargs)
        asked.append(host)
        return real(next(answers), port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    outside.add("/flux.xml", rss("fil", [{"title": "Un", "link": "https://x.fr/1"}]))
    Source.objects.create(url=f"http://feeds.example:{outside.port}/flux.xml")
    options = dataclasses.replace(
        default_options, allow=networks([f"{OTHER_HOST}/32"]), max_pages=0
    )
    assert ingest(options=options).new_items == 1
    assert asked == ["feeds.example"]
    _, headers = outside.requests[-1]
    assert headers.get("Host") == f"feeds.example:{outside.port}"
    second = ingest(force=True, options=options)  # now it resolves to 127.0.0.1: refused
    assert second.failures == 1 and "non-public" in Source.objects.get().last_error
    assert outside.hits["/flux.xml"] == 1


def test_local_files_only_under_the_allowed_folder(tmp_path: Path, settings) -> None:
    """A stored file:// source outside NUMERIQ_SOURCES_LOCAL_DIR is not read, nor its links."""
    from numeriq.sources.errors import InvalidSourceError
    from numeriq.sources.registry import normalise_url

    folder = tmp_path / "feeds"
    folder.mkdir()
    settings.SOURCES_LOCAL_DIR = folder
    secret = tmp_path / "secret_key"
    secret.write_text("django-insecure-secret", encoding="utf-8")
    feed = folder / "flux.xml"
    feed.write_text(rss("local", [{"title": "Lien", "link": secret.as_uri()}]), encoding="utf-8")
    with pytest.raises(InvalidSourceError, match="must be under"):
        normalise_url(str(secret))
    with pytest.raises(InvalidSourceError, match="must be under"):
        normalise_url(str(folder / ".." / "secret_key"))
    assert normalise_url(str(feed)) == feed.as_uri()
    Source.objects.create(url=secret.as_uri(), title="stored before the rule")
    Source.objects.create(url=feed.as_uri(), title="local")
    report = ingest(options=FetchOptions.from_settings())
    assert "read only under" in Source.objects.get(title="stored before the rule").last_error
    item = Item.objects.get()
    assert "django-insecure" not in item.text + item.summary
    assert "read only under" in item.page_error and report.pages_fetched == 0
