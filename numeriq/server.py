"""Running numeriq: database migrations and the production web server (gunicorn)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command


def migrate(*, verbose: bool = False) -> None:
    """Apply the database migrations (idempotent)."""
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def serve(host: str, port: int, *, workers: int = 2) -> None:
    """Serve the WSGI application with gunicorn until interrupted."""
    from gunicorn.app.base import BaseApplication

    from numeriq.wsgi import application

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": "-",
                "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
                "graceful_timeout": 10,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _Server().run()
