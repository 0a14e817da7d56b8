"""Running numeriq: database migrations and the production web server (gunicorn)."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command


def migrate(*, verbose: bool = False) -> None:
    """Apply the database migrations (idempotent)."""
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def start_worker_process() -> subprocess.Popen[bytes]:
    """Start `numeriq worker` beside the web server; it stops when this process exits."""
    process = subprocess.Popen([sys.executable, "-m", "numeriq.cli", "worker"])
    owner = os.getpid()  # gunicorn workers are forks: they inherit this hook, must not run it

    def stop() -> None:
        if os.getpid() == owner and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    atexit.register(stop)
    return process


def serve(host: str, port: int, *, workers: int = 2, threads: int = 4) -> None:
    """Serve the WSGI application with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from numeriq.ops.logs import gunicorn_config
    from numeriq.wsgi import application

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                # Threads keep client connections alive; sync workers close each one.
                "worker_class": "gthread",
                "threads": threads,
                "keepalive": 5,
                "accesslog": "-",
                "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
                "logconfig_dict": gunicorn_config(settings.LOGGING),  # time, level, logger
                "graceful_timeout": 10,
                # One control socket per server, beside its data (not one per user).
                "control_socket": str(Path(settings.VAR_DIR) / f"gunicorn-{port}.ctl"),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _Server().run()
