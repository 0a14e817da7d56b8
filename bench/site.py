"""Benchmark: the production web server (gunicorn, threaded workers) under wrk.

What it measures: requests/s, latency p50/p99, non-2xx/3xx responses and socket errors that
`wrk --latency` reports for the permalink of the latest edition and for the home page,
both served from the per-process page cache (numeriq/site/caching.py) as in production.

How: a temp NUMERIQ_VAR_DIR and SQLite database are filled by `numeriq demo --no-serve`;
`numeriq run` then serves them on a free 127.0.0.1 port with --workers N and
--server-threads T (NUMERIQ_DEBUG false). Once the server answers, every page is warmed (wrk
for --warmup seconds, so every worker's cache holds it), then measured for --seconds. The
server is stopped by SIGTERM to its process group. --workers takes a list (2,3,4) to compare
worker counts, one fresh server each. Target: >= 1,500 req/s. Nothing is asserted.

wrk runs on the same machine and takes CPU from the server: the figures are for this machine
as a whole. Each run also prints who used the CPUs meanwhile (server, wrk, the rest, from
/proc) and the server's CPU time per request: when "rest" is more than a few %, something
else was running and req/s is understated; CPU per request stays comparable.

Needs wrk (Debian: apt-get install -y wrk). Traffic goes to 127.0.0.1 only.

Run:  .venv/bin/python bench/site.py [--seconds 10] [--workers 4] [--connections 32]
      .venv/bin/python bench/site.py --workers 2,3,4
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _machine import header, load_average, usable_cores

ROOT = Path(__file__).resolve().parent.parent
TARGET_RPS = 1500
HOST = "127.0.0.1"


@dataclass
class WrkResult:
    """What one wrk run reported."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    raw: str

    @property
    def errors(self) -> int:
        """Socket errors of every kind."""
        return sum(self.socket_errors.values())


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def numeriq_command() -> list[str]:
    """The `numeriq` entry point of this venv (or the module run by this interpreter)."""
    script = Path(sys.executable).with_name("numeriq")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from numeriq.cli import main; sys.exit(main())"]


def server_env(var_dir: Path) -> dict[str, str]:
    """The environment of the demo loader and the server: everything under var_dir."""
    env = dict(os.environ)
    env.update(
        NUMERIQ_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir}/numeriq.sqlite3",
        NUMERIQ_DEBUG="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def load_demo(env: dict[str, str]) -> str:
    """Create the database with `numeriq demo --no-serve`; the latest edition's path."""
    done = subprocess.run(
        [*numeriq_command(), "demo", "--no-serve"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"numeriq demo failed ({done.returncode}):\n{done.stderr}")
    match = re.search(r"Latest:\s+https?://[^/\s]+(/\S*)", done.stdout)
    if not match:
        raise SystemExit(f"no 'Latest:' line in the output of numeriq demo:\n{done.stdout}")
    return match.group(1)


class Server:
    """`numeriq run` in its own process group, output to a log file."""

    def __init__(
        self, env: dict[str, str], workers: int, log_path: Path, web_threads: int = 4
    ) -> None:
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                *numeriq_command(),
                "run",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--threads",
                str(web_threads),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def base(self) -> str:
        """http://127.0.0.1:port"""
        return f"http://{HOST}:{self.port}"

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        """Poll until `path` answers 200 (not a redirect), or fail with the server's log."""
        deadline = time.monotonic() + timeout
        last_error = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited ({self.process.returncode}):\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=5) as response:
                    if response.status == 200 and response.url == self.base + path:
                        return
                    last_error = f"{response.status} {response.url}"
            except (OSError, urllib.error.URLError) as error:
                last_error = str(error)
            time.sleep(0.2)
        raise SystemExit(f"the server did not answer {path} in {timeout:g} s ({last_error})")

    def tail(self, lines: int = 30) -> str:
        """The end of the server's log."""
        self.log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def worker_boots(self) -> int:
        """How many gunicorn workers booted so far (more than --workers: some died)."""
        self.log.flush()
        return self.log_path.read_text(errors="replace").count("Booting worker")

    def stop(self) -> None:
        """SIGTERM to the process group (gunicorn stops gracefully), SIGKILL if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def run_wrk(
    url: str, *, seconds: float, threads: int, connections: int, timeout: int = 5
) -> WrkResult:
    """One wrk run with --latency, parsed."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        f"--timeout={timeout}s",
        "--latency",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise WrkError(f"wrk failed ({done.returncode}): {(done.stderr or done.stdout).strip()}")
    return parse_wrk(done.stdout)


class WrkError(RuntimeError):
    """wrk could not run to the end (the server stopped answering, most often)."""


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, steal) CPU seconds of all CPUs since boot, from /proc/stat; zeros elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0, 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq) / CLOCK_TICKS, steal / CLOCK_TICKS


def group_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by every process of a process group (and its reaped children)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # pgrp; then utime, stime, cutime, cstime
            total += sum(int(value) for value in fields[11:15])
    return total / CLOCK_TICKS


@dataclass
class CpuShare:
    """Who used the machine's CPUs during a run, in % of all usable cores."""

    server: float
    wrk: float
    other: float
    steal: float
    server_seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"cpu of {usable_cores()} cores: server {self.server:.0f}%, wrk {self.wrk:.0f}%, "
            f"rest (other processes, kernel) {self.other:.0f}%, hypervisor steal {self.steal:.0f}%"
        )


def measure(server: Server, path: str, args: argparse.Namespace) -> tuple[WrkResult, CpuShare]:
    """wrk against one page, with the CPU each party used meanwhile."""
    busy0, steal0 = machine_cpu_seconds()
    server0 = group_cpu_seconds(server.process.pid)
    wrk0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = run_wrk(
        server.base + path,
        seconds=args.seconds,
        threads=args.threads,
        connections=args.connections,
    )
    capacity = (time.monotonic() - start) * usable_cores() / 100
    wrk1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy1, steal1 = machine_cpu_seconds()
    server_s = group_cpu_seconds(server.process.pid) - server0
    wrk_s = (wrk1.ru_utime + wrk1.ru_stime) - (wrk0.ru_utime + wrk0.ru_stime)
    other_s = max(0.0, (busy1 - busy0) - server_s - wrk_s)
    share = CpuShare(
        server=server_s / capacity,
        wrk=wrk_s / capacity,
        other=other_s / capacity,
        steal=(steal1 - steal0) / capacity,
        server_seconds=server_s,
    )
    return result, share


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if match is None:
        raise ValueError(f"not a wrk duration: {value!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(out: str) -> WrkResult:
    """The figures of wrk's text report."""

    def find(pattern: str, default: str = "0") -> str:
        match = re.search(pattern, out)
        return match.group(1) if match else default

    socket_errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        socket_errors = dict(zip(socket_errors, map(int, match.groups()), strict=True))
    return WrkResult(
        requests=int(find(r"(\d+) requests in")),
        rps=float(find(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(find(r"\n\s+50%\s+(\S+)", "0ms")),
        p99_ms=_ms(find(r"\n\s+99%\s+(\S+)", "0ms")),
        non_2xx_3xx=int(find(r"Non-2xx or 3xx responses:\s+(\d+)")),
        socket_errors=socket_errors,
        raw=out,
    )


def describe(label: str, result: WrkResult) -> str:
    """One line of figures for a page."""
    verdict = "met" if result.rps >= TARGET_RPS else "MISSED"
    errors = ", ".join(f"{k} {v}" for k, v in result.socket_errors.items())
    return (
        f"  {label:<10}{result.rps:10,.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
        f"p99 {result.p99_ms:7.2f} ms  non-2xx/3xx {result.non_2xx_3xx}  "
        f"socket errors {result.errors} ({errors})  [{result.requests:,} requests; "
        f"target >= {TARGET_RPS:,} req/s: {verdict}]"
    )


def bench_workers(
    env: dict[str, str],
    var_dir: Path,
    pages: dict[str, str],
    workers: int,
    args: argparse.Namespace,
) -> dict[str, WrkResult]:
    """Start a server with `workers` workers, warm it, measure every page, stop it."""
    server = Server(
        env, workers, var_dir / f"server-{workers}w.log", web_threads=args.server_threads
    )
    results: dict[str, WrkResult] = {}
    try:
        server.wait_ready(pages["permalink"])
        print()
        print(
            f"--workers {workers}: server pid {server.process.pid} on {server.base} "
            f"(log {server.log_path.name}); load {load_average()}"
        )
        for path in pages.values():
            server.wait_ready(path)
            if args.warmup > 0:
                run_wrk(
                    server.base + path,
                    seconds=args.warmup,
                    threads=args.threads,
                    connections=args.connections,
                )
        for label, path in pages.items():
            try:
                result, share = measure(server, path, args)
            except WrkError as error:
                state = (
                    "still running"
                    if server.process.poll() is None
                    else f"exited with {server.process.returncode}"
                )
                raise SystemExit(
                    f"{error}\nserver {state}; end of {server.log_path}:\n{server.tail()}"
                ) from None
            results[label] = result
            print(describe(label, result))
            print(f"  {'':<10}{share}")
            if result.requests:
                per_request = share.server_seconds / result.requests * 1000
                print(
                    f"  {'':<10}server CPU per request {per_request:.3f} ms (robust to other load; "
                    f"{usable_cores()} cores / that = {usable_cores() / per_request * 1000:,.0f} "
                    "req/s if the server had every core, wrk aside)"
                )
            restarts = server.worker_boots() - workers
            if restarts > 0 or server.process.poll() is not None:
                alive = "running" if server.process.poll() is None else "EXITED"
                print(f"  {'':<10}WARNING: {restarts} worker restart(s), server {alive}:")
                print(server.tail(15))
            if args.verbose:
                print(result.raw)
    finally:
        server.stop()
    return results


def worker_counts(text: str) -> list[int]:
    """'4' or '2,3,4'."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: worker counts like 4 or 2,3,4") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: worker counts like 4 or 2,3,4")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Parse the options, set up, measure each worker count, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="wrk duration per page")
    parser.add_argument(
        "--workers", type=worker_counts, default=[4], help="gunicorn workers: 4, or 2,3,4"
    )
    parser.add_argument("--connections", type=int, default=32, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument(
        "--server-threads", type=int, default=4, help="numeriq run --threads (per web worker)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of wrk per page before measuring"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs, DB)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print wrk's own report")
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        print(
            "bench/site.py needs wrk, the HTTP benchmarking tool. Install it with:\n"
            "    sudo apt-get install -y wrk      (Debian/Ubuntu)\n"
            "    brew install wrk                 (macOS)",
            file=sys.stderr,
        )
        return 2

    print(
        header("numeriq bench/site.py: gunicorn (gthread workers) under wrk", "django", "gunicorn")
    )
    print(
        f"command : bench/site.py --seconds {args.seconds:g} "
        f"--workers {','.join(map(str, args.workers))} --connections {args.connections} "
        f"--threads {args.threads} --server-threads {args.server_threads} "
        f"--warmup {args.warmup:g}"
    )
    var_dir = Path(tempfile.mkdtemp(prefix="numeriq-bench-site-"))
    try:
        env = server_env(var_dir)
        permalink = load_demo(env)
        pages = {"permalink": permalink, "home": "/"}
        settings_module = env.get("DJANGO_SETTINGS_MODULE", "numeriq.settings")
        if settings_module != "numeriq.settings":
            print(f"settings: DJANGO_SETTINGS_MODULE={settings_module} (not the default)")
        print(
            f"setup   : demo DB in {var_dir}; pages: permalink {permalink}, home /; "
            f"wrk -t{args.threads} -c{args.connections} -d{args.seconds:g}s --latency "
            f"(after {args.warmup:g} s warm-up per page)"
        )
        table = {
            workers: bench_workers(env, var_dir, pages, workers, args) for workers in args.workers
        }
    except BaseException:
        print(f"kept {var_dir} (server logs, database) to look into the failure", file=sys.stderr)
        raise
    else:
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)

    if len(table) > 1:
        print()
        print("summary (req/s):")
        for label in pages:
            best = max(table, key=lambda w: table[w][label].rps)
            row = "  ".join(f"{w} workers {table[w][label].rps:8,.0f}" for w in table)
            print(f"  {label:<10}{row}   best: {best} workers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
