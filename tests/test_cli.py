"""The numeriq command: import, export, render, errors as one clear line."""

from __future__ import annotations

import email
import email.policy
import io
import sys
from pathlib import Path

import pytest
import time_machine

from numeriq.cli import main
from numeriq.delivery.models import CapturedMessage, Delivery
from numeriq.editions.models import Edition
from tests.conftest import DEMO_FILES

pytestmark = pytest.mark.django_db

GOOD = "---\ndate: 2026-05-04\n---\n\nÉdito.\n\n## Titre\nTexte !\n"


def test_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Markdown file goes in and comes back out."""
    source = tmp_path / "edition.md"
    source.write_text(GOOD, encoding="utf-8")
    assert main(["edition", "import", str(source)]) == 0
    assert "imported 2026-05-04" in capsys.readouterr().out
    assert main(["edition", "export", "2026-05-04"]) == 0
    assert capsys.readouterr().out.split() == GOOD.split()


def test_import_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' reads the edition from standard input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD))
    assert main(["edition", "import", "-", "--publish"]) == 0
    assert Edition.objects.get().status == "published"


def test_error_is_one_line_with_the_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad file: exit 1, one line naming the line, nothing saved."""
    source = tmp_path / "bad.md"
    source.write_text(
        "---\ndate: 2026-05-04\n---\n\n## Intro\nx\n\n## Qui a dit ça ?\n> « Hum. »\n",
        encoding="utf-8",
    )
    assert main(["edition", "import", str(source)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("numeriq: error: line 8: a quote item needs a reveal after the blockquote")
    assert not Edition.objects.exists()


def test_existing_date_asks_for_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Re-importing a date fails without --replace and works with it."""
    source = tmp_path / "edition.md"
    source.write_text(GOOD, encoding="utf-8")
    assert main(["edition", "import", str(source)]) == 0
    assert main(["edition", "import", str(source)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["edition", "import", str(source), "--replace"]) == 0


def test_missing_file_and_unknown_date(capsys: pytest.CaptureFixture[str]) -> None:
    """User errors never print a traceback."""
    assert main(["edition", "import", "/nonexistent.md"]) == 1
    assert main(["edition", "export", "2020-01-01"]) == 1
    err = capsys.readouterr().err
    assert "cannot read /nonexistent.md" in err and "no edition for 2020-01-01" in err
    assert "Traceback" not in err


def test_bad_date_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An argument that is not a date is a usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["edition", "export", "hier"])
    assert caught.value.code == 2
    assert "'hier' is not a date" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["web", "html", "txt", "eml"])
def test_render_every_format(fmt: str, tmp_path: Path) -> None:
    """render writes each format to -o."""
    assert main(["edition", "import", str(DEMO_FILES[-1]), "--publish"]) == 0
    out = tmp_path / f"edition.{fmt}"
    assert main(["edition", "render", "2026-11-27", "--format", fmt, "-o", str(out)]) == 0
    data = out.read_bytes()
    if fmt == "eml":
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
    elif fmt == "txt":
        assert "27 novembre 2026" in data.decode()
    else:
        assert b'lang="fr"' in data and b"</html>" in data


def test_status_verbs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """schedule, publish and unpublish move the edition."""
    source = tmp_path / "edition.md"
    source.write_text(GOOD, encoding="utf-8")
    main(["edition", "import", str(source)])
    assert main(["edition", "schedule", "2026-05-04", "--at", "07:00"]) == 0
    assert Edition.objects.get().status == "scheduled"
    assert main(["edition", "publish", "2026-05-04"]) == 0
    assert main(["edition", "publish", "2026-05-04"]) == 1
    assert "cannot become" in capsys.readouterr().err
    assert main(["edition", "unpublish", "2026-05-04"]) == 0
    assert Edition.objects.get().status == "draft"


@pytest.mark.django_db(transaction=True)  # the demo's send runs a worker on its own thread
@pytest.mark.parametrize(
    ("now", "desk_day", "extra"),
    [
        # Any day after the demo feeds' day: the desk gets a draft of its own for that day.
        ("2027-03-15 09:00 +01:00", "2027-03-15", 2),
        # On the demo feeds' day itself the desk reuses the newsroom's draft.
        ("2026-11-28 09:00 +01:00", "2026-11-28", 1),
    ],
)
def test_demo_twice_is_idempotent(
    capsys: pytest.CaptureFixture[str], now: str, desk_day: str, extra: int
) -> None:
    """The demo loads its editions once and prints the same login on every run."""
    with time_machine.travel(now, tick=True):
        assert main(["demo", "--no-serve"]) == 0
        first = capsys.readouterr().out
        assert main(["demo", "--no-serve"]) == 0
        second = capsys.readouterr().out
    # The demo editions, the newsroom's draft of the demo feeds' day (never replaced) and
    # the desk's draft of the day the demo runs (the newsroom's when they are the same day).
    assert Edition.objects.count() == len(DEMO_FILES) + extra
    assert Edition.objects.get(date="2026-11-28").status == "draft"
    assert Edition.objects.get(date=desk_day).status == "draft"
    assert f"/redaction/edition/{desk_day}/" in first
    assert "edition of 2026-11-28 drafted" in first and "its edition already exists" in second
    assert "6 edition(s) loaded" in first and "6 already there" in second
    assert "Desk:         http://" in first and "/redaction/" in first
    login = [line for line in first.splitlines() if "login:" in line]
    assert login and login == [line for line in second.splitlines() if "login:" in line]
    # The latest edition went once to the demo readers, into the local outbox.
    assert "Delivery:" in first and "Delivery:" in second
    sent = Delivery.objects.filter(state="sent").count()
    assert CapturedMessage.objects.count() == sent > 100


def test_a_database_never_migrated_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE delivery_delivery")
        cursor.execute("DROP TABLE delivery_send")
    assert main(["delivery", "status"]) == 1
    assert "run `numeriq migrate`" in capsys.readouterr().err
