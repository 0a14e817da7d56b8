"""Log lines carry time, level and logger; JSON on demand; job chatter off; one traceback."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from numeriq.ops.logs import JsonFormatter, TextFormatter

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR) [\w.]+: ")

# Two jobs through django-tasks-db's runner (the one `numeriq worker` uses), then exit.
SCRIPT = """
import django, logging
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django_tasks_db.management.commands.db_worker import Worker
from tests.ops import jobs
jobs.fine.enqueue()
jobs.explode.enqueue()
logging.getLogger("numeriq.ops").info("jobs queued")
Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
       startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[]).run()
"""


def _run(tmp_path: Path, **env: str) -> str:
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="numeriq.settings",
        NUMERIQ_VAR_DIR=str(tmp_path),
        DATABASE_URL="",
        NUMERIQ_TASKS_BACKEND="database",
        **env,
    )
    for name in ("NUMERIQ_LOG_FORMAT", "NUMERIQ_LOG_JOBS"):
        if name not in env:
            environment.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_text_lines_have_time_level_logger_and_one_traceback(tmp_path: Path) -> None:
    output = _run(tmp_path)
    records = [line for line in output.splitlines() if LINE.match(line)]
    assert any(" INFO numeriq.ops: jobs queued" in line for line in records)
    # The failed job: one ERROR line, one traceback; the successful one says nothing.
    failures = [line for line in records if " ERROR " in line]
    assert len(failures) == 1 and "tests.ops.jobs.explode" in failures[0]
    assert output.count("Traceback (most recent call last)") == 1
    assert "ZeroDivisionError: la division a échoué" in output
    assert "state=SUCCESSFUL" not in output and "state=RUNNING" not in output
    # Every line is a record or part of the traceback that follows its record.
    first = output.splitlines()[0]
    assert LINE.match(first), first


def test_job_lines_on_demand(tmp_path: Path) -> None:
    output = _run(tmp_path, NUMERIQ_LOG_JOBS="true")
    assert "state=RUNNING" in output and "state=SUCCESSFUL" in output
    assert output.count("Traceback (most recent call last)") == 1


def test_json_one_object_per_line(tmp_path: Path) -> None:
    output = _run(tmp_path, NUMERIQ_LOG_FORMAT="json")
    records = [json.loads(line) for line in output.splitlines()]
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    failed = [record for record in records if record["level"] == "ERROR"]
    assert len(failed) == 1
    assert failed[0]["logger"] == "django.tasks"
    assert "ZeroDivisionError" in failed[0]["traceback"]
    assert sum("traceback" in record for record in records) == 1
    assert any(r["message"] == "jobs queued" and r["logger"] == "numeriq.ops" for r in records)


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()])
def test_formatters_write_utc_milliseconds(formatter: logging.Formatter) -> None:
    record = logging.LogRecord("numeriq.x", logging.WARNING, __file__, 1, "a %s", ("b",), None)
    record.created = 1_796_108_400.5  # 2026-12-01 07:00:00.5 UTC
    line = formatter.format(record)
    assert "2026-12-01T07:00:00.500Z" in line
    assert "a b" in line and "numeriq.x" in line and "WARNING" in line
