"""The editorial calendar: the coming days with their state, a new edition in one click."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client

from numeriq.editions import lifecycle
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition
from numeriq.editions.store import save_doc

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 1, 21, 30, tzinfo=PARIS)


@time_machine.travel(NOW, tick=False)
def test_the_calendar_shows_each_days_state_and_creates_in_one_click(
    editor_client: Client,
) -> None:
    save_doc(
        EditionDoc(
            date=dt.date(2026, 12, 1),
            items=(Item(ItemKind.TITLED, "Texte.", heading="Panier percé"),),
        )
    )
    scheduled = save_doc(EditionDoc(date=dt.date(2026, 12, 3), headline="Demain"))
    lifecycle.schedule(scheduled, NOW + dt.timedelta(days=2))
    page = editor_client.get("/redaction/calendrier/")
    assert page.status_code == 200
    days = {entry.day: entry for entry in page.context["days"]}
    assert min(days) == dt.date(2026, 11, 28) and len(days) == 14
    assert days[dt.date(2026, 12, 1)].state == "draft" and days[dt.date(2026, 12, 1)].is_today
    assert days[dt.date(2026, 12, 1)].headline == "Panier percé"  # the lead heading
    assert days[dt.date(2026, 12, 3)].state == "scheduled"
    assert days[dt.date(2026, 12, 2)].state == "empty"
    assert "Créer l’édition du 2 décembre" in page.text
    assert 'action="/redaction/edition/2026-12-02/creer/"' in page.text
    assert "Écrire l’édition du 1er décembre" in page.text
    created = editor_client.post("/redaction/edition/2026-12-02/creer/", follow=True)
    assert created.redirect_chain[-1][0] == "/redaction/edition/2026-12-02/"
    assert "Édition du mercredi 2 décembre 2026 créée" in created.text
    assert Edition.objects.filter(date=dt.date(2026, 12, 2)).exists()
    later = editor_client.get("/redaction/calendrier/?depuis=2026-12-12")
    assert min(e.day for e in later.context["days"]) == dt.date(2026, 12, 12)
    assert editor_client.get("/redaction/calendrier/?depuis=demain").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_every_day_page_links_the_previous_and_next_day(editor_client: Client) -> None:
    page = editor_client.get("/redaction/?jour=2026-12-02")
    assert 'href="/redaction/?jour=2026-12-01" rel="prev"' in page.text
    assert 'href="/redaction/?jour=2026-12-03" rel="next"' in page.text
    assert 'href="/redaction/calendrier/"' in page.text
    # The desk's creation button is a POST too.
    assert 'action="/redaction/edition/2026-12-02/creer/"' in page.text
    assert not Edition.objects.exists()


def test_the_editions_list_names_a_drafted_edition_by_its_lead(editor_client: Client) -> None:
    save_doc(
        EditionDoc(
            date=dt.date(2026, 12, 1), items=(Item(ItemKind.TITLED, "T.", heading="Panier"),)
        )
    )
    page = editor_client.get("/redaction/editions/")
    assert "<td>Panier</td>" in page.text
    assert "Planifier une édition (calendrier)" in page.text
