"""Settings that fail well: one line naming the variable, from every verb; .env; extras."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from numeriq import config
from numeriq.config import Rate, SettingError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _documented_as_it_was() -> Iterator[None]:
    """setting() records what it declares: the test's own declarations are forgotten after."""
    before = list(config.DOCUMENTED)
    yield
    config.DOCUMENTED[:] = before


def _numeriq(tmp_path: Path, *args: str, prelude: str = "", **env: str):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NUMERIQ_") and key != "DATABASE_URL"
    }
    environment.update(NUMERIQ_VAR_DIR=str(tmp_path), **env)
    code = f"{prelude}import sys; from numeriq.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expects", "verb"),
    [
        ("NUMERIQ_DELIVERY_BATCH", "abc", "a whole number", ["worker"]),
        ("NUMERIQ_EMAIL_URL", "foo://", "capture://", ["edition", "list"]),
        ("NUMERIQ_SEND_TIME", "7h30", "HH:MM", ["run", "--port", "0"]),
        ("NUMERIQ_DRAFT_CUTOFF", "25:00", "HH:MM", ["migrate"]),
        ("NUMERIQ_DESK_LOGIN_RATE", "10/fortnight", "N/hour", ["backup"]),
        ("NUMERIQ_NEWSROOM_AUTO", "peut-être", "true or false", ["delivery", "status"]),
        ("NUMERIQ_LOG_FORMAT", "xml", "text, json", ["settings"]),
        ("NUMERIQ_CTA_POSITIONS", "milieu,fin", "any of top, middle, end", ["settings"]),
        ("DATABASE_URL", "mysqlx://base", "postgres://", ["ingest"]),
    ],
)
def test_a_bad_value_is_one_line_from_every_verb(
    tmp_path: Path, variable: str, value: str, expects: str, verb: list[str]
) -> None:
    done = _numeriq(tmp_path, *verb, **{variable: value})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"numeriq: error: {variable}=")
    assert expects in lines[0]
    assert "Traceback" not in done.stderr


def test_a_password_in_a_bad_url_is_not_printed(tmp_path: Path) -> None:
    done = _numeriq(tmp_path, "settings", NUMERIQ_EMAIL_URL="smtp://moi:secret@relais:port")
    assert done.returncode == 2
    assert "secret" not in done.stderr and "moi:***@relais" in done.stderr


def test_the_web_server_started_by_gunicorn_says_it_in_one_line(tmp_path: Path) -> None:
    environment = dict(os.environ, NUMERIQ_VAR_DIR=str(tmp_path), NUMERIQ_DELIVERY_BATCH="abc")
    done = subprocess.run(
        [sys.executable, "-c", "import numeriq.wsgi"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 3  # gunicorn: the worker failed to boot, it stops
    assert done.stderr.strip() == (
        "numeriq: error: NUMERIQ_DELIVERY_BATCH='abc': expected a whole number, 0 or more "
        "(e.g. 500)"
    )


def test_the_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# réglages\nexport NUMERIQ_DELIVERY_BATCH=abc\nNUMERIQ_BRAND='Mon journal'\n",
        encoding="utf-8",
    )
    done = _numeriq(tmp_path, "edition", "list")
    assert done.returncode == 2
    assert "NUMERIQ_DELIVERY_BATCH='abc'" in done.stderr
    done = _numeriq(tmp_path, "migrate", NUMERIQ_DELIVERY_BATCH="50")
    assert done.returncode == 0, done.stderr
    code = "import django; django.setup(); from django.conf import settings as s; "
    shown = subprocess.run(
        [sys.executable, "-c", code + "print(s.DELIVERY_BATCH, s.BRAND)"],
        env=dict(
            {k: v for k, v in os.environ.items() if not k.startswith("NUMERIQ_")},
            DJANGO_SETTINGS_MODULE="numeriq.settings",
            NUMERIQ_VAR_DIR=str(tmp_path),
            NUMERIQ_DELIVERY_BATCH="50",
        ),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert shown.stdout.strip() == "50 Mon journal", shown.stderr


def test_a_bad_env_file_line_is_named(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NUMERIQ_BRAND=Journal\nceci n'est pas un réglage\n")
    done = _numeriq(tmp_path, "edition", "list")
    assert done.returncode == 2
    assert (
        done.stderr.strip() == f"numeriq: error: {tmp_path / '.env'}, line 2: expected NAME=value"
    )


LEAN = "import sys\nfor m in ('psycopg', 'psycopg2', 'redis', 'boto3'): sys.modules[m] = None\n"


def test_numeriq_works_without_the_optional_drivers(tmp_path: Path) -> None:
    """Without psycopg, redis and boto3 (the extras): SQLite, capture, locmem work."""
    assert _numeriq(tmp_path, "migrate", prelude=LEAN).returncode == 0
    done = _numeriq(tmp_path, "edition", "list", prelude=LEAN)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("variable", "value", "extra"),
    [
        ("DATABASE_URL", "postgres://numeriq@127.0.0.1:5432/numeriq", "postgres"),
        ("NUMERIQ_EMAIL_URL", "ses://?region=eu-west-1", "ses"),
        ("NUMERIQ_CACHE_URL", "redis://127.0.0.1:6379/0", "redis"),
    ],
)
def test_a_missing_driver_is_one_line(tmp_path: Path, variable: str, value: str, extra: str):
    done = _numeriq(tmp_path, "edition", "list", prelude=LEAN, **{variable: value})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(f"pip install 'numeriq[{extra}]'"), lines


# --- the parsers, as values --------------------------------------------------------------


def test_values_are_parsed_where_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMERIQ_X_TIME", "6:45")
    monkeypatch.setenv("NUMERIQ_X_RATE", "5/minutes")
    monkeypatch.setenv("NUMERIQ_X_URL", "smtp://moi:mot%40passe@relais.example")
    monkeypatch.setenv("NUMERIQ_X_FLAG", "off")
    assert config.setting("NUMERIQ_X_TIME", "07:00", "h", config.TIME) == dt.time(6, 45)
    assert config.setting("NUMERIQ_X_RATE", "1/hour", "h", config.RATE) == Rate(5, 60)
    url = config.setting("NUMERIQ_X_URL", "capture://", "h", config.EMAIL_URL_PARSER)
    assert (url.host, url.port, url.username, url.password) == (
        "relais.example",
        587,
        "moi",
        "mot@passe",
    )
    assert config.setting("NUMERIQ_X_FLAG", True, "h") is False
    monkeypatch.setenv("NUMERIQ_X_PLACES", " Top, end,top ")
    places = config.choices("top", "middle", "end")
    assert config.setting("NUMERIQ_X_PLACES", ("end",), "h", places) == ("top", "end")
    monkeypatch.setenv("NUMERIQ_X_PLACES", "")
    assert config.setting("NUMERIQ_X_PLACES", ("end",), "h", places) == ()
    # Defaults go through the same parser.
    assert config.setting("NUMERIQ_X_UNSET", "07:00", "h", config.TIME) == dt.time(7, 0)
    assert str(config.setting("NUMERIQ_X_UNSET", "20/hour", "h", config.RATE)) == "20/hour"


@pytest.mark.parametrize(
    ("parser", "raw"),
    [
        (config.TIME, "7"),
        (config.TIME, "07:60"),
        (config.TIME, "07:00:00"),
        (config.RATE, "dix/hour"),
        (config.RATE, "10"),
        (config.INTEGER, "-1"),
        (config.INTEGER, "1.5"),
        (config.EMAIL_URL_PARSER, "smtp://"),
        (config.EMAIL_URL_PARSER, "smtp://relais:abc"),
        (config.BOOLEAN, "peut-être"),
    ],
)
def test_bad_values_raise_setting_error(
    monkeypatch: pytest.MonkeyPatch, parser: config.Parser, raw: str
) -> None:
    monkeypatch.setenv("NUMERIQ_X", raw)
    with pytest.raises(SettingError, match=r"^NUMERIQ_X="):
        config.setting("NUMERIQ_X", "", "h", parser)


def test_env_file_syntax() -> None:
    text = "A=1\n  # comment\nexport B=\"deux mots\"\nC=trois # note\nD=\nE='#pas un commentaire'\n"
    assert config.parse_env_file(text) == {
        "A": "1",
        "B": "deux mots",
        "C": "trois",
        "D": "",
        "E": "#pas un commentaire",
    }


def test_the_settings_hold_parsed_values() -> None:
    """Times, rates and the email URL are values, not text to parse again where used."""
    from django.conf import settings

    from numeriq.config import EmailUrl

    assert isinstance(settings.SEND_TIME, dt.time) and isinstance(settings.DRAFT_CUTOFF, dt.time)
    for rate in (
        settings.SUBSCRIBE_RATE_PER_IP,
        settings.CONFIRMATION_RATE_PER_ADDRESS,
        settings.API_RATE,
        settings.DESK_LOGIN_RATE,
    ):
        assert isinstance(rate, Rate)
    assert isinstance(settings.EMAIL, EmailUrl) and settings.EMAIL.url == settings.EMAIL_URL
