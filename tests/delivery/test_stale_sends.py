"""A send time missed by more than NUMERIQ_SEND_STALE_MINUTES is left for the editor."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from numeriq.audience.models import Frequency
from numeriq.delivery import scheduling, service
from numeriq.delivery.models import Send, SendKind
from numeriq.editions import lifecycle
from numeriq.editions.models import EditionStatus
from tests.delivery.conftest import make_readers


@pytest.fixture(autouse=True)
def _forget_reported() -> None:
    scheduling._reported_stale.clear()


def _scheduled(edition):
    at = scheduling.send_time(edition.date)
    return lifecycle.schedule(edition, at), at


def test_an_edition_days_late_is_not_sent_and_logged_once(edition, caplog) -> None:
    make_readers(3)
    edition, at = _scheduled(edition)
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        assert scheduling.tick(at + dt.timedelta(days=2, minutes=5)) == []
        assert scheduling.tick(at + dt.timedelta(days=2, minutes=6)) == []
    assert not Send.objects.exists()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED  # still the editor's to decide
    warnings = [r.getMessage() for r in caplog.records if "was missed" in r.getMessage()]
    assert len(warnings) == 1
    assert f"edition {edition.date}" in warnings[0]
    assert "missed by 2 d 0 h 05" in warnings[0] and "not sent" in warnings[0]
    assert scheduling.stale_editions(at + dt.timedelta(days=2)) == [edition]


def test_the_limit_is_a_setting(edition, settings) -> None:
    make_readers(2)
    settings.SEND_STALE_MINUTES = 60
    edition, at = _scheduled(edition)
    assert scheduling.tick(at + dt.timedelta(minutes=61)) == []
    assert not Send.objects.exists()
    settings.SEND_STALE_MINUTES = 90
    started = scheduling.tick(at + dt.timedelta(minutes=62))  # caught up: within the limit
    assert [send.kind for send in started] == [SendKind.EDITION]


def test_a_late_catch_up_within_the_limit_still_goes(edition, caplog) -> None:
    make_readers(2)
    edition, at = _scheduled(edition)
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        started = scheduling.tick(at + dt.timedelta(minutes=179))
    assert len(started) == 1
    assert "sending now" in caplog.text


def test_a_worker_starting_after_an_outage_sends_nothing_stale(edition, caplog, time_machine):
    make_readers(2)
    edition, at = _scheduled(edition)
    time_machine.move_to(at + dt.timedelta(days=3), tick=False)
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        service.prepare_schedule()
    assert not Send.objects.exists()
    assert "not sent; the editor decides" in caplog.text


def test_a_stale_weekly_recap_is_skipped_and_logged(published_demo, caplog) -> None:
    day = max(e.date for e in published_demo)
    make_readers(2, prefix="hebdo", frequency=Frequency.WEEKLY, weekly_day=day.weekday())
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        started = scheduling.tick(scheduling.send_time(day) + dt.timedelta(hours=4))
    assert not [send for send in started if send.kind == SendKind.RECAP]
    assert f"weekly recap {day}" in caplog.text


def test_no_recap_readers_no_false_alarm(published_demo, caplog) -> None:
    day = max(e.date for e in published_demo)
    with caplog.at_level(logging.WARNING, logger="numeriq.delivery"):
        scheduling.tick(scheduling.send_time(day) + dt.timedelta(hours=4))
    assert "weekly recap" not in caplog.text
