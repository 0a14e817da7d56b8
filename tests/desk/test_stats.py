"""Stats: readers over time and each edition's send results, as SVG charts and a table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from numeriq.audience.models import SubscriberStatus
from numeriq.delivery import scheduling
from numeriq.delivery.models import DeliveryState, Send
from numeriq.desk.charts import line_svg, send_results_svg
from numeriq.editions.models import Edition
from numeriq.text.french import french_date
from tests.desk.conftest import make_readers

pytestmark = pytest.mark.django_db


def test_charts_escape_their_labels() -> None:
    day = dt.date(2026, 11, 27)
    svg = line_svg([(day, 3), (day + dt.timedelta(days=1), 5)], label="<abonnés>")
    assert svg.startswith("<svg") and "&lt;abonnés&gt;" in svg and "<abonnés>" not in svg
    bars = send_results_svg(
        [("<x>", {"sent": 5, "failed": 1}, 2)],
        labels={
            "sent": "envoyés",
            "deferred": "reportés",
            "bounced": "rejetés",
            "failed": "échecs",
        },
        unsub_label="désabonnements",
    )
    assert "&lt;x&gt;" in bars and "<x>" not in bars
    assert "envoyés 5, reportés 0, rejetés 0, échecs 1, désabonnements 2" in bars


def test_stats_page(editor_client: Client, edition: Edition) -> None:
    readers = make_readers(6)
    send, _created = scheduling.start_edition(edition)
    states = ["sent", "sent", "sent", "deferred", "bounced", "failed"]
    for reader, state in zip(readers, states, strict=True):
        send.deliveries.filter(subscriber=reader).update(state=state)
    leaver = readers[0]
    leaver.status = SubscriberStatus.UNSUBSCRIBED
    leaver.unsubscribed_at = timezone.now()
    leaver.save()
    Send.objects.filter(pk=send.pk).update(state="done")
    page = editor_client.get("/redaction/statistiques/")
    assert page.status_code == 200
    assert "5 abonnés actifs aujourd’hui." in page.text
    assert page.text.count("<svg") == 3
    assert "style=" not in page.text, "no inline style: the CSP would block it"
    (row,) = page.context["results"]
    assert row["counts"] == {
        DeliveryState.SENT: 3,
        DeliveryState.DEFERRED: 1,
        DeliveryState.BOUNCED: 1,
        DeliveryState.FAILED: 1,
    }
    assert "Chiffres calculés à " in page.text
    assert row["unsubscribes"] == 1
    assert f'<a href="/redaction/envois/{send.pk}/">{french_date(edition.date)}</a>' in page.text


def test_a_stale_figure_is_refreshed_in_the_background(db: None) -> None:
    from numeriq.desk import figures
    from numeriq.desk.models import Figure
    from numeriq.desk.sending import recipients_count

    day = timezone.localdate()
    make_readers(2)
    assert recipients_count(day) == 2
    make_readers(3, prefix="nouveau")
    assert recipients_count(day) == 2, "a fresh figure is served as stored"
    Figure.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=1))
    # The refresh task runs at once with the test settings' immediate backend (a worker
    # runs it with the database backend, and the page is answered with what was stored).
    counts, at = figures.read(f"audience:{day.isoformat()}", dt.timedelta(seconds=30))
    assert counts["daily"] == 5 and timezone.now() - at < dt.timedelta(seconds=5)
    assert Figure.objects.get().requested_at is None
