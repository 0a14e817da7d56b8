"""The desk shows a banner for a send the scheduler left because it was too late."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from numeriq.delivery import scheduling
from numeriq.delivery.models import Send
from numeriq.editions import lifecycle

pytestmark = pytest.mark.django_db


def test_banner_on_every_desk_page_then_send_now(editor_client: Client, edition, time_machine):
    at = scheduling.send_time(edition.date)
    lifecycle.schedule(edition, at)
    time_machine.move_to(at + dt.timedelta(days=2), tick=False)
    scheduling.tick()
    assert not Send.objects.exists()
    day = edition.date
    expected = "n’a pas été envoyée, car le processus d’envoi (numeriq worker) ne tournait pas"
    for page in ("/redaction/", f"/redaction/edition/{day.isoformat()}/"):
        html = editor_client.get(page).content.decode()
        assert expected in html, page
        assert f"{day.day} " in html and "à 07:00" in html
    # Not on the public site, not for visitors.
    assert expected not in Client().get("/redaction/connexion/").content.decode()
    # The editor decides: send now from the desk.
    response = editor_client.post(
        f"/redaction/edition/{day.isoformat()}/envoi/",
        {"mode": "now", "confirmed": "1", "quand_meme": "1"},
    )
    assert response.status_code == 302
    assert Send.objects.count() == 1
    assert expected not in editor_client.get("/redaction/").content.decode()


def test_no_banner_when_nothing_was_missed(editor_client: Client, edition, time_machine) -> None:
    at = scheduling.send_time(edition.date)
    lifecycle.schedule(edition, at)
    time_machine.move_to(at - dt.timedelta(hours=1), tick=False)
    assert "stale-send" not in editor_client.get("/redaction/").content.decode()
