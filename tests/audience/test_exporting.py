"""Subscriber export: CSV, JSON, JSON Lines, status filters, and the round trip through import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from numeriq.audience.errors import ExportError
from numeriq.audience.exporting import FIELDS, export_subscribers, parse_statuses
from numeriq.audience.importing import import_subscribers
from numeriq.audience.models import Source, Subscriber
from numeriq.cli import main

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 3, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)


@pytest.fixture
def people() -> list[Subscriber]:
    """One subscriber in each status, with dates to carry over."""
    made = []
    for n, (status, frequency) in enumerate(
        [
            ("active", "daily"),
            ("active", "weekly"),
            ("pending", "daily"),
            ("unsubscribed", "daily"),
            ("bounced", "daily"),
            ("complained", "weekly"),
        ]
    ):
        made.append(
            Subscriber.objects.create(
                email=f"{status}{n}@example.org",
                status=status,
                frequency=frequency,
                source=Source.FORM,
                created_at=T0 + dt.timedelta(days=n),
                confirmed_at=None if status == "pending" else T0 + dt.timedelta(days=n, hours=1),
                unsubscribed_at=T0 + dt.timedelta(days=30) if status == "unsubscribed" else None,
            )
        )
    return made


def export(fmt: str, statuses: list[str] | None = None) -> str:
    """An export, as text."""
    out = io.StringIO()
    export_subscribers(out, fmt=fmt, statuses=statuses)
    return out.getvalue()


def test_csv_has_a_header_and_iso_dates(people: list[Subscriber]) -> None:
    """Every subscriber, by id, with its dates in ISO 8601 and empty cells for none."""
    rows = list(csv.DictReader(io.StringIO(export("csv"))))
    assert list(rows[0]) == list(FIELDS)
    assert [r["email"] for r in rows] == [p.email for p in people]
    first = rows[0]
    assert first == {
        "email": "active0@example.org",
        "status": "active",
        "frequency": "daily",
        "source": "form",
        "created_at": "2024-03-01T09:30:15.250000+00:00",
        "confirmed_at": "2024-03-01T10:30:15.250000+00:00",
        "unsubscribed_at": "",
    }
    assert rows[3]["unsubscribed_at"] == "2024-03-31T09:30:15.250000+00:00"


def test_status_filter(people: list[Subscriber]) -> None:
    """Only the statuses asked for."""
    rows = list(csv.DictReader(io.StringIO(export("csv", ["unsubscribed", "bounced"]))))
    assert [r["status"] for r in rows] == ["unsubscribed", "bounced"]
    assert parse_statuses(" Active, pending ,") == ["active", "pending"]
    with pytest.raises(ExportError, match="unknown status actif"):
        parse_statuses("actif")


def test_json_is_one_array_and_jsonl_one_object_a_line(people: list[Subscriber]) -> None:
    """json loads with json.loads; jsonl line by line; both carry the same objects."""
    array = json.loads(export("json", ["active"]))
    lines = [json.loads(line) for line in export("jsonl", ["active"]).splitlines()]
    assert array == lines
    assert [o["email"] for o in array] == ["active0@example.org", "active1@example.org"]
    assert array[1]["frequency"] == "weekly"
    assert array[0]["unsubscribed_at"] is None
    assert json.loads(export("json", ["complained", "pending"]))[0]["confirmed_at"] is None


def test_empty_exports_are_still_valid() -> None:
    """No subscriber: a header, an empty array, nothing."""
    assert export("csv").strip() == ",".join(FIELDS)
    assert json.loads(export("json")) == []
    assert export("jsonl") == ""
    with pytest.raises(ExportError, match="unknown export format"):
        export("xml")


def test_round_trip_through_import_keeps_the_active_set(
    people: list[Subscriber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export, empty the database, import the file: same active people, same dates."""
    path = tmp_path / "all.csv"
    assert main(["subscribers", "export", "-o", str(path)]) == 0
    assert "exported 6 subscribers" in capsys.readouterr().err
    before = {
        s.email: (s.status, s.frequency, s.created_at, s.confirmed_at, s.unsubscribed_at)
        for s in Subscriber.objects.exclude(status="pending")
    }
    Subscriber.objects.all().delete()

    assert main(["subscribers", "import", str(path)]) == 0
    assert "(numeriq export)" in capsys.readouterr().out
    after = {
        s.email: (s.status, s.frequency, s.created_at, s.confirmed_at, s.unsubscribed_at)
        for s in Subscriber.objects.all()
    }
    assert after == before  # never-confirmed pending rows are not imported
    assert set(Subscriber.objects.filter(status="active").values_list("email", flat=True)) == {
        "active0@example.org",
        "active1@example.org",
    }
    rejects = (tmp_path / "all.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[1:] == ["4,pending2@example.org,not confirmed in source"]


def test_round_trip_of_the_active_set_alone(people: list[Subscriber], tmp_path: Path) -> None:
    """export --status active then import into an empty database: exactly the active set."""
    path = tmp_path / "active.csv"
    assert main(["subscribers", "export", "--status", "active", "-o", str(path)]) == 0
    active = set(Subscriber.objects.filter(status="active").values_list("email", flat=True))
    Subscriber.objects.all().delete()
    report = import_subscribers(path)
    assert report.imported == 2
    assert set(Subscriber.objects.values_list("email", flat=True)) == active


def test_cli_writes_stdout_or_a_file(
    people: list[Subscriber], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Standard output by default; -o writes the file whole (no .part left behind)."""
    assert main(["subscribers", "export", "--format", "jsonl", "--status", "bounced"]) == 0
    out = capsys.readouterr().out
    assert [json.loads(line)["email"] for line in out.splitlines()] == ["bounced4@example.org"]
    target = tmp_path / "x.json"
    assert main(["subscribers", "export", "--format", "json", "-o", str(target)]) == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 6
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown status or an unwritable path: exit 1 and a message."""
    assert main(["subscribers", "export", "--status", "actif"]) == 1
    assert capsys.readouterr().err.startswith("numeriq: error: unknown status actif")
    missing = tmp_path / "no" / "such" / "dir.csv"
    assert main(["subscribers", "export", "-o", str(missing)]) == 1
    assert "cannot write" in capsys.readouterr().err
