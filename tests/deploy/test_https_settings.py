"""An https site URL: trusted CSRF origin, HSTS, redirect, secure cookies (13.1, 12.9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps(["
    "s.CSRF_TRUSTED_ORIGINS, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
)


def numeriq(site_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A numeriq verb with a given site URL and a production-like secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMERIQ_SITE", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="numeriq.settings",
        NUMERIQ_SITE_URL=site_url,
        NUMERIQ_SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuv",
    )
    return subprocess.run(
        [sys.executable, "-m", "numeriq.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_hsts_or_ssl_redirect_warning_with_https() -> None:
    """`manage check --deploy` warned W004 and W008 with an https site URL."""
    done = numeriq("https://journal.example", "manage", "check", "--deploy")
    output = done.stdout + done.stderr
    assert "security.W004" not in output
    assert "security.W008" not in output
    assert "security.W012" not in output and "security.W016" not in output  # secure cookies


def test_an_http_site_url_keeps_plain_http() -> None:
    """A local http site (the demo) is not redirected to an https it does not have."""
    done = numeriq("http://127.0.0.1:8000", "manage", "check", "--deploy")
    assert "security.W008" in done.stdout + done.stderr


def test_the_site_origin_is_trusted_for_csrf() -> None:
    """The origin comes from NUMERIQ_SITE_URL, port included; HSTS and cookies follow https."""
    done = numeriq("https://journal.example:8443/", "manage", "shell", "-c", SHOW)
    origins, hsts, redirect, session_secure, csrf_secure = json.loads(done.stdout.splitlines()[-1])
    assert origins == ["https://journal.example:8443"]
    assert hsts == 31_536_000 and redirect and session_secure and csrf_secure
    done = numeriq("http://127.0.0.1:8000", "manage", "shell", "-c", SHOW)
    origins, hsts, redirect, session_secure, csrf_secure = json.loads(done.stdout.splitlines()[-1])
    assert origins == ["http://127.0.0.1:8000"]
    assert (hsts, redirect, session_secure, csrf_secure) == (0, False, False, False)
