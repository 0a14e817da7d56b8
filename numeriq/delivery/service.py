"""`numeriq worker`: the sending worker plus the background-jobs runner, in one process.

The main thread runs the asyncio sender (numeriq.delivery.worker); a second thread runs
django-tasks-db's job loop (confirmation emails, housekeeping, the scheduler's tick).
SIGTERM or Ctrl+C: messages on the wire finish, unsent claimed rows go back to the ledger,
the job in progress finishes, then the process exits.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from numeriq.delivery import scheduling, transports
from numeriq.delivery.worker import Stats, Worker, worker_name

log = logging.getLogger("numeriq.delivery")


def _jobs_thread() -> tuple[threading.Thread, Any] | None:
    if settings.TASKS_BACKEND != "database":
        return None
    from django_tasks_db.management.commands.db_worker import Worker as JobWorker

    jobs = JobWorker(
        queue_names=["default"],
        interval=1,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_name()[:64],
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=jobs.run, name="numeriq-jobs", daemon=True)
    return thread, jobs


def prepare_schedule() -> None:
    """Catch up what was missed while nothing ran, and make sure the recurring jobs exist."""
    from numeriq.audience.housekeeping import schedule_housekeeping
    from numeriq.newsroom.schedule import schedule_newsroom

    started = scheduling.tick()
    for send in started:
        log.info("started send %s at worker start", send.key)
    if settings.TASKS_BACKEND == "database":
        scheduling.plan_next_tick()
        scheduling.plan_bounce_polling()
        schedule_housekeeping()
        schedule_newsroom()  # ingest all day, draft at the cut-off (NUMERIQ_NEWSROOM_AUTO)
    close_old_connections()


def run(*, jobs: bool = True, send: bool = True) -> Stats | None:
    """Run until SIGTERM/SIGINT: the sender, the job runner, or both."""
    from numeriq.ops.heartbeat import Beating

    prepare_schedule()
    roles = ",".join(role for role, on in (("send", send), ("jobs", jobs)) if on)
    heartbeat = Beating(worker_name(), roles).start()
    runner = _jobs_thread() if jobs else None
    if runner is not None:
        runner[0].start()
    stats = None
    try:
        if send:
            stats = _run_sender()
        elif runner is not None:
            _wait_for_signal()
    finally:
        if runner is not None:
            thread, job_worker = runner
            job_worker.running = False
            thread.join(timeout=30)
        heartbeat.stop()
    return stats


def _run_sender() -> Stats:
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is a dependency; stdlib asyncio works too
        pass

    async def main() -> Stats:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        worker = Worker(transports.from_settings())
        log.info("worker %s sending (%d connections)", worker.name, worker.transport.concurrency)
        stats = await worker.run(stop)
        log.info(
            "worker %s stopped: %d sent, %d deferred, %d bounced, %d given back",
            worker.name,
            stats.sent,
            stats.deferred,
            stats.bounced,
            stats.released,
        )
        return stats

    return asyncio.run(main())


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
