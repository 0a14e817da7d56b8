"""The archive: excerpts on the lists, and a search of the published editions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings

from numeriq.editions import lifecycle
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition
from numeriq.editions.store import refresh_search_text, save_doc
from numeriq.editions.summary import excerpt, search_text, shorten
from numeriq.site.search import highlight, parse_query, snippet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _publish(day: dt.date, editorial: str, body: str = "Texte.", **fields: str) -> Edition:
    doc = EditionDoc(
        date=day,
        editorial=editorial,
        headline=fields.get("headline", ""),
        items=(Item(kind=ItemKind.TITLED, heading=fields.get("heading", "Titre"), body=body),),
    )
    return lifecycle.publish(save_doc(doc))


def _dates(html: str) -> list[str]:
    return re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html)


def test_an_excerpt_is_the_editorials_first_sentence_cut_on_a_word() -> None:
    """Plain text, French typography, one sentence; else the headings; never mid-word."""
    doc = EditionDoc(
        date=dt.date(2026, 3, 18),
        editorial="Les soldes d'hiver sont *finis*, [les promesses](https://x.example/) aussi.\n"
        "Les e-commerçants comptent leurs colis : pour se rassurer.",
    )
    assert excerpt(doc) == "Les soldes d’hiver sont finis, les promesses aussi."
    headings = EditionDoc(
        date=dt.date(2026, 3, 18),
        items=(
            Item(kind=ItemKind.TITLED, heading="Panier percé", body="x"),
            Item(kind=ItemKind.BREVE, body="y"),
            Item(kind=ItemKind.TITLED, heading="Allô, l'assistant ?", body="z"),
        ),
    )
    assert excerpt(headings) == "Panier percé · Allô, l’assistant\u202f?"
    long = "Un panier moyen de 58\u00a0euros recule encore face aux frais de livraison"
    assert shorten(long, 40) == "Un panier moyen de 58\u00a0euros recule…"
    assert shorten("Court.", 40) == "Court."


def test_search_words_are_folded_and_kept_by_every_save() -> None:
    """« L'Économie » is stored as « economie »; the back office's edits refresh it."""
    edition = _publish(dt.date(2026, 3, 2), "L'Économie du cœur.", heading="Prix")
    assert " economie " in edition.search_text and " coeur " in edition.search_text
    assert search_text(edition.to_doc()) == edition.search_text
    edition.items.update(body="Des entrepôts pleins.")
    refresh_search_text(edition)
    edition.refresh_from_db()
    assert " entrepots " in edition.search_text
    # A caption is read under its image, so it is searched, as the alt text is.
    edition.items.update(
        image_url="/a.png", image_alt="Un chariot", image_caption="Photo : Agence Zéphyr"
    )
    refresh_search_text(edition)
    edition.refresh_from_db()
    assert " zephyr " in edition.search_text and " chariot " in edition.search_text


def test_home_and_month_list_an_excerpt(client: Client, published_demo: list) -> None:
    """Each listed edition shows its editorial's first sentence, typographized."""
    first = (
        "La cigale e-commerçante avait chanté tout l’été les louanges du «\u00a0zéro stock\u00a0»."
    )
    month = client.get("/archives/2026/11/").content.decode()
    assert f'<p class="excerpt">{first}</p>' in month
    home = client.get("/").content.decode()
    recent = home.split('id="recent-title"')[1]
    assert f'<p class="excerpt">{first}</p>' in recent


def test_search_is_accent_and_case_insensitive_and_shows_only_published(
    client: Client, published_demo: list
) -> None:
    """« ECONOMIQUE » finds « économique »; a draft never shows; words are marked."""
    save_doc(EditionDoc(date=dt.date(2026, 12, 1), editorial="Un modèle économique secret."))
    response = client.get("/archives/recherche/", {"q": "ECONOMIQUE"})
    html = response.content.decode()
    assert response.status_code == 200
    assert _dates(html) == ["2026-11-26"]
    assert "<mark>économique</mark>" in html
    assert "1 édition contient «\u00a0ECONOMIQUE\u00a0»." in html


def test_every_word_must_match_the_start_of_a_word(client: Client, published_demo: list) -> None:
    """Words are ANDed; a word matches the words it starts (« entrep » finds « entrepôts »)."""
    both = client.get("/archives/recherche/", {"q": "entrep livraison"}).content.decode()
    assert _dates(both) == ["2026-11-26", "2026-11-20"]  # newest first
    assert "<mark>entrepôts</mark>" in both or "<mark>Entrepôts</mark>" in both
    inside = client.get("/archives/recherche/", {"q": "trepots"}).content.decode()
    assert _dates(inside) == [] and "Aucune édition ne contient «\u00a0trepots\u00a0»." in inside


def test_the_query_is_escaped_and_bad_queries_say_why(client: Client, published_demo: list) -> None:
    """Reader input never becomes markup; an empty, one-letter or too long query is explained."""
    attack = client.get("/archives/recherche/", {"q": '"><script>alert(1)</script>'})
    html = attack.content.decode()
    assert attack.status_code == 200 and "<script>alert" not in html
    assert "&lt;script&gt;" in html
    empty = client.get("/archives/recherche/").content.decode()
    assert 'role="search"' in empty and "contient" not in empty and 'role="alert"' not in empty
    short = client.get("/archives/recherche/", {"q": "a"}).content.decode()
    assert "Tapez au moins un mot de deux lettres." in short
    long = client.get("/archives/recherche/", {"q": "livraison " * 20}).content.decode()
    assert "Votre recherche est trop longue\u00a0: 100\u00a0caractères au plus." in long
    assert _dates(long) == []


def test_highlight_escapes_the_text_and_marks_whole_words() -> None:
    """What is marked is escaped too; accents and case do not matter."""
    marked = highlight("Économie <b> & économies", parse_query("economie").terms)
    assert str(marked) == "<mark>Économie</mark> &lt;b&gt; &amp; <mark>économies</mark>"


def test_results_come_a_page_at_a_time_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """25 matching editions: 20 then 5; the queries do not grow with the archive."""
    for n in range(25):
        _publish(dt.date(2026, 1, 1) + dt.timedelta(days=n), f"Les marchés numéro {n} montent.")
    _publish(dt.date(2026, 3, 1), "Rien à voir.")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        first = client.get("/archives/recherche/", {"q": "marché"}).content.decode()
    assert len(_dates(first)) == 20 and "25 éditions contiennent" in first
    assert "Page 1 sur 2" in first and 'href="?q=march%C3%A9&amp;page=2"' in first
    second = client.get("/archives/recherche/", {"q": "marché", "page": "2"}).content.decode()
    assert _dates(second) == [f"2026-01-0{day}" for day in range(5, 0, -1)]
    beyond = client.get("/archives/recherche/", {"q": "marché", "page": "x"})
    assert beyond.status_code == 200 and len(_dates(beyond.content.decode())) == 20


def test_the_archive_pages_carry_the_search_box(client: Client, published_demo: list) -> None:
    """The index and the month pages; the form goes to the live site (never a static file)."""
    for path in ("/archives/", "/archives/2026/11/"):
        html = client.get(path).content.decode()
        assert 'role="search"' in html
        assert 'action="http://127.0.0.1:8000/archives/recherche/"' in html


def test_a_snippet_keeps_the_parts_apart_and_cuts_on_words() -> None:
    """Around the first match; a heading does not run into the body; « … » where cut."""
    text = "Titre sans point\n" + "mot " * 60 + "livraison express " + "suite " * 80
    cut = snippet(text, ("livraison",), limit=120)
    assert cut.startswith("…mot ") and "livraison express" in cut and cut.endswith("…")
    assert len(cut) <= 122 and "  " not in cut
    assert snippet("Panier percé\nLe panier recule.", ("recule",)) == (
        "Panier percé · Le panier recule."
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_the_editions_saved_before_their_search_words() -> None:
    """An archive saved before the search column is searchable once migrated."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("editions", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    edition = old.get_model("editions", "Edition").objects.create(
        date=dt.date(2020, 5, 4), slug="x", editorial="L'Économie du cœur.", status="published"
    )
    old.get_model("editions", "EditionItem").objects.create(
        edition=edition, position=0, kind="titled", heading="Prix", body="Des entrepôts."
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    words = Edition.objects.get(date=dt.date(2020, 5, 4)).search_text
    assert {" economie ", " coeur ", " prix ", " entrepots "} <= {f" {w} " for w in words.split()}


@override_settings(SEARCH_RATE_PER_IP="2/minute")
def test_searches_are_rate_limited_per_client_address(client: Client) -> None:
    """Each search reads the archive's words: a client cannot flood it (429, Retry-After);
    the empty form costs nothing, and another address is counted on its own."""
    _publish(dt.date(2026, 3, 2), "La livraison express arrive.")
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, 30, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            assert client.get("/archives/recherche/").status_code == 200
        for _ in range(2):
            assert client.get("/archives/recherche/", {"q": "livraison"}).status_code == 200
        refused = client.get("/archives/recherche/", {"q": "livraison"})
        assert refused.status_code == 429 and refused["Retry-After"] == "60"
        assert "Trop de demandes" in refused.content.decode()
        other = client.get("/archives/recherche/", {"q": "livraison"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 1, 30, tzinfo=dt.UTC), tick=False):
        assert client.get("/archives/recherche/", {"q": "livraison"}).status_code == 200
