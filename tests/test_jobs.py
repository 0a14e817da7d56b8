"""Self-rescheduling job chains keep exactly one run waiting, whatever the number of workers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from numeriq.jobs import plan_once

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_TASKS, BOUNCE_MAILBOX="imap://x@127.0.0.1/", NEWSROOM_AUTO=True)
def test_each_chain_is_planned_once() -> None:
    from django_tasks_db.models import DBTaskResult

    from numeriq.audience.housekeeping import housekeeping, schedule_housekeeping
    from numeriq.delivery.scheduling import plan_bounce_polling, plan_next_tick
    from numeriq.newsroom.schedule import schedule_newsroom

    later = timezone.now() + dt.timedelta(minutes=5)
    for _ in range(3):  # three workers starting at once
        plan_next_tick(later)
        plan_bounce_polling(later)
        schedule_housekeeping(later)
        schedule_newsroom(later)
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == sorted(
        [
            "numeriq.audience.housekeeping.housekeeping",
            "numeriq.delivery.scheduling.poll_bounces",
            "numeriq.delivery.scheduling.scheduler_tick",
            "numeriq.newsroom.schedule.newsroom_task",
        ]
    )
    waiting = DBTaskResult.objects.get(task_path=housekeeping.module_path)
    assert waiting.run_after == later
    assert plan_once(housekeeping) is False


@override_settings(TASKS=DATABASE_TASKS)
def test_a_finished_run_does_not_count_as_waiting() -> None:
    from django_tasks_db.models import DBTaskResult

    from numeriq.audience.housekeeping import housekeeping

    assert plan_once(housekeeping) is True
    DBTaskResult.objects.update(status="SUCCESSFUL")
    assert plan_once(housekeeping) is True
    assert DBTaskResult.objects.filter(status="READY").count() == 1
