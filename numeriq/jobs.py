"""Self-rescheduling background jobs: each chain keeps exactly one run waiting.

The scheduler's tick, the bounce mailbox, the audience's housekeeping and the newsroom's
rounds each end by planning their next run; `plan_once` is the one place that asks
django-tasks-db whether a run is already waiting, whatever the number of workers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import TaskResultStatus
from django.utils import timezone


def plan_once(job: Any, at: dt.datetime | None = None) -> bool:
    """Enqueue `job` to run at `at` (default now) unless a run is already waiting; True if so."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    job.using(run_after=at or timezone.now()).enqueue()
    return True
