"""`numeriq brief` on several processes: the same lines, in the same order, as on one."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from numeriq.cli import main
from numeriq.newsroom.briefing import BATCH_PER_JOB, brief_lines, offline_writer

ROOT = Path(__file__).resolve().parents[2]


def _input() -> list[str]:
    """The project's articles repeated past one batch of two processes, with bad lines."""
    articles = [
        json.loads(line)
        for path in sorted((ROOT / "bench" / "data").glob("briefs_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines = []
    for n in range(2 * BATCH_PER_JOB + 20):
        article = articles[n % len(articles)]
        lines.append(json.dumps({"id": n, "title": article["title"], "text": article["text"]}))
        if n % 50 == 7:
            lines += ["{not json", "[1, 2]", "", json.dumps({"id": f"x{n}", "title": "Sans texte"})]
    return lines


def test_several_processes_give_the_one_process_output_in_order() -> None:
    lines = _input()
    writer = offline_writer()
    alone = list(brief_lines(lines, writer, jobs=1))
    shared = list(brief_lines(lines, writer, jobs=2))
    assert shared == alone
    assert len(alone) == sum(1 for line in lines if line.strip())
    ids = [json.loads(line)["id"] for line in alone]
    assert [i for i in ids if isinstance(i, int)] == list(range(2 * BATCH_PER_JOB + 20))
    errors = [json.loads(line)["error"] for line in alone if "error" in json.loads(line)]
    assert any("invalid JSON" in e for e in errors) and any(
        "not a JSON object" in e for e in errors
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_takes_jobs(
    jobs: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _input()[:40]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["brief", "--jobs", jobs]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == list(brief_lines(lines, offline_writer(), jobs=1))
