"""The sending worker: claim due ledger rows, send them concurrently, record the results.

One asyncio loop drives `concurrency` sender tasks over the transport; every database call
runs on one dedicated thread (one connection), so the loop never waits on the database
while messages are on the wire. Results are written in batches every FLUSH_SECONDS: a
worker killed with SIGKILL re-sends at most the messages on the wire plus those not yet
recorded (reported by the crash test); SIGTERM finishes the messages on the wire, gives the
rest of its claim back and records everything before it exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from numeriq.audience.tokens import Purpose, token_for
from numeriq.delivery import bounces, ledger, throttling
from numeriq.delivery.errors import UnpreparableSendError
from numeriq.delivery.ledger import Claimed, Result
from numeriq.delivery.message import PreparedMessage, Recipient
from numeriq.delivery.models import Send
from numeriq.delivery.outcomes import (
    Reply,
    Verdict,
    backoff_seconds,
    classify,
    recipient_domain,
    throttle_seconds,
)
from numeriq.delivery.transports import Transport
from numeriq.editions.errors import HeaderInjectionError

log = logging.getLogger("numeriq.delivery")

FLUSH_SECONDS = 0.2
RESTART_EVERY = 20  # claims between two walks of the claim index from its start
FLUSH_MAX = 100  # results written at least this often: bounds re-sends after a SIGKILL
T = TypeVar("T")


@dataclass
class Stats:
    """What a worker did."""

    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    bounced: int = 0
    failed: int = 0
    released: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        """Messages sent per second since the start."""
        return self.sent / max(1e-9, time.monotonic() - self.started)


@dataclass(frozen=True)
class SendInfo:
    """What a worker keeps about a send it is working on."""

    prepared: PreparedMessage
    retry_until: dt.datetime


def worker_name() -> str:
    """host:pid, shown in the ledger while a row is being sent."""
    return f"{socket.gethostname()}:{os.getpid()}"


def prepare(send_id: int) -> SendInfo:
    """Load a send and encode its message once (database thread)."""
    from numeriq.delivery.signing import signer_from_settings

    send = Send.objects.get(pk=send_id)
    signer = signer_from_settings()  # a configuration error stops the worker, loudly
    try:
        prepared = PreparedMessage(
            send_id=send.pk,
            subject=send.subject,
            html=send.html,
            text=send.text,
            from_email=settings.FROM_EMAIL,
            list_id=f"{settings.BRAND} <{settings.LIST_ID}>",
            feedback_id=f"{send.pk}:{send.kind}:{settings.LIST_ID}:{settings.FEEDBACK_ID_SENDER}",
            signer=signer,
            message_ids=bounces.message_ids(),
        )
    except (HeaderInjectionError, UnicodeError) as error:  # the send's own content
        raise UnpreparableSendError(send.pk, f"cannot prepare the message: {error}") from error
    return SendInfo(prepared, send.retry_until)


class TokenBucket:
    """At most `rate` messages per second in this worker (0: unlimited)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.stamp = time.monotonic()

    async def take(self) -> None:
        """Wait for one token."""
        if self.rate <= 0:
            return
        while True:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)


class Worker:
    """Claims, sends and records until stopped (or, with until_idle, until nothing is due)."""

    def __init__(
        self,
        transport: Transport,
        *,
        name: str | None = None,
        batch: int | None = None,
        idle_poll: float = 1.0,
        clock: Callable[[], dt.datetime] = timezone.now,
        inline_db: bool = False,
    ) -> None:
        self.transport = transport
        self.name = name or worker_name()
        self.batch = batch or int(settings.DELIVERY_BATCH)
        self.idle_poll = idle_poll
        self.clock = clock
        self.stats = Stats()
        self.sends: dict[int, SendInfo] = {}
        self.throttles: dict[str, dt.datetime] = {}
        self.new_throttles: list[tuple[str, str]] = []
        self.results: list[Result] = []
        self._cursor: tuple[dt.datetime, int] | None = None
        self._claims = 0
        self.in_flight = 0
        self.bucket = TokenBucket(float(settings.DELIVERY_RATE_PER_SECOND))
        self.first_retry = float(settings.DELIVERY_FIRST_RETRY_SECONDS)
        self.hourly_cap = int(settings.DELIVERY_HOURLY_CAP)
        # inline_db: database calls on the loop's own thread (tests inside one transaction).
        self._inline_db = inline_db
        self._db = ThreadPoolExecutor(1, thread_name_prefix="numeriq-delivery-db")
        marker = "0TOKEN0"
        url = settings.SITE_URL + reverse("site:unsubscribe", kwargs={"token": marker})
        self._unsubscribe_url = url.replace(marker, "{}")
        self._verp = bounces.verp()

    async def _on_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._inline_db:
            return fn(*args, **kwargs)

        def call() -> T:
            close_old_connections()
            return fn(*args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._db, call)

    # --- the loop ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event | None = None, *, until_idle: bool = False) -> Stats:
        """Work until `stop` is set; with until_idle, also stop once nothing is left to do."""
        stop = stop or asyncio.Event()
        jobs: asyncio.Queue[Claimed | None] = asyncio.Queue()
        senders = [
            asyncio.create_task(self._sender(jobs)) for _ in range(self.transport.concurrency)
        ]
        last_flush = last_throttles = time.monotonic()
        try:
            while not stop.is_set():
                if jobs.qsize() < self.batch // 2 + 1:
                    claimed = await self._claim()
                    for row in claimed:
                        jobs.put_nowait(row)
                    if not claimed and jobs.empty() and self.in_flight == 0:
                        await self._flush()
                        await self._on_db(ledger.finish_completed)
                        if until_idle:  # nothing may be claimed now (all sent, held or capped)
                            break
                        await _wait(stop, self.idle_poll)
                        continue
                now = time.monotonic()
                if now - last_flush >= FLUSH_SECONDS or len(self.results) >= FLUSH_MAX:
                    await self._flush()
                    last_flush = now
                if now - last_throttles >= 5:
                    self.throttles = await self._on_db(throttling.active, self.clock())
                    last_throttles = now
                await _wait(stop, 0.02 if jobs.qsize() >= self.batch // 2 else 0.005)
        finally:
            # Stop: messages on the wire finish; what is still queued goes back to the ledger.
            waiting = []
            while not jobs.empty():
                row = jobs.get_nowait()
                if row is not None:
                    waiting.append(row.row_id)
            for _ in senders:
                jobs.put_nowait(None)
            await asyncio.gather(*senders, return_exceptions=True)
            await self._flush()
            if waiting:
                await self._on_db(ledger.release, waiting)
                self.stats.released += len(waiting)
            await self.transport.close()
            await self._on_db(ledger.finish_completed)
            if not self._inline_db:
                await self._on_db(_close_connection)
            self._db.shutdown(wait=True)
        return self.stats

    async def _claim(self) -> list[Claimed]:
        # Walk on from the last claim; from the start (deferred rows, expired leases) every
        # RESTART_EVERY claims or when the walk comes back short.
        after = self._cursor if self._claims % RESTART_EVERY else None
        claimed = await self._on_db(
            ledger.claim,
            self.name,
            self.batch,
            now=self.clock(),
            hourly_cap=self.hourly_cap,
            after=after,
        )
        self._claims += 1
        if after is not None and len(claimed) < self.batch:
            self._claims = 0
            if not claimed:
                return await self._claim()
        last = max(claimed, key=lambda row: (row.due_at, row.row_id), default=None)
        if last is not None and last.due_at is not None:
            self._cursor = (last.due_at, last.row_id)
        poisoned = set()
        for send_id in {row.send_id for row in claimed} - self.sends.keys():
            try:
                self.sends[send_id] = await self._on_db(prepare, send_id)
            except UnpreparableSendError as error:
                # One bad send fails alone, with its reason; the others go on.
                log.error("send %d failed: %s", send_id, error.reason)
                self.stats.failed += await self._on_db(ledger.fail_send, send_id, error.reason)
                poisoned.add(send_id)
        if poisoned:
            claimed = [row for row in claimed if row.send_id not in poisoned]
            if not claimed:  # the claim held nothing else: the next one may
                return await self._claim()
        self.stats.claimed += len(claimed)
        return claimed

    async def _flush(self) -> None:
        results, self.results = self.results, []
        throttled, self.new_throttles = self.new_throttles, []
        if not results and not throttled:
            return

        def write() -> None:
            self.transport.flush()
            ledger.record(results)
            for domain, reply in throttled:
                throttling.slow_down(domain, reply)

        await self._on_db(write)

    # --- one message ---------------------------------------------------------------------

    async def _sender(self, jobs: asyncio.Queue[Claimed | None]) -> None:
        while True:
            row = await jobs.get()
            if row is None:
                return
            self.in_flight += 1
            try:
                # Not results.append(await …): the flush swaps the list while we wait.
                result = await self._send_one(row)
                self.results.append(result)
            except Exception as error:  # never lose a row: it is retried
                log.exception("unexpected error sending row %d", row.row_id)
                self.results.append(self._deferred(row, Reply(0, f"error: {error}")))
            finally:
                self.in_flight -= 1

    async def _send_one(self, row: Claimed) -> Result:
        now = self.clock()
        domain = recipient_domain(row.email)
        held = self.throttles.get(domain)
        if held is not None and held > now:
            return Result(
                row.row_id,
                row.subscriber_id,
                row.email,
                Verdict.DEFERRED,
                f"held: {domain} asked us to slow down",
                retry_at=held,
                counts_attempt=False,
            )
        await self.bucket.take()
        info = self.sends[row.send_id]
        recipient = Recipient(
            to=row.email,
            row_id=row.row_id,
            unsubscribe_url=self._unsubscribe_url.format(
                token_for(Purpose.UNSUBSCRIBE, row.subscriber_id, row.email)
            ),
            return_path=self._verp.address(row.row_id),
        )
        reply = await self.transport.send(info.prepared, recipient, now)
        outcome = classify(reply)
        if outcome.throttle:
            self.throttles[domain] = now + dt.timedelta(seconds=throttle_seconds(1))
            self.new_throttles.append((domain, str(reply)))
        if outcome.verdict == Verdict.SENT:
            self.stats.sent += 1
            return Result(row.row_id, row.subscriber_id, row.email, Verdict.SENT, str(reply))
        if outcome.verdict == Verdict.BOUNCED:
            self.stats.bounced += 1
            return Result(
                row.row_id,
                row.subscriber_id,
                row.email,
                Verdict.BOUNCED,
                str(reply),
                hard=outcome.hard,
            )
        return self._deferred(row, reply)

    def _deferred(self, row: Claimed, reply: Reply) -> Result:
        now = self.clock()
        retry_at = now + dt.timedelta(
            seconds=backoff_seconds(row.attempts + 1, first=self.first_retry)
        )
        info = self.sends.get(row.send_id)
        if info is not None and retry_at > info.retry_until:
            self.stats.failed += 1
            return Result(row.row_id, row.subscriber_id, row.email, Verdict.FAILED, str(reply))
        self.stats.deferred += 1
        return Result(
            row.row_id,
            row.subscriber_id,
            row.email,
            Verdict.DEFERRED,
            str(reply),
            retry_at=retry_at,
        )


def _close_connection() -> None:
    # A connection shared with the test thread (in-memory SQLite) is not this thread's to close.
    with contextlib.suppress(DatabaseError):
        connection.close()


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def run_until_idle(transport: Transport, **kwargs: Any) -> Stats:
    """Send everything due now, then return (the CLI's --now, tests, the demo)."""
    return asyncio.run(Worker(transport, **kwargs).run(until_idle=True))
