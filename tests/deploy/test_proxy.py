"""numeriq for real behind Debian's nginx terminating TLS (issue 13.1, 13.2 and 12.9).

The reader is 127.0.0.3 (or .4), nginx reaches gunicorn from 127.0.0.2, the one trusted
proxy: the desk login, a composer save, the subscribe form, the one-click unsubscribe and
the admin work through it, the rate limits see the reader's address, and the published
pages are served from var/site/ even once the app is stopped.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import ssl
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from numeriq.testing.nginx_stack import HOSTNAME, Stack, find_nginx, new_stack

PASSWORD = "Un-mot-de-passe-solide-42"

SEED = f"""
import json
from pathlib import Path
import numeriq
from django.contrib.auth import get_user_model
from django.utils import timezone
from numeriq.audience.models import Subscriber, SubscriberStatus
from numeriq.audience.tokens import Purpose, make_token
from numeriq.desk.roles import EDITOR, grant
from numeriq.editions import lifecycle
from numeriq.editions.store import import_markdown
demo = Path(numeriq.__file__).parent / "demo" / "editions"
published = [
    lifecycle.publish(import_markdown((demo / name).read_text()))
    for name in ("2026-11-20.md", "2026-11-23.md")
]
draft = import_markdown((demo / "2026-11-27.md").read_text())
user = get_user_model().objects.create_superuser("redac", "redac@journal.example", "{PASSWORD}")
grant(user, EDITOR)
reader = Subscriber.objects.create(
    email="lecteur@exemple.fr", status=SubscriberStatus.ACTIVE, source="import",
    created_at=timezone.now(), confirmed_at=timezone.now(),
)
print(json.dumps({{
    "token": make_token(Purpose.UNSUBSCRIBE, reader),
    "permalink": published[1].get_absolute_url(),
    "draft": draft.date.isoformat(),
}}))
"""

FACTS = """
import json
from numeriq.audience.models import ConsentEvent, RateCounter, Subscriber
print(json.dumps({
    "ips": {
        e.subscriber.email: e.ip_address
        for e in ConsentEvent.objects.select_related("subscriber")
    },
    "buckets": sorted(RateCounter.objects.values_list("bucket", flat=True)),
    "status": {s.email: s.status for s in Subscriber.objects.all()},
}))
"""


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    """nginx (TLS, the shipped configuration) in front of `numeriq run`, seeded."""
    nginx = find_nginx()
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run must install nginx-light")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    running = new_stack(NUMERIQ_SUBSCRIBE_RATE_PER_IP="2/hour")
    try:
        running.numeriq("migrate")
        seeded = json.loads(running.numeriq("manage", "shell", "-c", SEED).strip().splitlines()[-1])
        running.numeriq("site", "build")
        running.seeded = seeded
        running.start_app()
        running.start_nginx(nginx)
        yield running
    finally:
        running.stop()


def facts(stack: Stack) -> dict[str, Any]:
    """What the database holds about consents, rate counters and subscribers."""
    return json.loads(stack.numeriq("manage", "shell", "-c", FACTS).strip().splitlines()[-1])


class Reader:
    """A browser-like client at one loopback address, talking to nginx over TLS."""

    def __init__(self, stack: Stack, address: str) -> None:
        context = ssl.create_default_context(cafile=str(stack.folder / "nginx.pem"))
        self.origin = stack.site_url
        self.client = httpx.Client(
            base_url=f"https://127.0.0.1:{stack.https_port}",
            transport=httpx.HTTPTransport(local_address=address, verify=context),
            headers={"Host": f"{HOSTNAME}:{stack.https_port}"},
            timeout=30,
        )

    def get(self, path: str, **options: Any) -> httpx.Response:
        """GET through nginx, with the certificate checked for journal.example."""
        return self.client.get(path, extensions={"sni_hostname": HOSTNAME}, **options)

    def post(self, path: str, data: dict[str, str], **options: Any) -> httpx.Response:
        """POST a form as a browser does, with Origin and Referer."""
        headers = {"Origin": self.origin, "Referer": self.origin + path}
        headers.update(options.pop("headers", {}))
        return self.client.post(
            path, data=data, headers=headers, extensions={"sni_hostname": HOSTNAME}, **options
        )

    def csrf(self, path: str) -> str:
        """The CSRF token of the form at `path`."""
        page = self.get(path)
        assert page.status_code == 200, page.text[:500]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, page.text[:500]
        return found.group(1)


def test_desk_login_and_composer_save_through_the_proxy(stack: Stack) -> None:
    """The login answered 403 « Origin checking failed » behind a TLS proxy."""
    editor = Reader(stack, "127.0.0.3")
    token = editor.csrf("/redaction/connexion/")
    login = editor.post(
        "/redaction/connexion/",
        {"username": "redac", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert login.status_code == 302, login.text[:800]
    assert login.headers["location"] == "/redaction/"
    assert "Secure" in login.headers["set-cookie"]
    assert editor.get("/redaction/").status_code == 200

    day = stack.seeded["draft"]
    page = editor.get(f"/redaction/edition/{day}/markdown/")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    source = re.search(r"<textarea[^>]*name=\"source\"[^>]*>(.*?)</textarea>", page.text, re.S)
    assert version and source
    changed = html.unescape(source.group(1)).rstrip() + "\n\n***\nSauvé derrière le proxy.\n"
    token = editor.csrf(f"/redaction/edition/{day}/markdown/")
    saved = editor.post(
        f"/redaction/edition/{day}/markdown/",
        {"source": changed, "version": version.group(1), "csrfmiddlewaretoken": token},
    )
    assert saved.status_code == 302, saved.text[:800]
    again = editor.get(f"/redaction/edition/{day}/markdown/")
    assert "Sauvé derrière le proxy" in html.unescape(again.text)


def test_admin_login_through_the_proxy(stack: Stack) -> None:
    """The back office's login and index behind the TLS proxy."""
    admin = Reader(stack, "127.0.0.3")
    token = admin.csrf("/admin/login/")
    login = admin.post(
        "/admin/login/?next=/admin/",
        {
            "username": "redac",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
    )
    assert login.status_code == 302, login.text[:800]
    index = admin.get("/admin/")
    assert index.status_code == 200
    assert "back-office" in index.text


def test_subscribe_sees_the_reader_address_not_the_proxy(stack: Stack) -> None:
    """The rate limit counts per reader; a reader's own X-Forwarded-For proves nothing."""
    first, second = Reader(stack, "127.0.0.3"), Reader(stack, "127.0.0.4")

    def subscribe(reader: Reader, email: str, **headers: str) -> int:
        form = {"email": email, "consent": "on", "website": ""}
        return reader.post("/abonnement/", form, headers=headers).status_code

    assert subscribe(first, "un@exemple.fr") == 302
    assert subscribe(first, "deux@exemple.fr") == 302
    assert subscribe(first, "trois@exemple.fr") == 429  # 2/hour for 127.0.0.3
    # Another reader still may, even claiming to be someone else.
    assert subscribe(second, "quatre@exemple.fr", **{"X-Forwarded-For": "10.9.9.9"}) == 302

    known = facts(stack)
    assert known["ips"]["un@exemple.fr"] == "127.0.0.3"
    assert known["ips"]["deux@exemple.fr"] == "127.0.0.3"
    assert known["ips"]["quatre@exemple.fr"] == "127.0.0.4"
    assert "trois@exemple.fr" not in known["ips"]
    assert "subscribe-ip:127.0.0.3" in known["buckets"]
    assert not any("127.0.0.2" in bucket or "10.9.9.9" in bucket for bucket in known["buckets"])


def test_one_click_unsubscribe_through_the_proxy(stack: Stack) -> None:
    """RFC 8058: the mailbox provider POSTs List-Unsubscribe=One-Click, no cookie, no Origin."""
    provider = Reader(stack, "127.0.0.4")
    token = stack.seeded["token"]
    answer = provider.client.post(
        f"/desabonnement/{token}/",
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        extensions={"sni_hostname": HOSTNAME},
    )
    assert answer.status_code == 200, answer.text[:800]
    assert facts(stack)["status"]["lecteur@exemple.fr"] == "unsubscribed"


def test_https_is_enforced_and_untrusted_forwarded_headers_ignored(stack: Stack) -> None:
    """HSTS through the proxy; plain http and a direct peer's X-Forwarded-Proto get no https."""
    reader = Reader(stack, "127.0.0.3")
    for path in ("/abonnement/", "/"):  # from the app, and from the static copy
        assert reader.get(path).headers["strict-transport-security"].startswith("max-age=")

    plain = httpx.get(f"http://127.0.0.1:{stack.http_port}/abonnement/", headers={"Host": HOSTNAME})
    assert plain.status_code == 301
    assert plain.headers["location"].startswith(f"https://{HOSTNAME}/")

    # Straight to gunicorn from 127.0.0.5, claiming https: not believed, redirected.
    direct = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.5"))
    answer = direct.get(
        f"http://127.0.0.1:{stack.app_port}/abonnement/",
        headers={"Host": HOSTNAME, "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.1.1.1"},
    )
    assert answer.status_code == 301
    assert answer.headers["location"].startswith("https://")


def test_published_pages_stay_up_with_the_app_stopped(stack: Stack) -> None:
    """nginx serves var/site/ itself; only what numeriq alone serves goes down."""
    reader = Reader(stack, "127.0.0.3")
    permalink = stack.seeded["permalink"]
    on_disk = (stack.var_dir / "site" / permalink.strip("/") / "index.html").read_bytes()
    assert reader.get(permalink).content == on_disk

    stack.stop_app()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", stack.app_port), timeout=1).close()
    page = reader.get(permalink)
    assert page.status_code == 200
    assert page.content == on_disk
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "max-age=" in page.headers["cache-control"]
    assert reader.get("/").status_code == 200
    assert reader.get("/archives/").status_code == 200
    rss = reader.get("/flux/rss/")
    assert rss.status_code == 200
    assert rss.headers["content-type"].startswith("application/rss+xml")
    assert reader.get("/sitemap.xml").status_code == 200
    assert reader.get("/static/numeriq/site.css").status_code == 200
    gzipped = reader.get(permalink, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers.get("content-encoding") == "gzip"
    assert reader.get("/abonnement/").status_code == 502  # the app's own pages need the app
