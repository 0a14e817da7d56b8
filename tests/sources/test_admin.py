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
