"""Back office for sources: health list, pause and resume actions, read-only items."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from numeriq.sources.models import Item, Source

pytestmark = pytest.mark.django_db


def test_sources_list_and_actions(client: Client) -> None:
    """The list shows health and errors (escaped); pause and resume act on the selection."""
    client.force_login(User.objects.create_superuser("ed", "e@example.org", "mot-de-passe-42!"))
    source = Source.objects.create(
        url="https://fil.example/rss",
        title="<script>x</script>Fil",
        last_error="HTTP 404 Not Found",
    )
    Item.objects.create(source=source, key="k", title="Un article <b>gras</b>", url="https://x/1")
    page = client.get("/admin/sources/source/").content.decode()
    assert "HTTP 404 Not Found" in page and "<script>x</script>" not in page
    client.post(
        "/admin/sources/source/", {"action": "pause_selected", "_selected_action": [source.pk]}
    )
    source.refresh_from_db()
    assert source.paused and source.health == "paused"
    client.post(
        "/admin/sources/source/", {"action": "resume_selected", "_selected_action": [source.pk]}
    )
    source.refresh_from_db()
    assert not source.paused
    items = client.get("/admin/sources/item/").content.decode()
    assert "Un article &lt;b&gt;gras&lt;/b&gt;" in items
    assert client.get("/admin/sources/item/add/").status_code == 403


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/etc/passwd", "Les fichiers locaux ne s’ajoutent qu’en ligne de commande"),
        ("file:///etc/passwd", "Les fichiers locaux ne s’ajoutent qu’en ligne de commande"),
        ("var/secret_key", "Les fichiers locaux ne s’ajoutent qu’en ligne de commande"),
        ("ftp://fil.example/rss", "Seules les adresses http:// et https://"),
        ("http://127.0.0.1:8000/admin/", "Une adresse interne, privée ou réservée"),
        ("http://[::1]/flux", "Une adresse interne, privée ou réservée"),
        ("http:///flux", "Cette adresse ne nomme aucun serveur."),
    ],
)
def test_admin_refuses_local_files_and_internal_addresses(
    client: Client, url: str, reason: str
) -> None:
    """The add form validates like the CLI, minus local files: a French reason, nothing saved."""
    client.force_login(User.objects.create_superuser("ed", "e@example.org", "mot-de-passe-42!"))
    page = client.post("/admin/sources/source/add/", {"url": url, "consecutive_failures": 0})
    assert page.status_code == 200 and reason in page.content.decode()
    assert not Source.objects.exists()


def test_admin_adds_web_feeds_and_edits_stay_validated(client: Client) -> None:
    client.force_login(User.objects.create_superuser("ed", "e@example.org", "mot-de-passe-42!"))
    fields = {"url": " https://fil.example/rss ", "title": "Fil", "consecutive_failures": 0}
    assert client.post("/admin/sources/source/add/", fields).status_code == 302
    source = Source.objects.get()
    assert source.url == "https://fil.example/rss"
    changed = {**fields, "url": "file:///etc/passwd"}
    page = client.post(f"/admin/sources/source/{source.pk}/change/", changed)
    assert page.status_code == 200
    source.refresh_from_db()
    assert source.url == "https://fil.example/rss"
