#!/usr/bin/env bash
# The README's test command (via `make test`): lint, types, then the whole suite on SQLite,
# then again on PostgreSQL. In CI (CI=true) a missing PostgreSQL or Chromium is an error;
# elsewhere the PostgreSQL run is skipped with a message when no server answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
BIN=.venv/bin

echo "== ruff format / ruff check"
$BIN/ruff format --check .
$BIN/ruff check .
$BIN/python scripts/dead_names.py
echo "== mypy (pure modules)"
$BIN/mypy

NUMERIQ_VAR_DIR=$(mktemp -d)
export NUMERIQ_VAR_DIR
trap 'rm -rf "$NUMERIQ_VAR_DIR"' EXIT

# The SQLite pass runs at another date when Debian's faketime is there (CI installs it): the
# suite must not depend on the day it runs (NUMERIQ_TEST_SHIFTED_DATE=none runs it today).
SHIFTED=${NUMERIQ_TEST_SHIFTED_DATE:-2031-02-01 08:30:00}
if [ "$SHIFTED" != "none" ] && command -v faketime >/dev/null 2>&1; then
    echo "== pytest on SQLite, the clock shifted to $SHIFTED (faketime)"
    faketime "$SHIFTED" $BIN/pytest -q -p no:cacheprovider
else
    echo "== pytest on SQLite"
    $BIN/pytest -q -p no:cacheprovider
fi

PG_URL=${NUMERIQ_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if $BIN/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
    # The browser tests (-m browser: layout, axe-core, the editor's evening) check what pages
    # look like, whatever the database: they run in the SQLite pass only (2.5 minutes saved).
    echo "== pytest on PostgreSQL (browser tests: in the SQLite pass)"
    DATABASE_URL="$PG_URL" $BIN/pytest -q -p no:cacheprovider -m "not browser"
elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL does not answer at $PG_URL: CI needs it" >&2
    exit 1
else
    echo "== PostgreSQL not reachable at $PG_URL: its run is skipped (CI runs it)"
fi
