"""Log lines with time, level and logger: as text for people, as JSON for log shippers.

`logging_config()` builds Django's LOGGING (and gunicorn's) from NUMERIQ_LOG_FORMAT,
NUMERIQ_LOG_LEVEL and NUMERIQ_LOG_JOBS; it imports nothing from Django so settings.py
can call it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")
# django-tasks-db's worker logs « Task id=… state=RUNNING/SUCCESSFUL » for every job (the
# scheduler's tick alone runs every 30 s); kept at WARNING unless NUMERIQ_LOG_JOBS is on.
JOB_LOGGERS = ("django_tasks_db", "django_tasks", "django.tasks")


class TextFormatter(logging.Formatter):
    """time (UTC, ISO 8601 with milliseconds) level logger: message."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """The record's time as 2026-12-01T07:00:00.123Z."""
        return _iso(record.created)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        data: dict[str, Any] = {
            "time": _iso(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            data["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            data["traceback"] = record.exc_text
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def _iso(created: float) -> str:
    moment = dt.datetime.fromtimestamp(created, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def logging_config(log_format: str, level: str, jobs: bool) -> dict[str, Any]:
    """Django's LOGGING dict: one console handler, our formatter, numeriq at `level`."""
    formatter = (
        "numeriq.ops.logs.JsonFormatter"
        if log_format == "json"
        else ("numeriq.ops.logs.TextFormatter")
    )
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"numeriq": {"()": formatter}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "numeriq"},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "numeriq": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
    for name in JOB_LOGGERS:
        config["loggers"][name] = {
            "handlers": ["console"],
            "level": "DEBUG" if jobs else "WARNING",
            "propagate": False,
        }
    return config


def gunicorn_config(django_config: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's logconfig_dict: Django's config plus its error and access logs, alike."""
    config = copy.deepcopy(django_config)
    for name in ("gunicorn.error", "gunicorn.access"):
        config["loggers"][name] = {"handlers": ["console"], "level": "INFO", "propagate": False}
    return config
