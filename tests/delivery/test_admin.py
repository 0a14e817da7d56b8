"""The back office shows sends with exact counts, controls them, and lists the ledger."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from numeriq.delivery import ledger
from numeriq.delivery.models import Send, SendState
from numeriq.delivery.scheduling import start_edition
from tests.delivery.conftest import make_readers

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("admin", "admin@exemple.fr", "x" * 12))
    return client


def test_sends_list_detail_and_controls(edition, staff: Client) -> None:
    make_readers(3, prefix="<script>alert(1)</script>")
    send, _ = start_edition(edition)
    page = staff.get("/admin/delivery/send/")
    assert page.status_code == 200 and "0 / 3" in page.text
    detail = staff.get(f"/admin/delivery/send/{send.pk}/change/")
    assert detail.status_code == 200 and "En attente" in detail.text
    staff.post(
        "/admin/delivery/send/",
        {"action": "pause", "_selected_action": [send.pk]},
    )
    send.refresh_from_db()
    assert send.state == SendState.PAUSED
    response = staff.post(
        "/admin/delivery/send/", {"action": "pause", "_selected_action": [send.pk]}, follow=True
    )
    assert "cannot become" in response.text
    ledger.cancel(send)
    staff.post("/admin/delivery/send/", {"action": "resend_failed", "_selected_action": [send.pk]})
    assert Send.objects.get(pk=send.pk).state == SendState.CANCELLED  # nothing failed to resend

    rows = staff.get("/admin/delivery/delivery/", {"q": "<script>"})
    assert rows.status_code == 200
    assert "<script>alert(1)</script>" not in rows.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rows.text
