"""Ingest against a real local HTTP server: good feeds, broken ones, health, dedup."""

from __future__ import annotations

import dataclasses

import pytest

from numeriq.sources.ingest import FetchOptions, due_sources, ingest
from numeriq.sources.models import Item, Source
from numeriq.testing.feeds import FeedServer, rss

pytestmark = pytest.mark.django_db

PAGE = """<!DOCTYPE html><html lang="fr"><head><title>{title}</title>
<meta name="author" content="Nina Caron">
<meta property="og:image" content="https://img.example/{n}.jpg">
<script>alert("page")</script></head>
<body><nav><a href="/">Accueil</a> <a href="/tech">Tech</a></nav>
<article><h1>{title}</h1>
<p>La plateforme Cabasso annonce un panier moyen en recul de 7 % sur un an, à 58 euros,
selon les chiffres publiés mercredi par l'entreprise lyonnaise.</p>
<p>En cause, les frais de livraison, que quatre clients sur dix refusent désormais de payer,
explique la direction, qui promet une nouvelle offre d'abonnement au printemps.</p>
<p>Le numéro {n} de cette série d'articles sert aux tests de numeriq.</p>
</article><footer>Mentions légales</footer></body></html>"""


def serve_feed(server: FeedServer, name: str, count: int, **route: str) -> str:
    """A feed of `count` items whose pages the server also serves."""
    items = []
    for n in range(count):
        title = f"Article {n} de {name}"
        link = server.add(f"/{name}/{n}.html", PAGE.format(title=title, n=n), "text/html")
        items.append(
            {
                "title": title,
                "link": link + "?utm_source=rss",
                "guid": f"{name}-{n}",
                "description": f"Résumé de l'article {n}, pour la démonstration du flux.",
                "pubDate": f"Thu, 26 Nov 2026 0{n % 10}:00:00 +0000",
            }
        )
    return server.add(f"/{name}.xml", rss(name, items), **route)


def test_ingest_saves_items_and_pages(feed_server: FeedServer, fast_options: FetchOptions) -> None:
    """Items are created with their page's text and author; health is ok; UA is ours."""
    source = Source.objects.create(url=serve_feed(feed_server, "fil", 3))
    report = ingest(options=fast_options)
    assert report.new_items == 3 and report.failures == 0
    assert report.pages_fetched == 3 and report.pages_with_text == 3
    source.refresh_from_db()
    assert source.health == "ok" and source.title == "fil" and source.last_error == ""
    item = Item.objects.get(guid="fil-0")
    assert "panier moyen en recul de 7 %" in item.text
    assert "Accueil" not in item.text and "alert" not in item.text
    assert not item.text.startswith("Article 0")  # the page's h1 repeats the title
    assert item.author == "Nina Caron" and item.language == "fr"
    agents = {headers.get("User-Agent") for _, headers in feed_server.requests}
    assert agents == {fast_options.user_agent}
    assert all("gzip" in headers.get("Accept-Encoding") for _, headers in feed_server.requests)
    assert feed_server.gzipped >= 3  # the pages came compressed and were read
    # One request at a time per host, even with 8 allowed in flight.
    assert feed_server.max_in_flight == 1


def test_last_modified_and_redirects(feed_server: FeedServer, fast_options: FetchOptions) -> None:
    """If-Modified-Since gives a 304; a moved feed (301) is followed."""
    stamp = "Thu, 26 Nov 2026 06:00:00 GMT"
    url = serve_feed(feed_server, "lm", 2, last_modified=stamp)
    feed_server.add("/old.xml", b"", status=301, headers={"Location": "/lm.xml"})
    Source.objects.create(url=url, title="lm")
    Source.objects.create(url=feed_server.url("/old.xml"), title="moved")
    options = dataclasses.replace(fast_options, max_pages=0)
    first = ingest(options=options)
    assert [o.new_items for o in first.outcomes] == [2, 2] and first.failures == 0
    second = ingest(force=True, options=options)
    assert all(o.not_modified for o in second.outcomes)
    _, headers = [r for r in feed_server.requests if r[0] == "/lm.xml"][-1]
    assert headers.get("If-Modified-Since") == stamp


def test_second_ingest_is_conditional_and_creates_nothing(
    feed_server: FeedServer, fast_options: FetchOptions
) -> None:
    """With an ETag: a 304 the second time; after a change of ETag, no duplicate items."""
    url = serve_feed(feed_server, "fil", 4, etag='"v1"')
    source = Source.objects.create(url=url)
    ingest(options=fast_options)
    source.refresh_from_db()
    assert source.etag == '"v1"'
    second = ingest(force=True, options=fast_options)
    assert second.outcomes[0].not_modified and second.new_items == 0
    _, headers = [r for r in feed_server.requests if r[0] == "/fil.xml"][-1]
    assert headers.get("If-None-Match") == '"v1"'
    feed_server.routes["/fil.xml"].etag = '"v2"'
    third = ingest(force=True, options=fast_options)
    assert third.outcomes[0].entries == 4 and third.new_items == 0
    assert Item.objects.count() == 4
    assert feed_server.hits["/fil/0.html"] == 1  # pages are read once, for new items only


def test_items_without_guid_dedup_on_canonical_link(
    feed_server: FeedServer, fast_options: FetchOptions
) -> None:
    """A link whose tracking parameters change between ingests is the same item."""
    body = rss("x", [{"title": "Un", "link": "https://x.example/un?utm_campaign=a"}])
    url = feed_server.add("/x.xml", body)
    Source.objects.create(url=url)
    ingest(options=dataclasses.replace(fast_options, max_pages=0))
    feed_server.add("/x.xml", body.replace("utm_campaign=a", "utm_campaign=b&amp;fbclid=1"))
    ingest(force=True, options=dataclasses.replace(fast_options, max_pages=0))
    assert Item.objects.count() == 1


BROKEN = {
    "404": ("/broken/404", "HTTP 404"),
    "500": ("/broken/500", "HTTP 500"),
    "loop": ("/broken/redirect-loop", "too many redirects"),
    "huge": ("/broken/huge", "larger than the 1,000,000 bytes"),
    "slow": ("/broken/slow", "timed out after 1 s"),
    "xml": ("/bad.xml", "invalid XML at line 1"),
    "html": ("/page.html", "an HTML page, not a feed"),
}


def test_broken_sources_get_their_health_and_others_go_on(
    feed_server: FeedServer, fast_options: FetchOptions
) -> None:
    """Every kind of broken source ends failing with its reason; the good one is read."""
    feed_server.slow_seconds = 2.5
    feed_server.add("/bad.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><b>')
    feed_server.add("/page.html", "<!DOCTYPE html><html><body>Bonjour</body></html>", "text/html")
    latin = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title>'
        "<item><title>Été à Orléans</title><link>https://x.example/ete</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    feed_server.add("/latin.xml", latin)
    for name, (path, _) in BROKEN.items():
        Source.objects.create(url=feed_server.url(path), title=name)
    Source.objects.create(url=feed_server.url("/latin.xml"), title="latin")
    Source.objects.create(url=serve_feed(feed_server, "good", 2), title="good")
    Source.objects.create(url="http://127.0.0.1:9/nothing.xml", title="refused")

    report = ingest(options=dataclasses.replace(fast_options, max_pages=0))

    assert report.failures == len(BROKEN) + 1
    for name, (_, reason) in BROKEN.items():
        source = Source.objects.get(title=name)
        assert source.health == "failing", name
        assert reason in source.last_error, (name, source.last_error)
        assert source.consecutive_failures == 1 and source.last_success_at is None
    assert "cannot connect" in Source.objects.get(title="refused").last_error
    latin_source = Source.objects.get(title="latin")
    assert latin_source.health == "ok" and "encoding" in latin_source.last_warning
    assert Item.objects.get(source=latin_source).title == "Été à Orléans"
    assert Source.objects.get(title="good").items.count() == 2


def test_sources_pause_after_n_failures_and_resume(
    feed_server: FeedServer, fast_options: FetchOptions, settings
) -> None:
    """After NUMERIQ_SOURCES_MAX_FAILURES failures a source is paused and skipped."""
    from numeriq.sources.registry import set_paused

    settings.SOURCES_MAX_FAILURES = 2
    source = Source.objects.create(url=feed_server.url("/broken/500"))
    ingest(force=True, options=fast_options)
    source.refresh_from_db()
    assert not source.paused and source.consecutive_failures == 1
    ingest(force=True, options=fast_options)
    source.refresh_from_db()
    assert source.paused and "after 2 failures" in source.paused_reason
    assert source.health == "paused"
    assert ingest(force=True, options=fast_options).outcomes == []
    set_paused(source, False)
    assert source.consecutive_failures == 0 and due_sources(source.added_at, force=True)


def test_local_file_sources_read_pages_only_from_files(tmp_path, fast_options) -> None:
    """A file:// feed's file:// pages are read; a web feed never makes us read a file."""
    page = tmp_path / "article.html"
    page.write_text(PAGE.format(title="Local", n=1), encoding="utf-8")
    feed = tmp_path / "flux.xml"
    feed.write_text(rss("local", [{"title": "Local", "link": page.as_uri()}]), encoding="utf-8")
    Source.objects.create(url=feed.as_uri())
    report = ingest(options=fast_options)
    assert report.pages_with_text == 1
    assert "Cabasso" in Item.objects.get().text
