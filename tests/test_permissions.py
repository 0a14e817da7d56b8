"""var/ is its owner's only: the folder 0700, the database, its WAL and SHM and the key 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from numeriq import settings as numeriq_settings

SNIPPET = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "numeriq.settings"
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:  # a write: SQLite makes the -wal and -shm files now
    cursor.execute("CREATE TABLE probe (x INTEGER)")
    cursor.execute("INSERT INTO probe VALUES (1)")
var = sys.argv[1]
for name in sorted(os.listdir(var)):
    print(name, oct(os.stat(os.path.join(var, name)).st_mode & 0o777))
print(".", oct(os.stat(var).st_mode & 0o777))
"""


def _modes(var: Path, umask: int = 0o022) -> dict[str, int]:
    """Start numeriq under a permissive umask (as from a login shell) and list var/'s modes."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NUMERIQ_SECRET_KEY")}
    env["NUMERIQ_VAR_DIR"] = str(var)

    def permissive() -> None:
        os.umask(umask)

    out = subprocess.run(
        [sys.executable, "-c", SNIPPET, str(var)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        preexec_fn=permissive,
    ).stdout
    return {name: int(mode, 8) for name, mode in (line.split() for line in out.splitlines())}


def test_a_new_var_folder_is_private(tmp_path: Path) -> None:
    modes = _modes(tmp_path / "var")
    assert modes["."] == 0o700
    for name in ("numeriq.sqlite3", "numeriq.sqlite3-wal", "numeriq.sqlite3-shm", "secret_key"):
        assert modes[name] == 0o600, (name, oct(modes[name]))


def test_files_left_readable_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    for name in ("numeriq.sqlite3", "secret_key"):
        (var / name).write_text("" if name.endswith("3") else "une-vieille-clé")
        (var / name).chmod(0o644)
    modes = _modes(var)
    assert modes["numeriq.sqlite3"] == 0o600
    assert modes["secret_key"] == 0o600
    assert (var / "secret_key").read_text() == "une-vieille-clé"


def test_the_secret_key_is_0600_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written through os.open with its mode: never chmod'ed after the key is in it."""

    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError("chmod after writing: the key was readable meanwhile")

    monkeypatch.setattr(os, "chmod", no_chmod)
    monkeypatch.setattr(Path, "chmod", no_chmod)
    old = os.umask(0o022)
    try:
        key = numeriq_settings._load_or_create_secret(tmp_path / "var")
    finally:
        os.umask(old)
    path = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "var").stat().st_mode) == 0o700
    assert path.read_text() == key and len(key) >= 50
    assert numeriq_settings._load_or_create_secret(tmp_path / "var") == key


def test_the_command_line_sets_a_private_umask(tmp_path: Path) -> None:
    """Files numeriq itself writes (exports of personal data…) are the owner's only."""
    env = {**os.environ, "NUMERIQ_VAR_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    out = tmp_path / "readers.csv"

    def permissive() -> None:
        os.umask(0o022)

    subprocess.run(
        [sys.executable, "-m", "numeriq.cli", "migrate"], env=env, check=True, preexec_fn=permissive
    )
    subprocess.run(
        [sys.executable, "-m", "numeriq.cli", "subscribers", "export", "-o", str(out)],
        env=env,
        check=True,
        preexec_fn=permissive,
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
