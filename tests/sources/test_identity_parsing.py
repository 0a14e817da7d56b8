"""Pure parts of the sources stage: identity, feed parsing, language, OPML."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from numeriq.sources.errors import FeedError, OpmlError
from numeriq.sources.identity import canonical_url, item_identity, item_key
from numeriq.sources.opml import Outline, format_opml, parse_opml
from numeriq.sources.parsing import detect_language, html_to_text, parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
 xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Le Fil &amp; Co</title><link>https://fil.example/</link><language>fr-FR</language>
<item><title>Cabasso lève 12 millions d'euros</title>
<link>https://fil.example/a?utm_source=rss&amp;id=3#top</link><guid>fil-1</guid>
<description>&lt;p&gt;La start-up &lt;b&gt;Cabasso&lt;/b&gt; annonce
une levée de fonds.&lt;/p&gt;</description>
<pubDate>Thu, 26 Nov 2026 08:30:00 +0100</pubDate>
<media:content url="https://fil.example/i.jpg" medium="image"/></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atome</title>
<entry><id>urn:x:1</id><title type="html">Telvia &lt;i&gt;mise&lt;/i&gt; sur l'IA</title>
<link href="https://atome.example/1"/><updated>2026-11-26T07:00:00Z</updated>
<content type="html">&lt;p&gt;L'opérateur Telvia confie 30 % de ses appels
à un agent.&lt;/p&gt;</content>
</entry></feed>"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://r.example/"><title>RDF</title><link>https://r.example/</link></channel>
<item rdf:about="https://r.example/1"><title>Un titre</title><link>https://r.example/1</link>
<description>Le texte est en français pour la démonstration.</description></item>
</rdf:RDF>"""


def test_canonical_url_drops_tracking_and_fragment() -> None:
    """utm_*, fbclid, xtor and the fragment go; real parameters stay."""
    url = "HTTPS://Fil.Example:443/a?utm_source=rss&id=3&fbclid=zz&xtor=RSS-1#top"
    assert canonical_url(url) == "https://fil.example/a?id=3"
    assert canonical_url("http://x.example:8080/p?ref=tw") == "http://x.example:8080/p"


def test_identity_prefers_guid_then_link_then_hash() -> None:
    """guid wins; without one the canonical link; without either a content hash."""
    assert item_identity("g1", "https://a/b", "t", "x") == "guid:g1"
    assert item_identity("", "https://a/b?utm_medium=x", "t", "x") == "link:https://a/b"
    assert item_identity("", "", "Titre", "Texte").startswith("hash:")
    assert item_key("", "", "Titre", "Texte") == item_key("", "", " titre ", "texte")
    assert item_key("", "https://a/b?utm_x=1", "", "") == item_key("", "https://a/b", "", "")
    assert len(item_key("g" * 5000, "", "", "")) == 64


def test_rss2_entry_as_plain_text() -> None:
    """Title and summary are plain text; date in UTC; image from media:content."""
    feed = parse_feed(RSS.encode())
    assert feed.title == "Le Fil & Co"
    assert feed.language == "fr-FR"
    (entry,) = feed.entries
    assert entry.guid == "fil-1"
    assert entry.summary == "La start-up Cabasso annonce une levée de fonds."
    assert entry.published == dt.datetime(2026, 11, 26, 7, 30, tzinfo=dt.UTC)
    assert entry.image_url == "https://fil.example/i.jpg"
    assert entry.language == "fr"
    assert not feed.warning


def test_atom_and_rss1() -> None:
    """Atom's html title loses its tags; RSS 1.0 items are read."""
    (entry,) = parse_feed(ATOM.encode()).entries
    assert entry.title == "Telvia mise sur l'IA"
    assert entry.summary.startswith("L'opérateur Telvia confie 30 %")
    assert entry.link == "https://atome.example/1"
    (rdf,) = parse_feed(RSS1.encode()).entries
    assert rdf.title == "Un titre" and rdf.link == "https://r.example/1"


def test_relative_links_resolve_against_the_feed_url() -> None:
    """A feed that links its items relatively gives absolute links."""
    body = (
        b'<rss version="2.0"><channel><item><title>Un</title><link>/a/1</link>'
        b"<guid>un-1</guid></item></channel></rss>"
    )
    (entry,) = parse_feed(body, url="https://fil.example/flux/rss").entries
    assert entry.link == "https://fil.example/a/1" and entry.guid == "un-1"


def test_json_feed() -> None:
    """JSON Feed 1.1 items, by hand (feedparser does not read them)."""
    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Jason",
            "items": [
                {
                    "id": "j1",
                    "url": "https://j.example/1",
                    "title": "Un <em>titre</em>",
                    "content_html": "<p>Le panier moyen recule de 7 % sur un an.</p>",
                    "date_published": "2026-11-26T06:00:00Z",
                    "authors": [{"name": "Léa Martin"}],
                }
            ],
        }
    ).encode()
    (entry,) = parse_feed(body, content_type="application/feed+json").entries
    assert (entry.guid, entry.title, entry.author) == ("j1", "Un titre", "Léa Martin")
    assert entry.summary == "Le panier moyen recule de 7 % sur un an."
    assert entry.published == dt.datetime(2026, 11, 26, 6, tzinfo=dt.UTC)
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"hello": 1}')


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty document"),
        (b"<!DOCTYPE html><html><body><p>Bienvenue</p></body></html>", "an HTML page"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl>', "invalid XML"),
        (b"{not json", "invalid JSON"),
        (b"just some words", "not a feed"),
    ],
)
def test_malformed_documents_say_why(body: bytes, message: str) -> None:
    """Each broken document raises FeedError with a readable reason."""
    with pytest.raises(FeedError, match=message):
        parse_feed(body)


def test_wrong_declared_encoding_is_read_with_a_warning() -> None:
    """Latin-1 bytes declared as UTF-8: entries are read, the warning says so."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Café</title>'
        "<item><title>Été à Orléans</title><link>https://x.example/1</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    feed = parse_feed(body)
    assert feed.entries[0].title == "Été à Orléans"
    assert "encoding" in feed.warning


def test_script_in_titles_is_dropped() -> None:
    """Markup in a title never survives as markup."""
    body = (
        b'<rss version="2.0"><channel><item><title>&lt;script&gt;alert(1)&lt;/script&gt;Soldes'
        b" &lt;img src=x onerror=alert(2)&gt;</title><link>https://x.example/1</link></item>"
        b"</channel></rss>"
    )
    title = parse_feed(body).entries[0].title
    assert "<" not in title and "alert" not in title
    assert title == "Soldes"


def test_html_to_text_and_language() -> None:
    """Blocks become lines, scripts disappear; French and English are told apart."""
    assert html_to_text("<p>Un</p><script>x()</script><p>Deux&nbsp;!</p>") == "Un\nDeux !"
    assert detect_language("Le marché de la publicité est en hausse pour les marques.") == "fr"
    assert detect_language("The market for ads is up for the brands and their agencies.") == "en"
    assert detect_language("Cabasso", "fr-FR") == "fr"


def test_opml_round_trip_and_nested_folders() -> None:
    """Outlines in folders are found; export then import gives the same list."""
    data = b"""<?xml version="1.0"?><opml version="1.0"><body>
    <outline text="Tech"><outline text="Un &amp; deux" xmlUrl="https://a.example/feed"/>
    <outline title="B" text="b" xmlUrl="https://b.example/rss" htmlUrl="https://b.example/"/>
    </outline><outline text="dossier vide"/></body></opml>"""
    outlines = parse_opml(data)
    assert outlines == [
        Outline("https://a.example/feed", "Un & deux"),
        Outline("https://b.example/rss", "B", "https://b.example/"),
    ]
    assert parse_opml(format_opml(outlines).encode()) == outlines
    with pytest.raises(OpmlError):
        parse_opml(b"<html></html>")
    with pytest.raises(OpmlError):
        parse_opml(b"<opml><body>")
