"""The public site: home, permalinks, archive, feeds, sitemap, cache."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings

from numeriq.editions import lifecycle
from numeriq.editions.document import EditionDoc
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown, save_doc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_home_shows_the_latest_published_edition(client: Client, published_demo: list) -> None:
    """Home = latest published edition, with links to the previous ones."""
    draft = import_markdown("---\ndate: 2026-12-01\n---\n\n## Brouillon secret\nTexte.\n")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Vendredi noir, serveurs rouges" in html
    assert "Brouillon secret" not in html
    assert "Éditions précédentes" in html
    assert "min de lecture" in html
    assert draft.status == "draft"


def test_permalink_page_has_everything_a_reader_and_a_crawler_need(
    client: Client, published_demo: list
) -> None:
    """Title pattern, Open Graph, canonical, quiz, CTA blocks at the set positions."""
    edition = Edition.objects.get(date="2026-11-20")
    response = client.get(edition.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Les entrepôts font le plein avant la ruée. C’est le journal de l’économie" in html
    assert "du 20 novembre 2026" in html
    assert '<meta property="og:title"' in html
    assert '<meta property="og:image" content="http://127.0.0.1:8000/static/numeriq/demo/' in html
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000{edition.get_absolute_url()}">' in html
    )
    assert "<details>" in html and "Voir la réponse" in html
    assert html.count('class="cta"') == 2
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'alt="Trois cartons' in html


@override_settings(CTA_POSITIONS=("top",))
def test_cta_positions_are_a_setting(client: Client, published_demo: list) -> None:
    """Only the configured CTA positions appear."""
    edition = Edition.objects.get(date="2026-11-20")
    html = client.get(edition.get_absolute_url()).content.decode()
    assert html.count('class="cta"') == 1
    assert html.index('class="cta"') < html.index('class="editorial"')


def test_wrong_slug_redirects_and_drafts_are_hidden(client: Client, published_demo: list) -> None:
    """An outdated slug redirects permanently; a draft or a bad date is a 404."""
    edition = Edition.objects.get(date="2026-11-20")
    response = client.get("/2026/11/20/ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == edition.get_absolute_url()
    lifecycle.unpublish(edition)
    assert client.get(edition.get_absolute_url()).status_code == 404
    assert client.get("/2026/02/30/x/").status_code == 404
    assert client.get("/2026/13/01/x/").status_code == 404


def test_archive_by_month(client: Client, published_demo: list) -> None:
    """The archive lists months; a month lists its editions, newest first (as the home)."""
    index = client.get("/archives/").content.decode()
    assert 'href="/archives/2026/11/"' in index and "Novembre 2026" in index
    month = client.get("/archives/2026/11/")
    html = month.content.decode()
    assert month.status_code == 200
    dates = re.findall(r'<time datetime="(2026-11-\d\d)"', html)
    assert dates == sorted(dates, reverse=True) and len(dates) == 6
    assert "'" not in re.sub(r"<[^>]+>", "", html.split("<main")[1].split("</main>")[0])
    assert client.get("/archives/2026/10/").status_code == 404
    assert client.get("/archives/2026/13/").status_code == 404
    assert client.get("/archives/99999/12/").status_code == 404  # was a 500


def test_404_and_500_are_french_and_branded(client: Client, settings: Any) -> None:
    """Not Django's English defaults: French, the brand, a way back and the archive."""
    settings.DEBUG = False
    missing = client.get("/2026/01/01/rien/")
    html = missing.content.decode()
    assert missing.status_code == 404 and '<html lang="fr">' in html
    assert "Cette page n’existe pas (ou plus)" in html and 'href="/archives/"' in html
    assert "Numériq’1" in html
    from django.test import RequestFactory

    from numeriq.site.views import server_error

    error = server_error(RequestFactory().get("/"))
    page = error.content.decode()
    assert error.status_code == 500 and '<html lang="fr">' in page
    assert "Un problème de notre côté" in page and 'href="/archives/"' in page


@pytest.mark.parametrize("path", ["/flux/rss/", "/flux/atom/"])
def test_feeds_are_valid(client: Client, published_demo: list, path: str) -> None:
    """feedparser reads both feeds without complaint, full content, absolute links."""
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) == 6
    latest = feed.entries[0]
    assert latest.title.startswith("Vendredi noir, serveurs rouges. C’est le journal")
    assert latest.link == "http://127.0.0.1:8000/2026/11/27/vendredi-noir-serveurs-rouges/"
    content = latest.get("content", [{}])[0].get("value") or latest.summary
    assert "Nuit blanche, vendredi noir" in content
    images = re.findall(r'src="([^"]+)"', feed.entries[1].get("summary", ""))
    assert all(src.startswith("http://") for src in images)


def test_sitemap_and_robots(client: Client, published_demo: list) -> None:
    """sitemap.xml lists every published edition on the public site URL."""
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://127.0.0.1:8000/" in locations
    assert "http://127.0.0.1:8000/2026/11/27/vendredi-noir-serveurs-rouges/" in locations
    assert "http://127.0.0.1:8000/mentions-legales/" in locations
    assert "http://127.0.0.1:8000/confidentialite/" in locations
    assert len(locations) == 2 + 6 + 2
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_pages_are_cached_and_invalidated_by_an_edit(client: Client, published_demo: list) -> None:
    """Cache headers and ETag; a 304 on revalidation; an edit shows at once."""
    url = Edition.objects.get(date="2026-11-27").get_absolute_url()
    first = client.get(url)
    assert "public, max-age=" in first["Cache-Control"]
    etag = first["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    text = (
        "---\ndate: 2026-11-27\nheadline: Vendredi noir, serveurs rouges\n---\n\n"
        "## Correction du jour\nTexte corrigé.\n"
    )
    import_markdown(text, replace=True)
    second = client.get(url)
    assert second["ETag"] != etag
    assert "Correction du jour" in second.content.decode()


def test_security_headers(client: Client, published_demo: list) -> None:
    """CSP, no sniffing, no framing."""
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_feed_title_injection_is_escaped(client: Client) -> None:
    """Markup in a headline never reaches a page or a feed unescaped."""
    text = (
        '---\ndate: 2026-05-04\nheadline: "<script>alert(1)</script> Titre"\n---\n\n'
        '## <img src=x onerror=alert(2)>Piège\nTexte <b onclick="x()">gras</b>.\n'
    )
    lifecycle.publish(import_markdown(text))
    for path in ("/", "/2026/05/04/scriptalert1script-titre/", "/flux/rss/", "/flux/atom/"):
        body = client.get(path).content.decode()
        assert "<script>alert" not in body, path
        assert "onerror=" not in body.replace("onerror=alert(2)&gt;", "")
        assert "onclick" not in body, path


def test_empty_site_and_subscribe_page(client: Client) -> None:
    """No edition yet: a friendly home; the subscribe page always answers."""
    assert "La première édition arrive bientôt" in client.get("/").content.decode()
    subscribe = client.get("/abonnement/").content.decode()
    assert "flux/rss" in subscribe


def test_english_is_available_through_i18n(client: Client, published_demo: list) -> None:
    """With NUMERIQ_LANGUAGE=en the site's own words are English (the editions stay French)."""
    from django.utils import translation

    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        html = client.get(Edition.objects.get(date="2026-11-20").get_absolute_url()).content
        page = html.decode()
    assert '<html lang="en">' in page
    assert "Show the answer" in page and "Next edition" in page
    assert "min read" in page
    assert "Fourmis en palettes" in page


@pytest.mark.parametrize(
    "url",
    [
        "/archives/99999/12/",
        "/archives/0/12/",
        "/archives/999999999999999999999/12/",
        "/99999/12/31/slug/",
        "/999999999999999999999/12/31/slug/",
        "/0/01/01/slug/",
        "/9999/12/31/slug/",
    ],
)
def test_huge_or_tiny_years_are_not_found(client: Client, url: str) -> None:
    """They answered 500 (OverflowError, 'year out of range'), now 404."""
    assert client.get(url).status_code == 404


def test_an_empty_edition_reads_right_on_the_site_and_in_the_feed(client: Client) -> None:
    """An edition with nothing in it yet: no « . C'est le journal… », no « 1 min de lecture »."""
    edition = lifecycle.publish(save_doc(EditionDoc(date=dt.date(2026, 12, 1))))  # as the desk
    html = client.get(edition.get_absolute_url()).content.decode()
    assert "<title>C’est le journal de l’économie numérique du 1er décembre 2026 — " in html
    assert ">C’est le journal de l’économie numérique du 1er décembre 2026</h1>" in html
    assert "min de lecture" not in html and ". C’est" not in html
    feed = feedparser.parse(client.get("/flux/rss/").content)
    assert feed.entries[0].title == "C’est le journal de l’économie numérique du 1er décembre 2026"
    assert str(edition) == "1er décembre 2026 — Sans titre (édition vide)"


@override_settings(CTA_POSITIONS=("middle",))
def test_an_edition_of_one_item_still_shows_the_middle_call_to_subscribe(client: Client) -> None:
    """No middle in one item: the call to subscribe goes after it rather than nowhere."""
    one = "---\ndate: 2026-12-02\n---\n\nÉdito.\n\n## Seul titre\nTexte.\n"
    edition = lifecycle.publish(import_markdown(one))
    html = client.get(edition.get_absolute_url()).content.decode()
    assert html.count('class="cta"') == 1
    assert html.index("Seul titre") < html.index('class="cta"')
