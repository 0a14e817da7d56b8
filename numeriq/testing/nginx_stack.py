"""A real deployment for tests and benchmarks: numeriq's gunicorn behind Debian's nginx.

nginx runs with the shipped deploy/nginx/numeriq.conf (paths, ports and the certificate
swapped for throwaway ones), as the test's user, with its own prefix, temp folders and
free ports; it reaches numeriq from 127.0.0.2 (`proxy_bind`), so the trusted proxy is
never 127.0.0.1 by accident. numeriq is started as `numeriq run --no-worker` starts it.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from numeriq.testing.tls import self_signed

ROOT = Path(__file__).resolve().parents[2]  # the checkout: deploy/ sits beside numeriq/
SHIPPED_CONF = ROOT / "deploy" / "nginx" / "numeriq.conf"
HOSTNAME = "journal.example"
PROXY_ADDRESS = "127.0.0.2"


def find_nginx() -> str | None:
    """Debian's nginx binary, if installed."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, host: str = "127.0.0.1", seconds: float = 60.0) -> None:
    """Wait until something accepts connections on host:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {seconds} s")


def nginx_conf(
    folder: Path,
    var_dir: Path,
    *,
    https_port: int,
    http_port: int,
    app_port: int,
    certificate: tuple[Path, Path] | None,
    tls: bool = True,
    workers: str = "1",
    extra: str = "",
) -> str:
    """nginx.conf around the shipped server blocks, with this test's paths and ports."""
    conf = SHIPPED_CONF.read_text(encoding="utf-8")
    swaps = {
        "127.0.0.1:8000": f"127.0.0.1:{app_port}",
        "/srv/numeriq/var": str(var_dir),
        "/var/www/html": str(folder / "acme"),
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": (
            f"listen 127.0.0.1:{https_port} ssl http2;"
            if tls
            else f"listen 127.0.0.1:{https_port};"  # the same server, in plain http
        ),
        "proxy_pass http://numeriq_app;": (
            f"proxy_pass http://numeriq_app;\n        proxy_bind {PROXY_ADDRESS};"
        ),
    }
    if certificate is not None:
        swaps[f"/etc/letsencrypt/live/{HOSTNAME}/fullchain.pem"] = str(certificate[0])
        swaps[f"/etc/letsencrypt/live/{HOSTNAME}/privkey.pem"] = str(certificate[1])
    for old, new in swaps.items():
        if old not in conf:
            raise AssertionError(f"deploy/nginx/numeriq.conf no longer has {old!r}")
        conf = conf.replace(old, new)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    user = ""
    if os.geteuid() == 0:  # as root, nginx's workers drop to nobody: let them in
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};\n"
        for path in temp.values():
            path.mkdir(exist_ok=True)
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    return (
        f"{user}worker_processes {workers};\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log off;\n"
        f"    client_body_temp_path {temp['body']};\n"
        f"    proxy_temp_path {temp['proxy']};\n"
        f"    fastcgi_temp_path {temp['fastcgi']};\n"
        f"    uwsgi_temp_path {temp['uwsgi']};\n"
        f"    scgi_temp_path {temp['scgi']};\n"
        f"{conf}\n{extra}\n}}\n"
    )


@dataclass
class Stack:
    """numeriq behind nginx, in one throwaway folder."""

    folder: Path
    var_dir: Path
    env: dict[str, str]
    app_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    app: subprocess.Popen[bytes] | None = None
    nginx: subprocess.Popen[bytes] | None = None
    seeded: dict[str, str] = field(default_factory=dict)

    @property
    def site_url(self) -> str:
        """The public address the app believes it has."""
        return f"https://{HOSTNAME}:{self.https_port}"

    def numeriq(self, *args: str, check: bool = True) -> str:
        """Run a numeriq verb on this stack's database; its standard output."""
        done = subprocess.run(  # noqa: S603 - our own commands
            [sys.executable, "-m", "numeriq.cli", *args],
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"numeriq {' '.join(args)}: {done.stderr[-2000:]}")
        return done.stdout

    def start_app(self, *, workers: int = 1, threads: int = 4) -> None:
        """`numeriq run --no-worker` on 127.0.0.1, as a service would start it."""
        self.app = subprocess.Popen(  # noqa: S603 - our own commands
            [
                *(sys.executable, "-m", "numeriq.cli", "run", "--no-worker"),
                *("--host", "127.0.0.1", "--port", str(self.app_port)),
                *("--workers", str(workers), "--threads", str(threads)),
            ],
            env=self.env,
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "app.log", "wb"),  # noqa: SIM115
            start_new_session=True,
        )
        wait_for_port(self.app_port)

    def stop_app(self) -> None:
        """Stop gunicorn (and its workers)."""
        if self.app is not None and self.app.poll() is None:
            os.killpg(self.app.pid, signal.SIGTERM)
            try:
                self.app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.app.pid, signal.SIGKILL)
                self.app.wait()
        self.app = None

    def start_nginx(
        self, nginx: str, *, tls: bool = True, workers: str = "1", extra: str = ""
    ) -> None:
        """nginx with the shipped configuration, in the foreground of its own process."""
        certificate = self_signed(self.folder, "nginx", host=HOSTNAME)
        conf = self.folder / "nginx.conf"
        conf.write_text(
            nginx_conf(
                self.folder,
                self.var_dir,
                https_port=self.https_port,
                http_port=self.http_port,
                app_port=self.app_port,
                certificate=certificate,
                tls=tls,
                workers=workers,
                extra=extra,
            )
        )
        self.nginx = subprocess.Popen(  # noqa: S603 - our own commands
            [nginx, "-p", str(self.folder), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "nginx.stderr", "wb"),  # noqa: SIM115
        )
        try:
            wait_for_port(self.https_port, seconds=15)
        except TimeoutError:
            log = (self.folder / "nginx.stderr").read_text() + (
                (self.folder / "error.log").read_text()
                if (self.folder / "error.log").exists()
                else ""
            )
            raise AssertionError(f"nginx did not start: {log}") from None

    def stop(self) -> None:
        """Stop everything this stack started."""
        self.stop_app()
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            self.nginx.wait(timeout=20)
        self.nginx = None


def new_stack(**env: str) -> Stack:
    """A stack in a fresh folder readable by nginx's workers, with numeriq's environment."""
    folder = Path(tempfile.mkdtemp(prefix="numeriq-proxy-"))
    folder.chmod(0o755)
    var_dir = folder / "var"
    # As docs/deploy.md sets it up: nginx's workers may pass through var/ to var/site/ and
    # var/static/, not list it nor read the database (numeriq creates a new var/ 0700).
    var_dir.mkdir(mode=0o711)
    var_dir.chmod(0o711)
    stack = Stack(folder=folder, var_dir=var_dir, env={})
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NUMERIQ_", "DJANGO_")) and key != "DATABASE_URL"
    }
    stack.env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "numeriq.settings",
        "NUMERIQ_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'numeriq.sqlite3'}",
        "NUMERIQ_SECRET_KEY": "proxy-test-secret-key-that-is-long-enough-0123456789abcdef",
        "NUMERIQ_SITE_URL": stack.site_url,
        "NUMERIQ_TRUSTED_PROXIES": PROXY_ADDRESS,
        "NUMERIQ_TASKS_BACKEND": "immediate",
        "NUMERIQ_STATIC_SITE": "true",
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return stack
