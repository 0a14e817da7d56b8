"""What /healthz checks: the database, the migrations, a live worker, the email queue.

Every check is one cheap query; none reads personal data. The report is a plain dict that
the view turns into JSON (200 when every check passes, else 503).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.tasks import TaskResultStatus
from django.utils import timezone

# Jobs that send a reader an email they are waiting for (confirmation, welcome, data link).
TRANSACTIONAL_TASKS_PREFIX = "numeriq.audience.emails."
_migrated = False  # once every migration is applied it stays so: not checked again


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def pending_migrations() -> int:
    """How many migrations are not applied to the database."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _migrations() -> dict[str, Any]:
    global _migrated
    pending = 0 if _migrated else pending_migrations()
    _migrated = pending == 0
    return {"ok": pending == 0, "pending": pending}


def _worker(now: dt.datetime) -> dict[str, Any]:
    from numeriq.ops.heartbeat import last_seen

    if settings.TASKS_BACKEND != "database":
        return {"ok": True, "needed": False}
    seen = last_seen()
    age = None if seen is None else max(0.0, (now - seen).total_seconds())
    limit = int(settings.HEALTH_WORKER_SECONDS)
    return {"ok": age is not None and age <= limit, "last_seen_seconds": age, "limit": limit}


def oldest_email_age(now: dt.datetime) -> float | None:
    """Seconds the oldest due transactional email has waited in the job queue (None: none)."""
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path__startswith=TRANSACTIONAL_TASKS_PREFIX
        )
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return None
    enqueued, run_after = oldest
    since = max(enqueued, run_after) if run_after else enqueued
    return max(0.0, (now - since).total_seconds())


def _emails(now: dt.datetime) -> dict[str, Any]:
    age = oldest_email_age(now)
    limit = int(settings.HEALTH_EMAIL_AGE_SECONDS)
    return {"ok": age is None or age <= limit, "oldest_queued_seconds": age, "limit": limit}


def report(now: dt.datetime | None = None) -> dict[str, Any]:
    """Every check's result and the overall status ("ok" or "fail")."""
    now = now or timezone.now()
    checks: dict[str, Any] = {}
    try:
        checks["database"] = _database()
    except DatabaseError as error:
        checks["database"] = {"ok": False, "error": type(error).__name__}
        return {"status": "fail", "checks": checks}
    for name, check in (
        ("migrations", _migrations),
        ("worker", lambda: _worker(now)),
        ("transactional_email", lambda: _emails(now)),
    ):
        try:
            checks[name] = check()
        except DatabaseError as error:  # a table missing before the first migrate, say
            checks[name] = {"ok": False, "error": type(error).__name__}
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "fail", "checks": checks}
