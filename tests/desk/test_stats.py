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


def test_chart_figures_are_written_the_french_way() -> None:
    """Digit groups by a narrow no-break space in the charts' texts: « 12 345 »."""
    day = dt.date(2026, 11, 27)
    svg = line_svg([(day, 12345), (day + dt.timedelta(days=1), 1234567)], label="abonnés")
    assert "(min 12\u202f345, max 1\u202f234\u202f567)" in svg
    bars = send_results_svg(
        [("x", {"sent": 45678}, 1200)],
        labels={"sent": "envoyés", "deferred": "r", "bounced": "b", "failed": "f"},
        unsub_label="désabonnements",
    )
    assert "envoyés 45\u202f678" in bars and "désabonnements 1\u202f200" in bars


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


def test_figures_follow_the_language() -> None:
    """One filter for every count the desk shows: French groups and comma, English its own."""
    from django.utils import translation

    from numeriq.site.templatetags.french import nombre

    with translation.override("fr"):
        assert (nombre(220), nombre(1234567), nombre(5.94, 1)) == (
            "220",
            "1\u202f234\u202f567",
            "5,9",
        )
    with translation.override("en"):
        assert (nombre(1234567), nombre(3.0, 1)) == ("1,234,567", "3.0")


def test_every_chart_shape_has_a_class_the_desk_colours_per_scheme() -> None:
    import re
    from pathlib import Path

    from numeriq.audience.charts import daily_bars_svg

    day = dt.date(2026, 11, 27)
    states = {"sent": "envoyés", "deferred": "reportés", "bounced": "rejetés", "failed": "échecs"}
    svg = (
        line_svg([(day, 3), (day + dt.timedelta(days=1), 5)], label="abonnés")
        + send_results_svg(
            [("27 nov.", {"sent": 5, "deferred": 1, "bounced": 1, "failed": 1}, 2)],
            labels=states,
            unsub_label="désabonnements",
        )
        + daily_bars_svg([(day, 2, 1)], up_label="confirmés", down_label="désabonnements")
    )
    shapes = re.findall(r"<(?:text|rect|path|line)\b[^>]*>", svg)
    assert shapes
    unstyled = [shape for shape in shapes if 'class="chart-' not in shape]
    assert not unstyled, "a fixed colour stays dark on the dark scheme"
    css = (Path(__file__).parents[2] / "numeriq/desk/static/desk/desk.css").read_text()
    for name in set(re.findall(r'class="(chart-[a-z]+)"', svg)):
        assert f".chart .{name}" in css, name
