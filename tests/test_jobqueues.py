"""Transactional emails are never starved by the newsroom's jobs (django-tasks-db, for real)."""

from __future__ import annotations

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone

from numeriq import jobqueues
from numeriq.audience.emails import send_confirmation
from numeriq.audience.models import Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings) -> None:
    """Jobs go to the django-tasks-db table, as with `numeriq worker`, not run in place."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": jobqueues.QUEUES}
    }
    settings.TASKS_BACKEND = "database"


def queue_newsroom_then_a_confirmation(count: int = 40) -> tuple[list[str], str]:
    """`count` newsroom rounds and desk figures queued first, then one confirmation email."""
    from numeriq.desk.figures import refresh
    from numeriq.newsroom.schedule import newsroom_task

    background = [newsroom_task.enqueue().id for _ in range(count // 2)]
    background += [
        refresh.enqueue(f"morning:2026-12-{n % 28 + 1:02d}").id for n in range(count // 2)
    ]
    reader = Subscriber.objects.create(
        email="lea@exemple.fr", status=SubscriberStatus.PENDING, created_at=timezone.now()
    )
    return background, send_confirmation.enqueue(reader.pk).id


# What became of the one job a runner took (whether the email itself went out is the
# audience tests' business: here only the order counts).
RAN = {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}


def statuses(ids: list[str]) -> set[str]:
    """The states of these jobs."""
    from django_tasks_db.models import DBTaskResult

    return set(DBTaskResult.objects.filter(id__in=ids).values_list("status", flat=True))


def test_one_runner_of_every_queue_takes_the_confirmation_first(database_tasks: None) -> None:
    """Priority: queued last behind 40 background jobs, the confirmation runs first."""
    from django_tasks_db.management.commands.db_worker import Worker

    background, confirmation = queue_newsroom_then_a_confirmation()
    runner = Worker(
        queue_names=["*"], interval=0, batch=False, backend_name="default",
        startup_delay=False, max_tasks=1, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    runner.run()
    assert statuses([confirmation]) <= RAN
    assert statuses(background) == {TaskResultStatus.READY}


def test_the_worker_serves_the_transactional_queue_on_its_own(database_tasks: None) -> None:
    """`numeriq worker` runs a job loop for the transactional queue alone: even while its
    other loop is busy with a newsroom round, the confirmation goes out."""
    from numeriq.delivery.service import _job_threads

    background, confirmation = queue_newsroom_then_a_confirmation()
    runners = {tuple(jobs.queue_names): jobs for _thread, jobs in _job_threads()}
    assert set(runners) == {(jobqueues.TRANSACTIONAL,), (jobqueues.DEFAULT,)}
    transactional = runners[(jobqueues.TRANSACTIONAL,)]
    transactional.max_tasks = 1
    transactional.run()
    assert statuses([confirmation]) <= RAN
    assert statuses(background) == {TaskResultStatus.READY}
