"""Sending from the desk: a test to oneself, the confirmation with its count, schedule, send now."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from numeriq.audience.models import SubscriberStatus
from numeriq.delivery import scheduling
from numeriq.delivery.models import Send
from numeriq.desk.models import Figure
from numeriq.editions.models import Edition, EditionStatus
from numeriq.testing.smtp import SmtpServer
from tests.desk.conftest import make_readers, make_user

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """Test sends go to a real local SMTP server."""
    with SmtpServer() as server:
        settings.EMAIL = server.email
        yield server


def url(edition: Edition, suffix: str = "") -> str:
    return f"/redaction/edition/{edition.date.isoformat()}/{suffix}"


def test_schedule_confirms_the_count_then_the_scheduler_publishes_at_its_time(
    editor_client: Client, edition: Edition
) -> None:
    make_readers(3)
    make_readers(1, prefix="pause", paused_until=timezone.localdate() + dt.timedelta(days=5))
    make_readers(1, prefix="parti", status=SubscriberStatus.UNSUBSCRIBED)
    at = timezone.now() + dt.timedelta(hours=2)
    local = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    page = editor_client.get(url(edition, "envoi/"), {"mode": "schedule", "at": local})
    assert page.status_code == 200
    assert "à 3 abonnés (nombre actuel" in page.text
    # Why fewer than the active subscribers: weekly recaps and pauses are not in it.
    assert (
        "Sur les 4 abonnés actifs : 3 reçoivent l’édition chaque jour, "
        "1 a mis son abonnement en pause ce jour-là."
    ) in page.text
    # The checks' findings are on the confirmation; an error needs « envoyer quand même ».
    assert "Ce que les vérifications ont trouvé" in page.text
    # Whatever stopped the connection, the same words (no port scanner from the desk).
    assert "https://example.org/commerce-sobre — le site est injoignable" in page.text
    assert "Temps de lecture" in page.text and "Lecture estimée : 1 min 24 s" in page.text
    assert "envoyer quand même" in page.text
    refused = editor_client.post(
        url(edition, "envoi/"), {"mode": "schedule", "at": local, "confirmed": "1"}
    )
    assert refused.status_code == 400 and "cochez « envoyer quand même »" in refused.text
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.DRAFT
    response = editor_client.post(
        url(edition, "envoi/"),
        {"mode": "schedule", "at": local, "confirmed": "1", "quand_meme": "1"},
        follow=True,
    )
    assert "Édition programmée pour le " in response.text
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED
    assert timezone.localtime(edition.scheduled_at).strftime("%Y-%m-%dT%H:%M") == local
    assert "Déprogrammer" in response.text
    scheduling.tick(now=edition.scheduled_at - dt.timedelta(minutes=1))
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.SCHEDULED
    scheduling.tick(now=edition.scheduled_at)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert Send.objects.get(edition=edition).deliveries.count() == 3


def test_schedule_refuses_a_past_time_and_unschedules(
    editor_client: Client, edition: Edition
) -> None:
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = editor_client.post(
        url(edition, "envoi/"), {"mode": "schedule", "at": past, "confirmed": "1"}
    )
    assert refused.status_code == 400 and "Cette heure est déjà passée" in refused.text
    at = (timezone.localtime() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    editor_client.post(
        url(edition, "envoi/"), {"mode": "schedule", "at": at, "confirmed": "1", "quand_meme": "1"}
    )
    editor_client.post(url(edition, "deprogrammer/"))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT and edition.scheduled_at is None


def test_default_send_time_is_the_setting(editor_client: Client, settings: Any) -> None:
    settings.SEND_TIME = dt.time(7, 0)
    day = timezone.localdate() + dt.timedelta(days=3)
    created = editor_client.post(f"/redaction/edition/{day.isoformat()}/creer/")
    page = editor_client.get(created["Location"])
    assert f'value="{day.isoformat()}T07:00"' in page.text


def test_send_now_then_live_progress(editor_client: Client, edition: Edition) -> None:
    make_readers(4)
    page = editor_client.get(url(edition, "envoi/"), {"mode": "now"})
    assert "envoyée tout de suite à 4 abonnés" in page.text
    assert "example.org/commerce-sobre" in page.text
    blocked = editor_client.post(url(edition, "envoi/"), {"mode": "now", "confirmed": "1"})
    assert blocked.status_code == 400 and not Send.objects.filter(edition=edition).exists()
    response = editor_client.post(
        url(edition, "envoi/"), {"mode": "now", "confirmed": "1", "quand_meme": "1"}
    )
    send = Send.objects.get(edition=edition)
    assert response["Location"] == f"/redaction/envois/{send.pk}/"
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    progress = editor_client.get(response["Location"])
    assert "0 sur 4 traités (0\u00a0%)" in progress.text  # % kept with its number
    assert 'data-poll="/redaction/envois/' in progress.text
    partial = editor_client.get(response["Location"] + "?partiel=1")
    assert partial.text.lstrip().startswith('<div class="progress-box"')
    rows = dict((value, count) for _label, value, count in partial.context["rows"])
    assert rows["queued"] == 4
    send.deliveries.update(state="sent")
    # Counts are refreshed every 2 seconds (by the worker; at once with the test settings).
    Figure.objects.filter(key=f"progress:{send.pk}").update(
        computed_at=timezone.now() - dt.timedelta(seconds=3)
    )
    partial = editor_client.get(response["Location"] + "?partiel=1")
    assert "4 sur 4 traités (100\u00a0%)" in partial.text
    # Once started, the composer links to the progress instead of offering to send again.
    page = editor_client.get(url(edition))
    assert "Suivre l’envoi" in page.text and "Publier et envoyer maintenant" not in page.text


def test_admins_pause_and_resume_a_send(client: Client, edition: Edition) -> None:
    make_readers(2)
    send, _created = scheduling.start_edition(edition)
    client.force_login(make_user("chef", "admin"))
    page = client.get(f"/redaction/envois/{send.pk}/")
    assert "Mettre en pause" in page.text
    client.post(f"/redaction/envois/{send.pk}/pause/")
    assert Send.objects.get(pk=send.pk).state == "paused"
    client.post(f"/redaction/envois/{send.pk}/reprendre/")
    assert Send.objects.get(pk=send.pk).state == "sending"
