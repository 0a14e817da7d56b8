"""The throwaway database a benchmark runs on (shared by bench/*.py).

A SQLite file in the benchmark's temp folder (WAL, as numeriq runs it), or with a
postgres://… URL a database of the benchmark's own name created on that server, migrated,
and dropped at the end; no other database is touched.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def setup(var_dir: str, database_url: str | None, name: str) -> str:
    """Point numeriq at a fresh database, set Django up, migrate; return its description."""
    os.environ["NUMERIQ_VAR_DIR"] = var_dir
    if database_url:
        import psycopg

        parts = urlsplit(database_url)
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        described = f"PostgreSQL, throwaway database {name} on {parts.hostname}:{parts.port}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
        described = f"SQLite {var_dir}/bench.sqlite3 (WAL, synchronous=NORMAL)"
    os.environ["DJANGO_SETTINGS_MODULE"] = "numeriq.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return described


def drop(database_url: str, name: str) -> None:
    """Drop the benchmark's database once Django's connections are closed."""
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
