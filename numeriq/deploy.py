"""`numeriq deploy systemd`: the web and worker services, with this installation's paths.

Hardened like listmonk's unit: their own user, the whole file system read-only but the var
folder, no privilege escalation, a private /tmp, restarted on failure; the web service
applies the migrations and rewrites the static site before it starts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HARDENING = """\
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome={protect_home}
ReadWritePaths={var_dir}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
CapabilityBoundingSet=
SystemCallArchitectures=native
SystemCallFilter=@system-service
UMask=0027
"""

WEB = """\
[Unit]
Description=numeriq web server (gunicorn: site, desk, back office, API)
Wants=network-online.target
After=network-online.target postgresql.service

[Service]
Type=simple
User={user}
Group={group}
WorkingDirectory={var_dir}
Environment=NUMERIQ_VAR_DIR={var_dir}
EnvironmentFile=-{env_file}
ExecStartPre={numeriq} migrate
ExecStartPre={numeriq} site build
ExecStart={numeriq} run --no-worker {serving}
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5
{hardening}
[Install]
WantedBy=multi-user.target
"""

WORKER = """\
[Unit]
Description=numeriq worker (sends, schedule, background jobs)
Wants=network-online.target
# The web service applies the migrations first.
After=network-online.target postgresql.service numeriq-web.service

[Service]
Type=simple
User={user}
Group={group}
WorkingDirectory={var_dir}
Environment=NUMERIQ_VAR_DIR={var_dir}
EnvironmentFile=-{env_file}
ExecStart={numeriq} worker
# SIGTERM: finish the messages on the wire, give the rest of the batch back, exit.
KillSignal=SIGTERM
TimeoutStopSec=90
Restart=on-failure
RestartSec=5
{hardening}
[Install]
WantedBy=multi-user.target
"""


@dataclass(frozen=True)
class Installation:
    """What the units need to know about this machine's numeriq."""

    numeriq: str
    var_dir: Path
    user: str = "numeriq"
    group: str = "numeriq"
    env_file: str = "/etc/numeriq/numeriq.env"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 4


def this_installation(var_dir: Path, **options: object) -> Installation:
    """The installation this command runs from: its `numeriq` script and var folder."""
    script = Path(sys.executable).with_name("numeriq")
    command = str(script) if script.exists() else f"{sys.executable} -m numeriq.cli"
    return Installation(numeriq=command, var_dir=var_dir.resolve(), **options)  # type: ignore[arg-type]


def units(installation: Installation) -> dict[str, str]:
    """The unit files, by name."""
    # Under /home or /root the program itself must stay readable.
    program = Path(installation.numeriq.split()[0])
    under_home = any(program.is_relative_to(p) for p in (Path("/home"), Path("/root")))
    fields = {
        "user": installation.user,
        "group": installation.group,
        "var_dir": str(installation.var_dir),
        "env_file": installation.env_file,
        "numeriq": installation.numeriq,
        "serving": (
            f"--host {installation.host} --port {installation.port} "
            f"--workers {installation.workers} --threads {installation.threads}"
        ),
    }
    hardening = HARDENING.format(
        protect_home="read-only" if under_home else "yes", var_dir=installation.var_dir
    )
    return {
        "numeriq-web.service": WEB.format(hardening=hardening, **fields),
        "numeriq-worker.service": WORKER.format(hardening=hardening, **fields),
    }


def write_units(installation: Installation, directory: Path) -> list[Path]:
    """Write the unit files into `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in units(installation).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
