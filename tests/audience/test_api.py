"""The JSON API: token auth, subscribe, status, unsubscribe, list; schemathesis on its schema."""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.admin import AdminSite
from django.core import mail
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.utils import override_settings
from django.urls import path
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from numeriq.audience import api_tokens, subscriptions
from numeriq.audience.addresses import normalise
from numeriq.audience.admin_api import ApiTokenAdmin
from numeriq.audience.errors import InvalidAddressError
from numeriq.audience.models import (
    ApiToken,
    ConsentAction,
    Source,
    Subscriber,
    SubscriberStatus,
)
from numeriq.cli import main

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def token() -> str:
    """A valid bearer token."""
    _row, value = api_tokens.create_token("crm")
    return value


@pytest.fixture
def api(token: str) -> Client:
    """A test client that sends the token with every request."""
    return Client(headers={"Authorization": f"Bearer {token}"})


def make_subscribers(count: int, status: str = SubscriberStatus.ACTIVE, **fields: Any) -> None:
    """Create `count` subscribers at once, one second apart from 2026-01-01 (UTC)."""
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{status}-{index}@exemple.fr",
            status=status,
            source=Source.IMPORT,
            created_at=start + dt.timedelta(seconds=index),
            **fields,
        )
        for index in range(count)
    )


def assert_json_error(response: Any, status: int, code: str) -> None:
    """A JSON error of this status and code, never an HTML page, never cached."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


# --- authentication --------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic Y3JtOnNlY3JldA==", "Bearer "])
def test_every_operation_needs_a_valid_token(client: Client, token: str, header: str) -> None:
    """No token or a bad one: 401 with a Bearer challenge, and nothing happens."""
    headers = {"Authorization": header} if header else {}
    for method, url in [
        ("get", f"{API}/subscribers"),
        ("post", f"{API}/subscribers"),
        ("get", f"{API}/subscribers/a@exemple.fr"),
        ("delete", f"{API}/subscribers/a@exemple.fr"),
    ]:
        response = getattr(client, method)(url, headers=headers)
        assert_json_error(response, 401, "unauthorized")
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Subscriber.objects.exists()


def test_a_revoked_token_stops_working(client: Client, token: str) -> None:
    """Revoking deletes the row: the same token gets 401 at once."""
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/subscribers", headers=headers).status_code == 200
    api_tokens.revoke_token("crm")
    response = client.get(f"{API}/subscribers", headers=headers)
    assert_json_error(response, 401, "unauthorized")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_only_the_digest_is_stored_and_last_use_is_noted_once_a_minute(token: str) -> None:
    """The token is not in the database; last_used_at moves at most once a minute."""
    row = ApiToken.objects.get(name="crm")
    assert token not in row.digest and row.digest == api_tokens.token_digest(token)
    now = timezone.now()
    assert api_tokens.verify_token(token, now=now) == row
    assert api_tokens.verify_token(token, now=now + dt.timedelta(seconds=30)) == row
    row.refresh_from_db()
    assert row.last_used_at == now
    later = now + dt.timedelta(seconds=61)
    api_tokens.verify_token(token, now=later)
    row.refresh_from_db()
    assert row.last_used_at == later
    assert api_tokens.verify_token(token + "x") is None
    assert api_tokens.verify_token("") is None


def test_the_schema_is_public_and_the_rest_is_json_even_when_unknown(client: Client) -> None:
    """openapi.json needs no token; an unknown path or method answers in JSON, not HTML."""
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/subscribers", "/subscribers/{email}", "/openapi.json"}
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert_json_error(client.get(f"{API}/nothing/here"), 404, "not_found")
    response = client.put(f"{API}/subscribers")
    assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, POST"


def test_an_unexpected_error_is_a_json_500(token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug still answers in JSON (and is logged), never with the site's HTML error page."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(subscriptions, "request_subscription", broken)
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
    response = client.post(
        f"{API}/subscribers", {"email": "a@exemple.fr"}, content_type="application/json"
    )
    assert_json_error(response, 500, "server_error")


# --- subscribe -------------------------------------------------------------------------


def test_subscribe_starts_double_opt_in(api: Client) -> None:
    """202, a pending subscriber from the API, its consent text, one confirmation email."""
    response = api.post(
        f"{API}/subscribers",
        {"email": "  Jeanne@Exemple.FR ", "consent_text": "Oui, chaque matin."},
        content_type="application/json",
    )
    assert response.status_code == 202
    assert response.json() == {"status": "accepted"}
    assert response["Cache-Control"] == "no-store"
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("jeanne@exemple.fr", "pending")
    assert subscriber.source == Source.API
    consent = subscriber.consents.get()
    assert consent.action == ConsentAction.REQUESTED and consent.text.text == "Oui, chaque matin."
    assert consent.ip_address is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jeanne@exemple.fr"]


@override_settings(CONSENT_TEXT="Le texte du formulaire.")
def test_subscribe_without_consent_text_stores_the_default(api: Client) -> None:
    """consent_text is optional: the site's consent text is stored instead."""
    response = api.post(
        f"{API}/subscribers", {"email": "a@exemple.fr"}, content_type="application/json"
    )
    assert response.status_code == 202
    assert Subscriber.objects.get().consents.get().text.text == "Le texte du formulaire."


def test_subscribe_answers_the_same_for_an_active_address_and_sends_nothing(api: Client) -> None:
    """No enumeration: an active subscriber gets the same 202, and no email goes out."""
    make_subscribers(1)
    response = api.post(
        f"{API}/subscribers", {"email": "active-0@exemple.fr"}, content_type="application/json"
    )
    assert response.status_code == 202
    assert response.json() == {"status": "accepted"}
    assert mail.outbox == []
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ({"email": "pas-une-adresse"}, "application/json", 400, "invalid_email"),
        ({"email": "a@exemple.test"}, "application/json", 400, "invalid_email"),
        ({}, "application/json", 400, "invalid_request"),
        ({"email": 42}, "application/json", 400, "invalid_request"),
        ({"email": "a@exemple.fr", "name": "A"}, "application/json", 400, "invalid_request"),
        ({"email": "a@exemple.fr", "consent_text": ""}, "application/json", 400, "invalid_request"),
        (
            {"email": "a@exemple.fr", "consent_text": "a\x00b"},
            "application/json",
            400,
            "invalid_request",
        ),
        ('{"email": "a@exemple.fr"', "application/json", 400, "invalid_request"),
        ('["a@exemple.fr"]', "application/json", 400, "invalid_request"),
        ('{"email": "\\ud800@exemple.fr"}', "application/json", 400, "invalid_request"),
        ("email=a@exemple.fr", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_subscribe_refuses_bad_bodies(
    api: Client, body: Any, content_type: str, status: int, code: str
) -> None:
    """Invalid address, missing, unknown or ill-typed fields, not JSON: a JSON error."""
    response = api.post(f"{API}/subscribers", body, content_type=content_type)
    assert_json_error(response, status, code)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


# --- status and unsubscribe ------------------------------------------------------------


def test_get_a_subscriber(api: Client) -> None:
    """Every public field, by address in any case; 404 for an unknown or invalid one."""
    make_subscribers(1, paused_until=dt.date(2026, 2, 1))
    response = api.get(f"{API}/subscribers/ACTIVE-0@exemple.fr")
    assert response.status_code == 200
    assert response.json() == {
        "email": "active-0@exemple.fr",
        "status": "active",
        "frequency": "daily",
        "weekly_day": 4,
        "paused_until": "2026-02-01",
        "source": "import",
        "created_at": "2026-01-01T00:00:00+00:00",
        "confirmed_at": None,
        "unsubscribed_at": None,
    }
    assert_json_error(api.get(f"{API}/subscribers/nobody@exemple.fr"), 404, "not_found")
    assert_json_error(api.get(f"{API}/subscribers/not-an-address"), 404, "not_found")


def test_delete_unsubscribes_at_once(api: Client) -> None:
    """DELETE: unsubscribed now, logged as from the API; again: same answer, no change."""
    make_subscribers(1)
    response = api.delete(f"{API}/subscribers/active-0@exemple.fr")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "unsubscribed" and body["unsubscribed_at"] is not None
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    event = subscriber.consents.get()
    assert (event.action, event.source, event.detail) == ("unsubscribed", "api", "api: crm")
    again = api.delete(f"{API}/subscribers/active-0@exemple.fr")
    assert again.status_code == 200 and again.json() == body
    assert subscriber.consents.count() == 1
    assert_json_error(api.delete(f"{API}/subscribers/nobody@exemple.fr"), 404, "not_found")


# --- list ------------------------------------------------------------------------------


def test_list_pages_through_every_subscriber_once(api: Client) -> None:
    """250 active among others, pages of 100: 3 pages, no duplicate, no gap, in id order."""
    make_subscribers(250)
    make_subscribers(30, status=SubscriberStatus.PENDING)
    url: str | None = f"{API}/subscribers?status=active&page_size=100"
    pages = []
    while url:
        response = api.get(url)
        assert response.status_code == 200
        pages.append(response.json()["results"])
        url = response.json()["next"]
        assert url is None or "status=active" in url
    assert [len(page) for page in pages] == [100, 100, 50]
    emails = [row["email"] for page in pages for row in page]
    assert len(set(emails)) == 250
    assert set(emails) == {f"active-{index}@exemple.fr" for index in range(250)}
    assert all(row["status"] == "active" for page in pages for row in page)
    ids = list(Subscriber.objects.filter(email__in=emails).order_by("id").values_list("email"))
    assert emails == [email for (email,) in ids]


def test_list_defaults_to_100_and_filters_on_creation_time(api: Client) -> None:
    """Default page size; created_after is inclusive, created_before exclusive."""
    make_subscribers(150)
    first = api.get(f"{API}/subscribers").json()
    assert len(first["results"]) == 100 and first["next"].startswith("http://testserver/api/v1/")
    window = api.get(
        f"{API}/subscribers",
        {"created_after": "2026-01-01T00:00:10Z", "created_before": "2026-01-01T01:00:20+01:00"},
    ).json()
    assert [row["email"] for row in window["results"]] == [
        f"active-{index}@exemple.fr" for index in range(10, 20)
    ]
    assert window["next"] is None
    extreme = api.get(
        f"{API}/subscribers",
        {
            "created_after": "0001-01-01T00:00:00+23:59",
            "created_before": "9999-12-31T23:59:59-23:59",
        },
    )
    assert extreme.status_code == 200 and len(extreme.json()["results"]) == 100


@pytest.mark.parametrize(
    "query",
    [
        "status=gone",
        "page_size=0",
        "page_size=1001",
        "page_size=abc",
        "page_size=-1",
        "created_after=hier",
        "created_before=2026-13-01",
        "cursor=!!",
        "cursor=ABC",
        "statut=active",
        "status=active&status=pending",
    ],
)
def test_list_refuses_bad_parameters(api: Client, query: str) -> None:
    """Bad values, unknown or repeated parameters: 400, not a silently wrong list."""
    assert_json_error(api.get(f"{API}/subscribers?{query}"), 400, "invalid_parameter")


def test_a_cursor_past_the_end_is_an_empty_page(api: Client) -> None:
    """A cursor beyond every id (even beyond 64 bits) is an empty last page."""
    make_subscribers(2)
    response = api.get(f"{API}/subscribers?cursor=zzzzzzzzzzzzz")
    assert response.json() == {"results": [], "next": None}


def test_a_page_is_one_query_without_offset_or_count(api: Client) -> None:
    """Keyset pagination: WHERE id > cursor ORDER BY id LIMIT n+1; no OFFSET, no COUNT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_subscribers(5)
    first = api.get(f"{API}/subscribers?page_size=2").json()
    with CaptureQueriesContext(connection) as queries:
        api.get(first["next"])
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    listing = [q["sql"] for q in queries.captured_queries if "audience_subscriber" in q["sql"]]
    assert len(listing) == 1
    assert "OFFSET" not in sql and "COUNT(" not in sql
    assert "LIMIT 3" in listing[0].upper()


# --- rate limit ------------------------------------------------------------------------


@override_settings(API_RATE="3/minute")
def test_a_token_over_its_rate_gets_429(api: Client, client: Client) -> None:
    """The 4th request of the minute: 429 with Retry-After; another token is not affected."""
    for _ in range(3):
        assert api.get(f"{API}/subscribers").status_code == 200
    response = api.get(f"{API}/subscribers")
    assert_json_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    _row, other = api_tokens.create_token("shop")
    other_headers = {"Authorization": f"Bearer {other}"}
    assert client.get(f"{API}/subscribers", headers=other_headers).status_code == 200


# --- CLI -------------------------------------------------------------------------------


def test_cli_creates_lists_and_revokes_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    """create prints the token once; list never shows it; revoke; errors are one line."""
    assert main(["api-token", "create", "crm-sync"]) == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert len(token) >= 43 and "cannot be shown again" in out.err
    assert api_tokens.verify_token(token) is not None
    assert main(["api-token", "create", "crm-sync"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["api-token", "list"]) == 0
    listed = capsys.readouterr().out
    assert "crm-sync" in listed and token not in listed
    assert main(["api-token", "revoke", "crm-sync"]) == 0
    assert api_tokens.verify_token(token) is None
    assert main(["api-token", "revoke", "crm-sync"]) == 1
    assert "no token has this name" in capsys.readouterr().err


# The admin is wired by numeriq/audience/admin.py; this module is its own URLconf so the
# test does not depend on when the project's URLconf was first loaded.
_admin_site = AdminSite(name="admin")
_admin_site.register(ApiToken, ApiTokenAdmin)
urlpatterns = [path("admin/", _admin_site.urls)]


@pytest.mark.urls(__name__)
def test_admin_lists_tokens_read_only(admin_client: Client, token: str) -> None:
    """The back office shows names and dates, never a token nor its digest; no add, no edit."""
    row = ApiToken.objects.get()
    listing = admin_client.get("/admin/audience/apitoken/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "crm" in html and row.digest not in html and token not in html
    assert admin_client.get("/admin/audience/apitoken/add/").status_code == 403
    detail = admin_client.get(f"/admin/audience/apitoken/{row.pk}/change/")
    assert detail.status_code == 200
    assert row.digest not in detail.content.decode()
    assert 'name="name"' not in detail.content.decode()
    deleted = admin_client.post(f"/admin/audience/apitoken/{row.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not ApiToken.objects.exists()


# --- schemathesis ----------------------------------------------------------------------


def _valid_email(address: str) -> bool:
    try:
        normalise(address)
    except InvalidAddressError:
        return False
    return True


# The schema promises `format: email`; the server also refuses special-use domains (.test,
# .arpa…), as the schema's description says, so positive examples are addresses it takes:
# every dot-atom character, both cases, on ordinary domains. (Hypothesis' own emails() is
# ten times slower and schemathesis' default draws .test domains.)
_LOCAL = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~"
_LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10)
_EMAILS = st.builds(
    "{}@{}.{}".format,
    st.text(alphabet=_LOCAL, min_size=1, max_size=20),
    _LABEL,
    st.sampled_from(["fr", "com", "org", "io", "example"]),
).filter(_valid_email)
schemathesis.openapi.format("email", _EMAILS)


def _load_schema() -> Any:
    # Loaded when the module is imported (pytest-django has set Django up by then): the
    # schema endpoint is public and touches no table. One test per operation follows.
    from numeriq.wsgi import application

    return schemathesis.openapi.from_wsgi(f"{API}/openapi.json", application)


schema = _load_schema()


@pytest.fixture
def wsgi_calls() -> Iterator[None]:
    """Calls straight to the WSGI app, inside the test's transaction and without rate limit.

    Django closes a connection that is not in autocommit as each request starts and ends,
    which would end the test's transaction on PostgreSQL; its own test client unhooks these
    signals the same way. Schemathesis makes hundreds of calls; the rate limit has its own test.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        with override_settings(API_RATE="1000000/minute"):
            yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def known_subscribers() -> None:
    """Subscribers in every state, one of them the address the schema gives as example."""
    make_subscribers(3, status=SubscriberStatus.PENDING)
    make_subscribers(3, status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    Subscriber.objects.create(
        email="jeanne@exemple.fr",
        status=SubscriberStatus.ACTIVE,
        frequency="weekly",
        weekly_day=0,
        paused_until=dt.date(2026, 8, 31),
        source=Source.FORM,
        created_at=timezone.now(),
        confirmed_at=timezone.now(),
    )


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(
    case: Any, token: str, wsgi_calls: None, known_subscribers: None
) -> None:
    """Every operation, with valid and invalid data: all of schemathesis' checks pass."""
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})


def test_the_schema_is_valid_json_for_tools() -> None:
    """The document round-trips through JSON (no Python-only values such as lazy strings)."""
    from numeriq.audience.api_schema import openapi_document

    document = openapi_document(brand="B", consent_text="C", rate="1/second")
    assert json.loads(json.dumps(document)) == document
