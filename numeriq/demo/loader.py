"""`numeriq demo`: database, demo editions and a back-office login, idempotently."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from numeriq.editions import lifecycle
from numeriq.editions.markdown_format import parse_edition
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import save_doc
from numeriq.server import migrate

EDITIONS_DIR = Path(__file__).parent / "editions"
DEMO_USERNAME = "redaction"


@dataclass
class DemoSummary:
    """What the demo loaded, to print for the user."""

    created: list[dt.date] = field(default_factory=list)
    kept: list[dt.date] = field(default_factory=list)
    username: str = DEMO_USERNAME
    password: str = ""

    def describe(self, host: str, port: int) -> str:
        """Lines telling where to look and how to log in."""
        base = f"http://{host}:{port}"
        latest = max([*self.created, *self.kept], default=None)
        lines = [
            f"Demo ready: {len(self.created)} edition(s) loaded, {len(self.kept)} already there.",
            f"  Site:         {base}/",
            f"  Archives:     {base}/archives/",
        ]
        if latest:
            edition = Edition.objects.get(date=latest)
            lines.append(f"  Latest:       {base}{edition.get_absolute_url()}")
        lines += [
            f"  Feeds:        {base}/flux/rss/  {base}/flux/atom/",
            f"  Back office:  {base}/admin/  (login: {self.username} / {self.password})",
        ]
        return "\n".join(lines)


def demo_files() -> list[Path]:
    """The demo editions' Markdown files, oldest first."""
    return sorted(EDITIONS_DIR.glob("*.md"))


def load_demo() -> DemoSummary:
    """Migrate, load every demo edition not yet there (published), ensure the demo login."""
    migrate()
    summary = DemoSummary()
    for path in demo_files():
        doc = parse_edition(path.read_text(encoding="utf-8"))
        if Edition.objects.filter(date=doc.date).exists():
            summary.kept.append(doc.date)
            continue
        edition = save_doc(doc)
        if edition.status == EditionStatus.DRAFT:
            morning = timezone.make_aware(dt.datetime.combine(doc.date, dt.time(7)))
            lifecycle.publish(edition, at=morning)
        summary.created.append(doc.date)
    summary.password = _ensure_demo_user()
    return summary


def _ensure_demo_user() -> str:
    """Create the demo editor once; its password is kept under var/ to print it again."""
    credentials = Path(settings.VAR_DIR) / "demo-login.txt"
    users = get_user_model()
    user = users.objects.filter(username=DEMO_USERNAME).first()
    if user is not None and credentials.exists():
        return credentials.read_text().strip()
    password = secrets.token_urlsafe(12)
    if user is None:
        user = users.objects.create_superuser(DEMO_USERNAME, "redaction@numeriq.example", password)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    credentials.write_text(password + "\n")
    credentials.chmod(0o600)
    return password
