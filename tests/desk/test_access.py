"""Logging in, roles, CSRF, rate limiting, and the hashing of passwords."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from numeriq.desk.roles import ADMIN, EDITOR, roles_of
from tests.desk.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PAGES = [
    "/redaction/",
    "/redaction/editions/",
    "/redaction/statistiques/",
    "/redaction/edition/2026-11-27/",
    "/redaction/edition/2026-11-27/markdown/",
    "/redaction/edition/2026-11-27/apercu/web/",
    "/redaction/edition/2026-11-27/verifications/",
    "/redaction/envois/1/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_goes_to_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/redaction/connexion/?next=")


def test_user_without_a_role_is_refused(client: Client) -> None:
    client.force_login(make_user("lecteur"))
    refused = client.get("/redaction/")
    assert refused.status_code == 403
    assert "Votre compte n’a pas le rôle « editor » de la rédaction" in refused.text
    assert client.get("/redaction/statistiques/").status_code == 403


def test_roles_are_groups_admin_implies_editor(db: None) -> None:
    assert roles_of(make_user("e", EDITOR)) == {EDITOR}
    assert roles_of(make_user("a", ADMIN)) == {EDITOR, ADMIN}
    assert roles_of(make_user("s", is_superuser=True)) == {EDITOR, ADMIN}


def test_argon2_hashes_passwords() -> None:
    from numeriq import settings as numeriq_settings

    first = numeriq_settings.PASSWORD_HASHERS[0]
    assert first == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_login_in_french_with_argon2(client: Client, editor: Any) -> None:
    assert editor.password.startswith("argon2$")
    page = client.get("/redaction/connexion/")
    assert "Connexion à la rédaction" in page.text
    assert 'lang="fr"' in page.text
    wrong = client.post("/redaction/connexion/", {"username": "camille", "password": "non"})
    assert wrong.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in wrong.text
    right = client.post("/redaction/connexion/", {"username": "camille", "password": PASSWORD})
    assert right.status_code == 302 and right["Location"] == "/redaction/"
    assert client.get("/redaction/").status_code == 200


def test_login_is_rate_limited_per_address_and_name(
    client: Client, editor: Any, settings: Any
) -> None:
    settings.DESK_LOGIN_RATE = "3/hour"
    for _ in range(3):
        client.post("/redaction/connexion/", {"username": "camille", "password": "non"})
    blocked = client.post("/redaction/connexion/", {"username": "Camille", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.text
    # Another name from the same address is not blocked by camille's attempts.
    other = client.post("/redaction/connexion/", {"username": "personne", "password": "x"})
    assert other.status_code == 200


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_fullwidth_or_capitals_share_the_account_bucket(client: Client, settings: Any) -> None:
    """« ｒｅｄａｃｔｉｏｎ » is the account « redaction » (Django's form NFKC-normalises it)."""
    make_user("redaction", EDITOR)
    settings.DESK_LOGIN_RATE = "3/hour"
    for _ in range(3):
        client.post("/redaction/connexion/", {"username": "redaction", "password": "non"})
    for name in ("ｒｅｄａｃｔｉｏｎ", "REDACTION", " Redaction "):
        other = Client(REMOTE_ADDR="192.0.2.9")  # another address: only the account counts
        blocked = other.post("/redaction/connexion/", {"username": name, "password": PASSWORD})
        assert blocked.status_code == 429, name
        assert not _logged_in(other)


def test_admin_login_is_limited_in_the_same_buckets(client: Client, settings: Any) -> None:
    """Its session opens the desk: failures on one login count on the other, both ways."""
    user = make_user("direction", ADMIN, is_staff=True, is_superuser=True)
    assert user.is_staff
    settings.DESK_LOGIN_RATE = "4/hour"
    for _ in range(2):
        client.post("/admin/login/", {"username": "direction", "password": "non"})
    for _ in range(2):
        client.post("/redaction/connexion/", {"username": "direction", "password": "non"})
    desk = client.post("/redaction/connexion/", {"username": "direction", "password": PASSWORD})
    assert desk.status_code == 429 and not _logged_in(client)
    admin = client.post(
        "/admin/login/?next=/admin/", {"username": "ｄｉｒｅｃｔｉｏｎ", "password": PASSWORD}
    )
    assert admin.status_code == 429 and not _logged_in(client)
    assert "Trop de tentatives de connexion" in admin.text
    assert client.get("/redaction/").status_code == 302  # still the login page


def test_admin_login_works_under_the_limit(client: Client) -> None:
    make_user("direction", ADMIN, is_staff=True, is_superuser=True)
    right = client.post(
        "/admin/login/?next=/admin/", {"username": "direction", "password": PASSWORD}
    )
    assert right.status_code == 302 and _logged_in(client)


def test_one_address_trying_many_accounts_is_limited(client: Client, settings: Any) -> None:
    settings.LOGIN_RATE_PER_IP = "5/hour"
    for number in range(5):
        url = "/admin/login/" if number % 2 else "/redaction/connexion/"
        answer = client.post(url, {"username": f"compte-{number}", "password": "x"})
        assert answer.status_code == 200
    assert client.post("/admin/login/", {"username": "autre", "password": "x"}).status_code == 429
    assert (
        client.post("/redaction/connexion/", {"username": "encore", "password": "x"}).status_code
        == 429
    )
    elsewhere = Client(REMOTE_ADDR="192.0.2.10")
    assert (
        elsewhere.post("/redaction/connexion/", {"username": "autre", "password": "x"}).status_code
        == 200
    )


def test_logout_is_a_post(editor_client: Client) -> None:
    assert editor_client.get("/redaction/deconnexion/").status_code == 405
    response = editor_client.post("/redaction/deconnexion/")
    assert response.status_code == 302
    assert editor_client.get("/redaction/").status_code == 302


def test_csrf_is_enforced(editor: Any, edition: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = f"/redaction/edition/{edition.date.isoformat()}/"
    assert client.post(url, {"version": edition.version}).status_code == 403
    test = f"/redaction/edition/{edition.date.isoformat()}/test/"
    assert client.post(test).status_code == 403


def test_send_controls_need_the_admin_role(editor_client: Client, admin_user: Any) -> None:
    refused = editor_client.post("/redaction/envois/1/pause/")
    assert refused.status_code == 403 and "réservée au rôle « admin »" in refused.text
    admin = Client()
    admin.force_login(admin_user)
    assert admin.post("/redaction/envois/999/pause/").status_code == 404


def test_the_desk_speaks_english_when_asked(editor_client: Client, edition: Any) -> None:
    from django.test import override_settings
    from django.utils import translation

    with override_settings(LANGUAGE_CODE="en"), translation.override("en"):
        page = editor_client.get(f"/redaction/edition/{edition.date.isoformat()}/")
        assert "Run the checks" in page.text and "Move item 1 down" in page.text
        assert 'data-moved="Item moved to position {n}."' in page.text
        login = Client().get("/redaction/connexion/")
        assert "Log in to the desk" in login.text
