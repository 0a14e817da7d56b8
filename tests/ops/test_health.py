"""/healthz: the database, the migrations, a worker's heartbeat, the email queue; 200 or 503."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from numeriq.ops import health, heartbeat
from numeriq.ops.models import Heartbeat

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _workers_expected(settings) -> None:
    """Production's backend: jobs and sends need a worker (the suite's default runs in place)."""
    settings.TASKS_BACKEND = "database"
    health._migrated = False


def _job(path: str, enqueued_at: dt.datetime, run_after: dt.datetime | None = None) -> None:
    job = DBTaskResult.objects.create(
        task_path=path,
        status=TaskResultStatus.READY,
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=run_after or enqueued_at,
        exception_class_path="",
        traceback="",
    )
    # enqueued_at is set on creation: put it where the test wants it.
    DBTaskResult.objects.filter(pk=job.pk).update(enqueued_at=enqueued_at)


def _queued_email(enqueued_at: dt.datetime, path: str = "send_confirmation") -> None:
    _job(f"numeriq.audience.emails.{path}", enqueued_at)


def test_all_good_is_200_with_every_check(client: Client, time_machine) -> None:
    time_machine.move_to(NOW, tick=False)
    heartbeat.beat(
        "web-1:42", "send,jobs", NOW - dt.timedelta(hours=1), NOW - dt.timedelta(seconds=20)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["worker"]["last_seen_seconds"] == 20
    assert body["checks"]["transactional_email"]["oldest_queued_seconds"] is None
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_worker_seen_in_the_last_minute_is_503(client: Client, time_machine) -> None:
    time_machine.move_to(NOW, tick=False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "last_seen_seconds": None,
        "limit": 60,
    }
    heartbeat.beat("w:1", "send", NOW, NOW - dt.timedelta(seconds=61))
    assert client.get("/healthz").status_code == 503
    heartbeat.beat("w:1", "send", NOW, NOW - dt.timedelta(seconds=59))
    assert client.get("/healthz").status_code == 200


def test_an_old_queued_confirmation_email_is_503(client: Client, time_machine) -> None:
    time_machine.move_to(NOW, tick=False)
    heartbeat.beat("w:1", "send,jobs", NOW, NOW)
    _queued_email(NOW - dt.timedelta(seconds=30))
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["transactional_email"]["oldest_queued_seconds"] == 30
    # A recurring job planned for later is not a late email.
    _job(
        "numeriq.delivery.scheduling.scheduler_tick",
        NOW - dt.timedelta(hours=5),
        run_after=NOW + dt.timedelta(seconds=30),
    )
    _queued_email(NOW - dt.timedelta(minutes=6), "send_welcome")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["transactional_email"]["oldest_queued_seconds"] == 360


def test_an_unapplied_migration_is_503(client: Client) -> None:
    heartbeat.beat("w:1", "send,jobs", timezone.now())
    # The app's latest migration: the plan to its leaf skips ancestors once the leaf is applied.
    recorded = MigrationRecorder.Migration.objects.filter(app="ops").order_by("-name").first()
    assert recorded is not None
    recorded.delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "pending": 1}
    MigrationRecorder.Migration.objects.create(app="ops", name=recorded.name)
    assert client.get("/healthz").status_code == 200


def test_without_a_job_backend_no_worker_is_needed(client: Client, settings) -> None:
    settings.TASKS_BACKEND = "immediate"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"ok": True, "needed": False}


def test_an_unreachable_database_is_reported_not_raised(tmp_path: Path) -> None:
    """A database that refuses connections: status fail, the check names it, no traceback."""
    code = (
        "import django, json; django.setup(); from numeriq.ops.health import report; "
        "print(json.dumps(report()))"
    )
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="numeriq.settings",
        NUMERIQ_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nothing",  # discard port: refused
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] == "fail"
    assert result["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_the_heartbeat_thread_writes_then_removes_its_row() -> None:
    beating = heartbeat.Beating("hote:123", "send,jobs").start()
    try:
        row = Heartbeat.objects.get(worker="hote:123")
        assert row.roles == "send,jobs"
    finally:
        beating.stop()
    assert not Heartbeat.objects.filter(worker="hote:123").exists()


def test_gone_workers_are_forgotten_after_a_day() -> None:
    heartbeat.beat("old:1", "send", NOW - dt.timedelta(days=3), NOW - dt.timedelta(days=2))
    heartbeat.beat("new:2", "send", NOW, NOW)
    assert set(Heartbeat.objects.values_list("worker", flat=True)) == {"new:2"}
