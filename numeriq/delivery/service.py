"""`numeriq worker`: the sending worker plus the background-jobs runner, in one process.

The main thread runs the asyncio sender (numeriq.delivery.worker); two more threads run
django-tasks-db's job loop: one for the transactional queue (confirmation, welcome and
personal-data emails), one for everything else (housekeeping, the scheduler's tick, the
newsroom, the desk's figures), so a long newsroom round never holds a confirmation back.
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

from numeriq import jobqueues
from numeriq.delivery import scheduling, transports
from numeriq.delivery.worker import Stats, Worker, worker_name

log = logging.getLogger("numeriq.delivery")


def _job_threads() -> list[tuple[threading.Thread, Any]]:
    """One job runner per queue: transactional emails never wait behind a newsroom round."""
    if settings.TASKS_BACKEND != "database":
        return []
    from django_tasks_db.management.commands.db_worker import Worker as JobWorker

    runners = []
    for queue in (jobqueues.TRANSACTIONAL, jobqueues.DEFAULT):
        jobs = JobWorker(
            queue_names=[queue],
            interval=1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{worker_name()[:50]}-{queue[:13]}",
            excluded_queue_names=[],
        )
        thread = threading.Thread(target=jobs.run, name=f"numeriq-jobs-{queue}", daemon=True)
        runners.append((thread, jobs))
    return runners


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
    runners = _job_threads() if jobs else []
    for thread, _job_worker in runners:
        thread.start()
    stats = None
    try:
        if send:
            stats = _run_sender()
        elif runners:
            _wait_for_signal()
    finally:
        for _thread, job_worker in runners:
            job_worker.running = False
        for thread, _job_worker in runners:
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
