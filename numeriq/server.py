"""Running numeriq: database migrations and the production web server (gunicorn)."""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from numeriq.supervisor import Supervisor


def migrate(*, verbose: bool = False) -> None:
    """Apply the database migrations (idempotent)."""
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def start_worker_process(command: list[str] | None = None) -> Supervisor:
    """Start `numeriq worker`, restarted with backoff when it exits, stopped when we exit."""
    supervisor = Supervisor(command or [sys.executable, "-m", "numeriq.cli", "worker"]).start()
    owner = os.getpid()  # gunicorn workers are forks: they inherit this hook, must not run it

    def stop() -> None:
        if os.getpid() == owner:
            supervisor.stop()

    atexit.register(stop)
    return supervisor


def serve(host: str, port: int, *, workers: int = 2, threads: int = 8) -> None:
    """Serve the WSGI application with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from numeriq.ops.logs import gunicorn_config
    from numeriq.proxies import gunicorn_allow_ips
    from numeriq.wsgi import application

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                # Threads keep client connections alive; sync workers close each one. Ours
                # also closes a connection whose headers take over NUMERIQ_HEADER_TIMEOUT_SECONDS.
                "worker_class": "numeriq.gunicorn_worker.HeaderTimeoutWorker",
                "threads": threads,
                "keepalive": 5,
                "accesslog": "-",
                "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
                "logconfig_dict": gunicorn_config(settings.LOGGING),  # time, level, logger
                "graceful_timeout": 10,
                # One control socket per server, beside its data (not one per user).
                "control_socket": str(Path(settings.VAR_DIR) / f"gunicorn-{port}.ctl"),
                # Only these peers may say the request came over https (X-Forwarded-Proto).
                "forwarded_allow_ips": gunicorn_allow_ips(settings.TRUSTED_PROXIES),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _Server().run()
