"""Delivery fixtures: an edition, readers, a real SMTP server, and a worker that runs to idle."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from numeriq.audience.models import Source, Subscriber, SubscriberStatus
from numeriq.delivery.smtp_client import Relay
from numeriq.delivery.transports import SmtpTransport
from numeriq.delivery.worker import Stats, Worker
from numeriq.testing.smtp import SmtpServer

DEMO_DIR = Path(__file__).resolve().parents[2] / "numeriq" / "demo" / "editions"


def make_readers(
    count: int, *, prefix: str = "lecteur", email_domain: str = "exemple.fr", **fields: Any
) -> list[Subscriber]:
    """`count` subscribers, active unless told otherwise."""
    now = timezone.now()
    fields.setdefault("status", SubscriberStatus.ACTIVE)
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}-{index}@{email_domain}",
            source=Source.IMPORT,
            created_at=now - dt.timedelta(days=30),
            **fields,
        )
        for index in range(count)
    )


@pytest.fixture
def edition(transactional_db: None) -> Any:
    """One demo edition, saved as a draft."""
    from numeriq.editions.store import import_markdown

    path = sorted(DEMO_DIR.glob("*.md"))[-1]
    return import_markdown(path.read_text(encoding="utf-8"))


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on the loopback."""
    with SmtpServer() as server:
        yield server


def run_worker(
    server: SmtpServer,
    *,
    connections: int = 4,
    clock: Any = None,
    timeout: float = 5.0,
    **kwargs: Any,
) -> Stats:
    """Run a worker against the test SMTP server until nothing is due."""
    transport = SmtpTransport(
        Relay(server.host, server.port, tls="none", timeout=timeout),
        connections=connections,
        messages_per_connection=kwargs.pop("messages_per_connection", 100),
    )
    worker = Worker(
        transport,
        name="test-worker",
        idle_poll=0.01,
        **kwargs,
        **({"clock": clock} if clock else {}),
    )
    before = len(server.messages)
    stats = asyncio.run(worker.run(until_idle=True))
    for message in server.messages[before:]:
        assert_headers(message.data)
    return stats


REQUIRED_HEADERS = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Feedback-ID",
    "MIME-Version",
)


def assert_headers(data: bytes) -> None:
    """Every message, in every scenario, reads back with the standard library's parser."""
    if not data:
        return
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert not message.defects, message.defects
    for name in REQUIRED_HEADERS:
        assert message[name], f"{name} missing"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
