"""`numeriq demo`: database, demo editions and a back-office login, idempotently."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from numeriq.editions import lifecycle
from numeriq.editions.markdown_format import parse_edition
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import save_doc
from numeriq.server import migrate

EDITIONS_DIR = Path(__file__).parent / "editions"
DESK_DRAFT = Path(__file__).parent / "desk-draft.md"
DEMO_USERNAME = "redaction"


@dataclass
class DemoSummary:
    """What the demo loaded, to print for the user."""

    created: list[dt.date] = field(default_factory=list)
    kept: list[dt.date] = field(default_factory=list)
    username: str = DEMO_USERNAME
    password: str = ""
    subscribers: int = 0
    draft: dt.date | None = None
    newsroom: Any = None  # NewsroomDemo (numeriq/demo/newsroom_day.py)
    sent: dict[str, int] = field(default_factory=dict)

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
            f"  Desk:         {base}/redaction/  (editor login: {self.username} / {self.password})",
            f"  Subscribers:  {self.subscribers} demo subscribers in every state: "
            f"{base}/admin/audience/subscriber/",
            f"  Try it:       subscribe at {base}/abonnement/, then open the confirmation email in "
            f"the local outbox {base}/admin/delivery/capturedmessage/",
        ]
        if self.draft:
            day = self.draft.isoformat()
            # The demo's feeds are dated their demo day: its desk is where their stories are.
            pool = self.newsroom.day if self.newsroom is not None and self.newsroom.day else None
            desk = f"{base}/redaction/?jour={(pool or self.draft).isoformat()}"
            lines += [
                f"  Morning desk: {desk} (the demo day's stories: add or dismiss)",
                f"  Composer:     {base}/redaction/edition/{day}/ "
                "(compose, preview, check, send a test, schedule)",
            ]
        if self.newsroom is not None:  # --- newsroom demo
            lines.append(self.newsroom.describe())
        if self.sent:
            described = ", ".join(f"{count} {state}" for state, count in self.sent.items() if count)
            lines.append(
                f"  Delivery:     the latest edition went to the demo readers through the local "
                f"capture ({described}): {base}/admin/delivery/send/"
            )
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
    summary.subscribers = _ensure_demo_subscribers()
    summary.sent = _send_latest_edition()
    # --- newsroom demo: a day of sample feeds ingested from files, then drafted ---
    from numeriq.demo.newsroom_day import load_newsroom_demo

    summary.newsroom = load_newsroom_demo(Path(settings.VAR_DIR))
    # --- end of the newsroom demo ---
    summary.draft = _ensure_desk_draft()
    return summary


def _ensure_desk_draft() -> dt.date:
    """A draft for the desk to play with: today's edition if none, else the next free day."""
    day = timezone.localdate()
    while True:
        edition = Edition.objects.filter(date=day).first()
        if edition is None:
            text = DESK_DRAFT.read_text(encoding="utf-8").replace("DRAFT-DATE", day.isoformat())
            save_doc(parse_edition(text))
            return day
        if edition.status in (EditionStatus.DRAFT, EditionStatus.SCHEDULED):
            return day
        day += dt.timedelta(days=1)


def _send_latest_edition() -> dict[str, int]:
    """Send the latest edition to the demo readers (once), into the local capture outbox.

    Always the capture transport: demo addresses are invented, whatever NUMERIQ_EMAIL_URL says.
    """
    from numeriq.delivery import ledger
    from numeriq.delivery.scheduling import start_edition
    from numeriq.delivery.transports import CaptureTransport
    from numeriq.delivery.worker import run_until_idle

    latest = Edition.objects.filter(status__in=[EditionStatus.PUBLISHED, EditionStatus.SENT])
    edition = latest.order_by("-date").first()
    if edition is None:
        return {}
    send, _created = start_edition(edition)
    if not ledger.is_complete(send):
        run_until_idle(CaptureTransport(), idle_poll=0.05)
    return ledger.counts(send)


def _ensure_demo_user() -> str:
    """Create the demo editor once (editor on the desk); its password is kept under var/."""
    from numeriq.desk.roles import EDITOR, grant

    credentials = Path(settings.VAR_DIR) / "demo-login.txt"
    users = get_user_model()
    user = users.objects.filter(username=DEMO_USERNAME).first()
    if user is not None:
        grant(user, EDITOR)
    if user is not None and credentials.exists():
        return credentials.read_text().strip()
    password = secrets.token_urlsafe(12)
    if user is None:
        user = users.objects.create_superuser(DEMO_USERNAME, "redaction@numeriq.example", password)
        grant(user, EDITOR)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    credentials.write_text(password + "\n")
    credentials.chmod(0o600)
    return password


FIRST_NAMES = (
    "lea", "hugo", "chloe", "louis", "ines", "jules", "manon", "gabriel", "camille", "arthur",
    "zoe", "nathan", "sarah", "lucas", "emma", "adam", "jade", "raphael", "lina", "tom",
)  # fmt: skip
LAST_NAMES = (
    "martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy",
    "moreau", "simon", "laurent", "lefebvre", "michel", "garcia", "david", "bertrand", "roux",
)  # fmt: skip
DEMO_STATES = (
    ("active", 220), ("pending", 30), ("unsubscribed", 40), ("bounced", 6), ("complained", 4),
)  # fmt: skip


def _ensure_demo_subscribers() -> int:
    """A few hundred invented subscribers in every state, over the last four months, once."""
    import random

    from numeriq.audience.models import (
        ConsentAction,
        ConsentEvent,
        Frequency,
        Source,
        Subscriber,
        SubscriberStatus,
    )
    from numeriq.audience.subscriptions import consent_text

    existing = Subscriber.objects.filter(source=Source.DEMO).count()
    if existing:
        return existing
    rng = random.Random(2026)
    now = timezone.now()
    text = consent_text(settings.CONSENT_TEXT)
    people: list[Subscriber] = []
    for status, count in DEMO_STATES:
        for _ in range(count):
            n = len(people)
            name = f"{FIRST_NAMES[n % 20]}.{LAST_NAMES[(n * 7) % 18]}{n}"
            created = now - dt.timedelta(days=rng.uniform(0, 120), minutes=rng.uniform(0, 600))
            if status == "pending":
                created = now - dt.timedelta(hours=rng.uniform(1, 100))
            confirmed = created + dt.timedelta(minutes=rng.uniform(1, 90))
            left = confirmed + (now - confirmed) * rng.uniform(0.2, 0.95)
            people.append(
                Subscriber(
                    email=f"{name}@example.org",
                    status=status,
                    source=Source.DEMO,
                    frequency=Frequency.WEEKLY if n % 9 == 0 else Frequency.DAILY,
                    paused_until=(now + dt.timedelta(days=10)).date() if n % 23 == 0 else None,
                    created_at=created,
                    confirmed_at=None if status == SubscriberStatus.PENDING else confirmed,
                    unsubscribed_at=left if status == SubscriberStatus.UNSUBSCRIBED else None,
                )
            )
    Subscriber.objects.bulk_create(people, batch_size=500)
    saved = Subscriber.objects.filter(source=Source.DEMO)
    events = [
        ConsentEvent(
            subscriber=person, action=action, source=Source.FORM, created_at=when,
            text=text if action == ConsentAction.REQUESTED else None,
        )
        for person in saved
        for action, when in (
            (ConsentAction.REQUESTED, person.created_at),
            (ConsentAction.CONFIRMED, person.confirmed_at),
            (ConsentAction.UNSUBSCRIBED, person.unsubscribed_at),
        )
        if when is not None
    ]  # fmt: skip
    ConsentEvent.objects.bulk_create(events, batch_size=1000)
    return len(people)
