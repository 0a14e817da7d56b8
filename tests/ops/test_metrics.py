"""/metrics: Prometheus text behind a bearer token; a few cheap queries whatever the volume."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from numeriq.audience.models import SubscriberStatus
from numeriq.delivery.models import Delivery, DeliveryState
from numeriq.delivery.scheduling import start_edition
from numeriq.ops import heartbeat
from numeriq.sources.models import Source
from tests.delivery.conftest import make_readers

pytestmark = pytest.mark.django_db
TOKEN = "jeton-de-supervision-0123456789"


@pytest.fixture
def token(settings) -> str:
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def _get(client: Client, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/metrics", headers=headers)


def _samples(text: str) -> dict[str, float]:
    """'name{labels}' → value, for every sample line."""
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            found[name] = float(value)
    return found


def test_disabled_without_a_token(client: Client, settings) -> None:
    settings.METRICS_TOKEN = ""
    assert _get(client).status_code == 404
    assert _get(client, None).status_code == 404


def test_a_wrong_or_missing_token_is_401(client: Client, token: str) -> None:
    assert _get(client, None).status_code == 401
    assert _get(client, "pas-le-bon").status_code == 401
    assert _get(client, TOKEN + "x").status_code == 401
    response = client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_figures(client: Client, token: str, edition) -> None:
    make_readers(5)
    make_readers(2, prefix="parti", status=SubscriberStatus.UNSUBSCRIBED)
    send, _ = start_edition(edition)
    first = Delivery.objects.filter(send=send).order_by("id")[:2]
    Delivery.objects.filter(pk__in=[row.pk for row in first]).update(state=DeliveryState.SENT)
    now = timezone.now()
    Source.objects.create(
        url="https://a.example/feed", last_success_at=now - dt.timedelta(minutes=10)
    )
    Source.objects.create(url="https://b.example/feed", consecutive_failures=3)
    Source.objects.create(url="https://c.example/feed", paused=True)
    heartbeat.beat("w:1", "send", now, now)

    response = _get(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    samples = _samples(text)
    key = send.key
    assert samples[f'numeriq_ledger_rows{{send="{key}",state="sent"}}'] == 2
    assert samples[f'numeriq_ledger_rows{{send="{key}",state="queued"}}'] == 3
    assert samples[f'numeriq_ledger_rows{{send="{key}",state="bounced"}}'] == 0
    assert samples[f'numeriq_send_progress_ratio{{send="{key}",state="sending"}}'] == 0.4
    assert samples['numeriq_sends{state="sending"}'] == 1
    assert samples['numeriq_subscribers{status="active"}'] == 5
    assert samples['numeriq_subscribers{status="unsubscribed"}'] == 2
    assert samples['numeriq_sources{health="ok"}'] == 1
    assert samples['numeriq_sources{health="failing"}'] == 1
    assert samples['numeriq_sources{health="paused"}'] == 1
    assert 595 <= samples["numeriq_sources_last_success_age_seconds"] <= 700
    assert samples["numeriq_transactional_email_oldest_age_seconds"] == 0
    assert 'numeriq_jobs{state="due"}' in samples
    assert "numeriq_worker_last_seen_age_seconds" in samples
    # Every family is announced once, with its type.
    names = re.findall(r"^# TYPE (\S+) gauge$", text, flags=re.M)
    assert len(names) == len(set(names)) >= 8
    # No personal data.
    assert "@" not in text


def test_queries_do_not_grow_with_sends_or_readers(
    client: Client, token: str, edition, django_assert_max_num_queries
) -> None:
    make_readers(50)
    start_edition(edition)
    with django_assert_max_num_queries(12):
        assert _get(client).status_code == 200
    make_readers(500, prefix="autre")
    for day in range(3):  # more sends, each with its readers
        copy = type(edition).objects.get(pk=edition.pk)
        copy.pk, copy.date = None, edition.date.replace(day=day + 1)
        copy.save()
        start_edition(copy)
    with django_assert_max_num_queries(12):
        assert _get(client).status_code == 200
