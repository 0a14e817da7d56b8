#!/usr/bin/env bash
# Create ./.venv with a Python >= 3.12 and install numeriq into it (idempotent).
# Looks on PATH first, then in pyenv's versions; says clearly when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${NUMERIQ_VENV:-.venv}

is_suitable() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in python3.14 python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 && is_suitable "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    local root=${PYENV_ROOT:-$HOME/.pyenv}
    for candidate in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
        if is_suitable "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x "$VENV/bin/python" ] || ! is_suitable "$VENV/bin/python"; then
    if ! PYTHON=$(find_python); then
        echo "numeriq needs Python 3.12 or newer: none found on PATH nor in pyenv (~/.pyenv/versions)." >&2
        echo "Install one (e.g. 'pyenv install 3.12') and run this again." >&2
        exit 1
    fi
    echo "Creating $VENV with $PYTHON ($("$PYTHON" --version))"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

# The extras the configuration needs (the environment first, then the var dir's .env), and
# dev (tests, lint) unless NUMERIQ_BOOTSTRAP_DEV=0, as on a production host.
configured() {
    local name=$1 file=${NUMERIQ_VAR_DIR:-var}/.env
    if [ -n "${!name:-}" ]; then
        echo "${!name}"
    elif [ -f "$file" ]; then
        sed -nE "s/^(export[[:space:]]+)?$name[[:space:]]*=[[:space:]]*[\"']?([^\"']*).*/\2/p" "$file" | tail -n 1
    fi
}
extras=()
[ "${NUMERIQ_BOOTSTRAP_DEV:-1}" = 0 ] || extras+=(dev)
case "$(configured DATABASE_URL)" in postgres*) extras+=(postgres) ;; esac
case "$(configured NUMERIQ_EMAIL_URL)" in ses:*) extras+=(ses) ;; esac
case "$(configured NUMERIQ_CACHE_URL)" in redis*) extras+=(redis) ;; esac
spec=.
[ ${#extras[@]} -eq 0 ] || spec=".[$(IFS=,; echo "${extras[*]}")]"

# Reinstall only when the dependency list or the extras changed.
stamp="$VENV/.numeriq-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $spec"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing numeriq $spec into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
    echo "$want" > "$stamp"
fi
