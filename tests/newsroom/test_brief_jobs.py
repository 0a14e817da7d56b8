"""`numeriq brief` on several processes: the same lines, in the same order, as on one."""

from __future__ import annotations

import io
import json
import os
import subprocess
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


def _fresh_process(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Python code run in a new interpreter (no Django set up yet), its output captured."""
    environment = {**os.environ, **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=120
    )


def test_brief_starts_without_the_app_registry() -> None:
    # Importing every app's models was most of `numeriq brief`'s start-up (0.7 s of 0.9 on
    # a 2-core machine) for a verb that reads no table and renders no template.
    article = json.dumps({"id": 1, "text": "La start-up Pixalia lève 25 millions d'euros."})
    done = _fresh_process(
        "import io, sys\n"
        "from numeriq.cli import main\n"
        f"sys.stdin = io.StringIO({article!r} + '\\n')\n"
        "code = main(['brief', '--jobs', '1'])\n"
        "from django.apps import apps\n"
        "print('code', code, 'apps ready', apps.ready)\n"
    )
    assert done.returncode == 0, done.stderr
    first, last = done.stdout.splitlines()[0], done.stdout.splitlines()[-1]
    assert json.loads(first)["brief"].startswith("La start-up Pixalia")
    assert last == "code 0 apps ready False"


def test_brief_still_says_what_is_wrong_without_the_app_registry() -> None:
    bad_setting = _fresh_process(
        "from numeriq.cli import main; raise SystemExit(main(['brief']))",
        NUMERIQ_DELIVERY_BATCH="abc",
    )
    assert bad_setting.returncode == 2
    assert "NUMERIQ_DELIVERY_BATCH='abc'" in bad_setting.stderr
    no_url = _fresh_process(
        "from numeriq.cli import main; raise SystemExit(main(['brief', '--writer', 'llm']))",
        NUMERIQ_LLM_URL="",
    )
    assert no_url.returncode == 1
    assert "the LLM writer needs NUMERIQ_LLM_URL" in no_url.stderr


def test_brief_with_the_llm_writer_needs_no_app_registry() -> None:
    from numeriq.testing.llm import FakeLlm

    article = json.dumps({"id": 1, "text": "Telvia confie 30 % de ses appels à un robot."})
    with FakeLlm() as llm:
        llm.reply = json.dumps({"brief": "Telvia confie 30 % de ses appels à un robot."})
        done = _fresh_process(
            "import io, sys\n"
            "from numeriq.cli import main\n"
            f"sys.stdin = io.StringIO({article!r} + '\\n')\n"
            "code = main(['brief', '--writer', 'llm'])\n"
            "from django.apps import apps\n"
            "print('code', code, 'apps ready', apps.ready)\n",
            NUMERIQ_LLM_URL=llm.base_url,
        )
    assert done.returncode == 0, done.stderr
    first, last = done.stdout.splitlines()[0], done.stdout.splitlines()[-1]
    assert json.loads(first)["brief"] == "Telvia confie 30 % de ses appels à un robot."
    assert len(llm.requests) == 1 and last == "code 0 apps ready False"
