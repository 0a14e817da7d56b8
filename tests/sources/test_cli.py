"""`numeriq sources …` and `numeriq ingest` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from numeriq.cli import main
from numeriq.sources.models import Source
from numeriq.testing.feeds import FeedServer, rss

pytestmark = pytest.mark.django_db


def test_add_list_pause_remove(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, settings, monkeypatch
) -> None:
    """The verbs change what they say and print one line each."""
    settings.SOURCES_LOCAL_DIR = tmp_path
    monkeypatch.chdir(tmp_path)
    assert main(["sources", "add", "https://fil.example/rss", "--title", "Le Fil"]) == 0
    assert "1 source(s) added" in capsys.readouterr().out
    assert main(["sources", "add", "https://fil.example/rss"]) == 0
    assert "0 source(s) added, 1 already there" in capsys.readouterr().out
    assert main(["sources", "add", "flux.xml"]) == 0  # a path becomes an absolute file:// URL
    assert Source.objects.filter(url=(tmp_path / "flux.xml").as_uri()).exists()
    assert main(["sources", "pause", "https://fil.example/rss"]) == 0
    assert Source.objects.get(title="Le Fil").paused
    assert main(["sources", "pause", "https://fil.example/rss", "--resume"]) == 0
    assert not Source.objects.get(title="Le Fil").paused
    assert main(["sources", "list"]) == 0
    assert "Le Fil" in capsys.readouterr().out
    assert main(["sources", "remove", str(Source.objects.get(title="Le Fil").pk)]) == 0
    assert not Source.objects.filter(title="Le Fil").exists()
    capsys.readouterr()
    assert main(["sources", "remove", "https://nope.example/"]) == 1
    assert capsys.readouterr().err.strip() == (
        "numeriq: error: no source 'https://nope.example/' (see `numeriq sources list`)"
    )
    assert main(["sources", "add", "ftp://x.example/feed"]) == 1
    capsys.readouterr()
    assert main(["sources", "add", "/etc/passwd"]) == 1  # outside NUMERIQ_SOURCES_LOCAL_DIR
    assert "local feeds must be under" in capsys.readouterr().err
    assert not Source.objects.filter(url="file:///etc/passwd").exists()


def test_defaults_and_opml_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--defaults adds the 15 French feeds; export then import into an empty list restores them."""
    assert main(["sources", "add", "--defaults"]) == 0
    assert Source.objects.count() == 15
    assert Source.objects.filter(title="Journal du Net").exists()
    out = tmp_path / "sources.opml"
    assert main(["sources", "export", "-o", str(out)]) == 0
    Source.objects.all().delete()
    assert main(["sources", "import", str(out)]) == 0
    assert "15 source(s) added" in capsys.readouterr().out
    assert set(Source.objects.values_list("title", flat=True)) >= {"BFM Tech&Co", "L'ADN"}
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body>", encoding="utf-8")
    assert main(["sources", "import", str(bad)]) == 1
    assert "not valid OPML" in capsys.readouterr().err


def test_ingest_verb_reports_failures_without_traceback(
    capsys: pytest.CaptureFixture[str], settings
) -> None:
    """One good and one broken source: exit 0, the broken one named with its reason."""
    settings.SOURCES_HOST_DELAY_MS = 0
    settings.SOURCES_MAX_PAGES = 0
    settings.FETCH_ALLOW_PRIVATE = ("127.0.0.0/8",)  # the feed server is on the loopback
    with FeedServer() as server:
        good = server.add("/ok.xml", rss("ok", [{"title": "Un", "link": "https://x.example/1"}]))
        Source.objects.create(url=good, title="ok")
        Source.objects.create(url=server.url("/broken/404"), title="absent")
        assert main(["ingest"]) == 0
    captured = capsys.readouterr()
    assert "2 source(s) read, 1 failed; 1 new item(s)" in captured.out
    assert "absent: error: HTTP 404 Not Found" in captured.err
    assert "Traceback" not in captured.err
