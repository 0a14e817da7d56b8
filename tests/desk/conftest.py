"""Desk fixtures: users with roles, logged-in clients, an edition to compose, local servers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.utils import timezone

from numeriq.audience.models import Source, Subscriber, SubscriberStatus
from numeriq.desk.roles import ADMIN, EDITOR, grant

DEMO_DIR = Path(__file__).resolve().parents[2] / "numeriq" / "demo" / "editions"
PASSWORD = "un-mot-de-passe-solide-42"


class LightArgon2Hasher(Argon2PasswordHasher):
    """Argon2 with the smallest cost: the same algorithm and format, a fraction of the time."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1


@pytest.fixture(autouse=True)
def _light_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.desk.conftest.LightArgon2Hasher"]


def make_user(username: str, *roles: str, email: str = "", **fields: Any) -> Any:
    """A desk user with these roles."""
    user = get_user_model().objects.create_user(
        username, email or f"{username}@redaction.example", PASSWORD, **fields
    )
    for role in roles:
        grant(user, role)
    return user


@pytest.fixture
def editor(db: None) -> Any:
    """An editor: Camille Roux."""
    return make_user("camille", EDITOR, first_name="Camille", last_name="Roux")


@pytest.fixture
def admin_user(db: None) -> Any:
    """A desk admin."""
    return make_user("direction", ADMIN)


@pytest.fixture
def editor_client(editor: Any) -> Client:
    """A client logged in as the editor."""
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def today() -> dt.date:
    """Today in the desk's time zone."""
    return timezone.localdate()


def demo_source(day: dt.date) -> str:
    """The last demo edition's Markdown, moved to `day`."""
    text = sorted(DEMO_DIR.glob("*.md"))[-1].read_text(encoding="utf-8")
    return text.replace("date: 2026-11-27", f"date: {day.isoformat()}", 1)


@pytest.fixture
def edition(db: None, today: dt.date) -> Any:
    """Today's edition: the demo's last one, as a draft."""
    from numeriq.editions.store import import_markdown

    return import_markdown(demo_source(today))


def make_readers(count: int, **fields: Any) -> list[Subscriber]:
    """`count` subscribers, active and daily unless told otherwise."""
    now = timezone.now()
    fields.setdefault("status", SubscriberStatus.ACTIVE)
    fields.setdefault("confirmed_at", now - dt.timedelta(days=3))
    prefix = fields.pop("prefix", "lecteur")
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}-{n}@exemple.fr",
            source=Source.IMPORT,
            created_at=now - dt.timedelta(days=30),
            **fields,
        )
        for n in range(count)
    )


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        code = 404 if "absent" in self.path else 200
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    """A local HTTP server: /absent… answers 404, anything else 200. Yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Counts the desk caches for a few seconds never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    """Keep each test's call report on its item (browser tests screenshot on failure)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
