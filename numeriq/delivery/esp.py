"""Sending through an email service provider (Amazon SES, Brevo…) with django-anymail.

The ESP's API is synchronous HTTP, so each message is sent from a thread pool: the worker's
asyncio loop awaits it like an SMTP reply. Each thread keeps its own open backend (an HTTP
session or a boto3 client) for many messages.

The ESP's answer becomes a Reply the ledger already understands: 250 sent; 4xx (deferred,
retried until the send's deadline) for anything that is not about the reader (API down,
throttling, bad credentials, refused message); 5xx (bounced) only when the ESP refuses the
recipient itself. Later bounces and complaints come back through the webhooks (webhooks.py),
found by the metadata {"ledger": row id} each message carries.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, mailers

from numeriq.delivery.message import PreparedMessage, Recipient
from numeriq.delivery.outcomes import Reply

# anymail's per-recipient statuses, as SMTP would have said them.
_STATUS_REPLIES = {
    "sent": Reply(250, "2.0.0 sent"),
    "queued": Reply(250, "2.0.0 queued"),
    "unknown": Reply(250, "2.0.0 accepted"),
    "invalid": Reply(550, "5.1.1 invalid recipient"),
    "bounced": Reply(550, "5.1.1 recipient bounced"),
    "rejected": Reply(550, "5.7.1 recipient rejected"),
    "failed": Reply(451, "4.0.0 not sent"),
}


class EspTransport:
    """Sends prepared messages one by one through the configured anymail mailer."""

    def __init__(self, *, mailer: str = "default", concurrency: int | None = None) -> None:
        self.concurrency = concurrency or int(settings.DELIVERY_CONNECTIONS)
        self.mailer = mailer
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="numeriq-esp")
        self._local = threading.local()
        self._backends: list[Any] = []
        self._lock = threading.Lock()

    async def send(
        self, prepared: PreparedMessage, recipient: Recipient, now: dt.datetime
    ) -> Reply:
        """Send one message from the thread pool; the ESP's answer as a Reply."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self.send_now, prepared, recipient)

    def flush(self) -> None:
        """Nothing kept: the ESP's answers are final."""

    async def close(self) -> None:
        """Close every thread's backend and the pool."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._close_all)

    def _close_all(self) -> None:
        self._pool.shutdown(wait=True)
        with self._lock:
            backends, self._backends = self._backends, []
        for backend in backends:
            with contextlib.suppress(Exception):  # a session that is already gone
                backend.close()

    def _backend(self) -> Any:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            backend = mailers[self.mailer]
            backend.open()
            self._local.backend = backend
            with self._lock:
                self._backends.append(backend)
        return backend

    def send_now(self, prepared: PreparedMessage, recipient: Recipient) -> Reply:
        """Send one message in this thread (blocking); the ESP's answer as a Reply."""
        message = build_message(prepared, recipient)
        try:
            backend = self._backend()
            backend.send_messages([message])
        except AnymailInvalidAddress as error:
            return Reply(553, f"5.1.3 invalid address: {_short(error)}")
        except AnymailRecipientsRefused:
            pass  # the per-recipient status below says why
        except AnymailAPIError as error:
            # Throttled, down, or the message refused: nothing about the reader.
            code = getattr(error, "status_code", None)
            return Reply(451, f"4.3.0 ESP API error {code or ''}: {_short(error)}".strip())
        except (AnymailError, ImproperlyConfigured) as error:
            # Misconfigured: every row waits (deferred) until it is fixed or the deadline.
            return Reply(451, f"4.3.5 ESP configuration: {_short(error)}")
        except Exception as error:
            # Network errors (requests, botocore): the ESP was not reached.
            return Reply(0, f"ESP unreachable: {type(error).__name__}: {_short(error)}")
        return reply_of(message, recipient.to)


def build_message(prepared: PreparedMessage, recipient: Recipient) -> EmailMultiAlternatives:
    """The Django message anymail sends: text, HTML, list headers and the ledger metadata."""
    text, html, headers = prepared.parts(recipient)
    extra = dict(headers)
    from_email = extra.pop("From", prepared.from_address)
    message = EmailMultiAlternatives(
        subject=prepared.subject,
        body=text,
        from_email=from_email,
        to=[recipient.to],
        headers=extra,
    )
    message.attach_alternative(html, "text/html")
    message.metadata = {"ledger": recipient.row_id}  # type: ignore[attr-defined]
    return message


def reply_of(message: EmailMultiAlternatives, address: str) -> Reply:
    """The Reply for one recipient from the status anymail attached to a sent message."""
    status = getattr(message, "anymail_status", None)
    if status is None:
        return Reply(451, "4.0.0 no answer from the ESP")
    per_recipient = status.recipients.get(address)
    state = (per_recipient.status if per_recipient is not None else None) or "unknown"
    message_id = per_recipient.message_id if per_recipient is not None else status.message_id
    reply = _STATUS_REPLIES.get(state, _STATUS_REPLIES["unknown"])
    return Reply(reply.code, f"{reply.text} (ESP id {message_id})" if message_id else reply.text)


def _short(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:  # anymail's describe_response() on a half-built error
        text = str(error.args[0]) if error.args else type(error).__name__
    return " ".join(text.split())[:200]
