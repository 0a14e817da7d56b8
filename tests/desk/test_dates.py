"""Dates as French writes them on the desk: « 1er décembre », never « 1 décembre »."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from numeriq.site.templatetags.french import jour, long_date


@pytest.mark.parametrize(
    ("day", "fmt", "written"),
    [
        (dt.date(2026, 12, 1), "l j F Y", "mardi 1er décembre 2026"),
        (dt.date(2026, 12, 1), "j F", "1er décembre"),
        (dt.date(2026, 12, 11), "j F", "11 décembre"),
        (dt.date(2026, 12, 21), "l j F Y", "lundi 21 décembre 2026"),
    ],
)
def test_the_first_of_a_month_is_1er(day: dt.date, fmt: str, written: str) -> None:
    with translation.override("fr"):
        assert long_date(day, fmt) == written
        assert jour(day, fmt) == written


def test_a_time_of_day_is_left_alone() -> None:
    moment = dt.datetime(2026, 12, 1, 10, 1, tzinfo=dt.UTC)
    with translation.override("fr"):
        assert long_date(moment, "j F Y, H:i") == "1er décembre 2026, 11:01"  # Paris time
    with translation.override("en"):
        assert long_date(dt.date(2026, 12, 1), "j F") == "1 December"


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 30, 20, 0, tzinfo=dt.UTC), tick=False)
def test_the_calendar_writes_1er(editor_client: Client) -> None:
    page = editor_client.get("/redaction/calendrier/").content.decode()
    assert "1er décembre" in page and ">1 décembre" not in page and " 1 décembre" not in page
