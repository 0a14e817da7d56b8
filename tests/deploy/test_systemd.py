"""`numeriq deploy systemd` writes hardened units with this installation's paths (13.3)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from numeriq.cli import main


def units(tmp_path: Path, *args: str) -> dict[str, str]:
    """Run the verb into a folder; the files it wrote, by name."""
    assert main(["deploy", "systemd", "-o", str(tmp_path), *args]) == 0
    return {path.name: path.read_text() for path in sorted(tmp_path.glob("*.service"))}


def lines(text: str) -> set[str]:
    """A unit's lines, stripped."""
    return {line.strip() for line in text.splitlines()}


def test_web_and_worker_units_are_hardened(tmp_path: Path, settings) -> None:
    """Own user, read-only system but the var dir, no new privileges, private /tmp, restart."""
    written = units(tmp_path / "units", "--user", "journal", "--port", "8123")
    assert set(written) == {"numeriq-web.service", "numeriq-worker.service"}
    var_dir = Path(settings.VAR_DIR).resolve()
    for text in written.values():
        have = lines(text)
        for wanted in (
            "User=journal",
            "Group=journal",
            "ProtectSystem=strict",
            f"ReadWritePaths={var_dir}",
            "NoNewPrivileges=yes",
            "PrivateTmp=yes",
            "Restart=on-failure",
            f"Environment=NUMERIQ_VAR_DIR={var_dir}",
            "EnvironmentFile=-/etc/numeriq/numeriq.env",
            "KillSignal=SIGTERM",
        ):
            assert wanted in have, wanted
    numeriq = str(Path(sys.executable).with_name("numeriq"))
    web = written["numeriq-web.service"]
    assert web.index(f"ExecStartPre={numeriq} migrate") < web.index("ExecStart=")
    assert f"ExecStartPre={numeriq} site build" in web
    assert (
        f"ExecStart={numeriq} run --no-worker --host 127.0.0.1 --port 8123 --workers 2 --threads 4"
        in lines(web)
    )
    worker = written["numeriq-worker.service"]
    assert f"ExecStart={numeriq} worker" in lines(worker)
    assert "numeriq-web.service" in worker  # after the web service has migrated


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    """systemd itself finds nothing wrong in them."""
    written = units(tmp_path)
    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in written)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "numeriq-" not in done.stderr, done.stderr  # no warning about our units
