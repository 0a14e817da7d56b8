"""`numeriq backup` and `numeriq restore`: a consistent copy of the database while it runs.

SQLite: the online backup API copies a consistent snapshot (one read transaction, so the
web and the workers keep writing meanwhile) into a temporary file, renamed when complete.
PostgreSQL: pg_dump (custom format) with the connection in the environment, not on the
command line; without pg_dump, the exact command to run. A manifest beside the copy notes
what the database does not hold: the secret key and the DKIM key, to keep with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from numeriq import __version__
from numeriq.ops.errors import BackupError

# Counted into the manifest, and compared by restore's summary.
COUNTED_TABLES = (
    "audience_subscriber",
    "editions_edition",
    "delivery_send",
    "delivery_delivery",
)


@dataclass(frozen=True)
class Outcome:
    """What backup or restore did: the file, the counts, and lines for the operator."""

    path: Path
    counts: dict[str, int]
    notes: list[str]


def _database() -> dict[str, Any]:
    config: dict[str, Any] = settings.DATABASES["default"]
    return config


def is_sqlite() -> bool:
    """Whether the configured database is the SQLite file."""
    return str(_database()["ENGINE"]).endswith("sqlite3")


def key_notes() -> list[str]:
    """Where the secrets live that a restore needs besides the database."""
    secret = Path(settings.VAR_DIR) / "secret_key"
    notes = [
        "secret key: the NUMERIQ_SECRET_KEY environment variable (keep it with the backup)"
        if os.environ.get("NUMERIQ_SECRET_KEY")
        else f"secret key: {secret} (copy it with the backup: signed links need it)"
    ]
    if settings.DKIM_KEY_FILE:
        notes.append(f"DKIM key: {settings.DKIM_KEY_FILE} (copy it with the backup)")
    elif os.environ.get("NUMERIQ_DKIM_PRIVATE_KEY"):
        notes.append("DKIM key: the NUMERIQ_DKIM_PRIVATE_KEY environment variable")
    return notes


def sqlite_counts(path: Path) -> dict[str, int]:
    """Rows of the counted tables in a SQLite file (read-only)."""
    with _connect_readonly(path) as db:
        return {
            table: int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
            for table in COUNTED_TABLES
        }


def _connect_readonly(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def _connect(path: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(path))


def default_path(now: dt.datetime | None = None) -> Path:
    """var/backups/numeriq-YYYYMMDD-HHMMSS.sqlite3 (or .pgdump)."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if is_sqlite() else "pgdump"
    return Path(settings.VAR_DIR) / "backups" / f"numeriq-{stamp}.{suffix}"


def backup(target: Path | None = None, *, now: dt.datetime | None = None) -> Outcome:
    """Write a consistent copy of the database to `target`, and its manifest beside it."""
    now = now or timezone.now()
    target = (target or default_path(now)).resolve()
    if target.exists():
        raise BackupError(f"{target} exists already: choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite():
        _backup_sqlite(Path(_database()["NAME"]), target)
        counts = sqlite_counts(target)
    else:
        _pg_dump(target)
        counts = {}
    notes = key_notes()
    manifest = {
        "numeriq": __version__,
        "created_at": now.isoformat(),
        "database": "sqlite" if is_sqlite() else "postgresql",
        "file": target.name,
        "counts": counts,
        "keep_with_it": notes,
    }
    _manifest_path(target).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Outcome(target, counts, notes)


def _manifest_path(target: Path) -> Path:
    return target.with_name(target.name + ".manifest.json")


def _backup_sqlite(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"no database at {source}: nothing to back up")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _private_file(partial)
    try:
        # The live file is opened read-write (a WAL reader may need to create its -shm).
        with _connect(source) as src, _connect(partial) as dst:
            src.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the copy does not pass SQLite's check: {check}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _pg_environment() -> dict[str, str]:
    config = _database()
    environment = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if config.get(key):
            environment[name] = str(config[key])
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    environment["PGDATABASE"] = str(config["NAME"])
    return environment


def _pg_command_text(tool: str, *args: str) -> str:
    config = _database()
    connection = " ".join(
        f"--{flag}={config[key]}"
        for key, flag in (("HOST", "host"), ("PORT", "port"), ("USER", "username"))
        if config.get(key)
    )
    return f"{tool} {connection} {' '.join(args)} (password: PGPASSWORD or ~/.pgpass)"


def _private_file(path: Path) -> None:
    """Create an empty file only its owner may read: a backup holds every subscriber."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _pg_dump(target: Path) -> None:
    name = str(_database()["NAME"])
    args = ["--format=custom", "--no-owner", f"--file={target}", name]
    program = shutil.which("pg_dump")
    if program is None:
        raise BackupError(
            "pg_dump is not installed (apt-get install postgresql-client); run: "
            + _pg_command_text("pg_dump", *args)
        )
    _private_file(target)
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from our settings
        [program, *args], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


# --- restore -----------------------------------------------------------------------------


def restore(source: Path, *, force: bool = False) -> Outcome:
    """Put a backup in place of the configured database (a live one only with force)."""
    source = source.resolve()
    if not source.is_file():
        raise BackupError(f"cannot read {source}: no such file")
    if is_sqlite():
        target = Path(_database()["NAME"])
        _restore_sqlite(source, target, force=force)
        counts = sqlite_counts(target)
    else:
        _pg_restore(source, force=force)
        counts = {}
    notes = []
    manifest = _manifest_path(source)
    if manifest.exists():
        notes = list(json.loads(manifest.read_text(encoding="utf-8")).get("keep_with_it", []))
    return Outcome(source, counts, notes)


def _has_data_sqlite(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with _connect_readonly(path) as db:
        tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(tables[0])


def _restore_sqlite(source: Path, target: Path, *, force: bool) -> None:
    try:
        with _connect_readonly(source) as src:
            check = src.execute("PRAGMA quick_check").fetchone()[0]
            migrated = src.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'django_migrations'"
            ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a numeriq SQLite backup ({error})") from None
    if check != "ok" or not migrated:
        raise BackupError(f"{source} is not a numeriq SQLite backup")
    if _has_data_sqlite(target) and not force:
        raise BackupError(
            f"{target} holds a database already: stop the web server and the workers, back "
            "it up, then run `numeriq restore FILE --force` to replace it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Through SQLite itself (not a file copy): the target's WAL and readers stay coherent.
    with _connect_readonly(source) as src, _connect(target) as dst:
        dst.execute("PRAGMA busy_timeout = 10000")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = WAL")


def _pg_has_data() -> bool:
    from django.db import connection

    return "django_migrations" in connection.introspection.table_names()


def _pg_restore(source: Path, *, force: bool) -> None:
    if _pg_has_data() and not force:
        raise BackupError(
            f"the database {_database()['NAME']} holds tables already: stop the web server and "
            "the workers, then run `numeriq restore FILE --force` to replace it"
        )
    args = ["--clean", "--if-exists", "--no-owner", f"--dbname={_database()['NAME']}", str(source)]
    program = shutil.which("pg_restore")
    if program is None:
        raise BackupError(
            "pg_restore is not installed (apt-get install postgresql-client); run: "
            + _pg_command_text("pg_restore", *args)
        )
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from our settings
        [program, *args], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
