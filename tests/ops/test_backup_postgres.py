"""PostgreSQL: `numeriq backup` calls pg_dump, `numeriq restore` pg_restore (PostgreSQL pass).

Two scratch databases named after the test database, dropped at the end.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import DEMO_FILES
from tests.ops.test_backup import numeriq as _numeriq

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql"),
        reason="pg_dump needs PostgreSQL (the PostgreSQL pass runs this)",
    ),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


@pytest.fixture
def scratch() -> Iterator[tuple[str, str]]:
    """Two empty databases' URLs: the source and the restore's target."""
    import psycopg

    info = connection.settings_dict
    user = info["USER"] or "postgres"
    server = f"postgres://{user}@{info['HOST'] or '127.0.0.1'}:{info['PORT'] or 5432}"
    names = [f"{info['NAME']}_backup_src", f"{info['NAME']}_backup_dst"]
    with psycopg.connect(f"{server}/{info['NAME']}", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{names[0]}", f"{server}/{names[1]}"
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(tmp_path: Path, url: str, *args: str, check: bool = True):
    return _numeriq(tmp_path, *args, check=check, database_url=url)


def _editions(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as db:
        return int(db.execute("SELECT COUNT(*) FROM editions_edition").fetchone()[0])


def test_pg_dump_then_pg_restore(scratch: tuple[str, str], tmp_path: Path) -> None:
    source, target = scratch
    _run(tmp_path, source, "migrate")
    _run(tmp_path, source, "edition", "import", str(DEMO_FILES[-1]))
    dump = tmp_path / "numeriq.pgdump"
    done = _run(tmp_path, source, "backup", str(dump))
    assert f"backup written to {dump}" in done.stdout
    assert dump.stat().st_size > 0 and dump.stat().st_mode & 0o077 == 0
    _run(tmp_path, target, "restore", str(dump))
    assert _editions(target) == 1
    refused = _run(tmp_path, target, "restore", str(dump), check=False)
    assert refused.returncode == 1 and "--force" in refused.stderr
    _run(tmp_path, target, "restore", str(dump), "--force")
    assert _editions(target) == 1
