"""Where messages go: an SMTP relay (a pool of connections), or the local capture outbox.

A transport turns a prepared edition and one recipient into a Reply. Email service providers
(anymail) are in esp.py. Transports are used from one asyncio loop by many sender tasks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Protocol

from django.conf import settings

from numeriq.delivery.message import PreparedMessage, Recipient
from numeriq.delivery.models import CapturedMessage
from numeriq.delivery.outcomes import Reply
from numeriq.delivery.smtp_client import Relay, SmtpConnection, SmtpConnectionError


class Transport(Protocol):
    """What the worker needs from a way of sending."""

    concurrency: int

    async def send(
        self, prepared: PreparedMessage, recipient: Recipient, now: dt.datetime
    ) -> Reply:
        """Send one message; its final reply."""

    def flush(self) -> None:
        """Persist what send() kept (called on the database thread before results are written)."""

    async def close(self) -> None:
        """Release connections."""


class SmtpTransport:
    """A pool of SMTP connections to one relay, reused for many messages each."""

    def __init__(self, relay: Relay, *, connections: int, messages_per_connection: int) -> None:
        self.relay = relay
        self.concurrency = connections
        self.messages_per_connection = messages_per_connection
        self._idle: asyncio.LifoQueue[SmtpConnection] = asyncio.LifoQueue()
        for _ in range(connections):
            self._idle.put_nowait(SmtpConnection(relay))
        self._all: list[SmtpConnection] = list(self._idle._queue)  # type: ignore[attr-defined]

    async def send(
        self, prepared: PreparedMessage, recipient: Recipient, now: dt.datetime
    ) -> Reply:
        """Send over an idle connection (opened or renewed as needed)."""
        conn = await self._idle.get()
        try:
            if not conn.is_open:
                try:
                    await conn.connect()
                except SmtpConnectionError as error:
                    return error.reply if 400 <= error.reply.code < 500 else _unreachable(error)
            data = prepared.build(recipient, now)
            reply = await conn.send(recipient.return_path, recipient.to, data)
            if conn.is_open and conn.sent >= self.messages_per_connection:
                await conn.close()
            return reply
        finally:
            self._idle.put_nowait(conn)

    def flush(self) -> None:
        """Nothing kept: SMTP replies are final."""

    async def close(self) -> None:
        """QUIT every connection."""
        await asyncio.gather(*(conn.close() for conn in self._all))


def _unreachable(error: SmtpConnectionError) -> Reply:
    # A relay we cannot reach or log in to says nothing about the recipient: retry later.
    return Reply(0, f"relay: {error.reply}")


class CaptureTransport:
    """Keeps every message in the back office's local outbox (the demo and tests)."""

    concurrency = 4

    def __init__(self) -> None:
        self._pending: list[CapturedMessage] = []

    async def send(
        self, prepared: PreparedMessage, recipient: Recipient, now: dt.datetime
    ) -> Reply:
        """Keep the message for the next flush."""
        self._pending.append(
            CapturedMessage(
                sender=recipient.return_path,
                recipients=recipient.to,
                subject=prepared.subject[:998],
                raw=prepared.build(recipient, now),
            )
        )
        return Reply(250, "2.0.0 captured")

    def flush(self) -> None:
        """Store the kept messages (before their rows are marked sent)."""
        pending, self._pending = self._pending, []
        if pending:
            CapturedMessage.objects.bulk_create(pending)

    async def close(self) -> None:
        """Nothing to release."""


def from_settings() -> Transport:
    """The transport NUMERIQ_EMAIL_URL names."""
    url = settings.EMAIL  # NUMERIQ_EMAIL_URL, parsed once by the settings
    scheme = url.scheme
    if scheme in ("capture", "console"):
        return CaptureTransport()
    if scheme in ("smtp", "smtps", "smtp+plain"):
        return SmtpTransport(
            Relay.from_email_url(url, timeout=float(settings.DELIVERY_TIMEOUT_SECONDS)),
            connections=int(settings.DELIVERY_CONNECTIONS),
            messages_per_connection=int(settings.DELIVERY_MESSAGES_PER_CONNECTION),
        )
    if scheme in ("ses", "brevo"):
        from numeriq.delivery.esp import EspTransport

        return EspTransport()
    raise ValueError(f"NUMERIQ_EMAIL_URL: no bulk transport for {scheme}://")
