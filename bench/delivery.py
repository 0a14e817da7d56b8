"""Benchmark: send an edition to N subscribers with the real workers (numeriq worker).

    .venv/bin/python bench/delivery.py --subscribers 1000000 [--smtp HOST:PORT]
        [--workers 2] [--database-url postgres://postgres@127.0.0.1:5432/postgres]

What it does: a throwaway database (SQLite file in a temp folder, or a database
`numeriq_bench_delivery` created on the given PostgreSQL server and dropped after) with N
active subscribers and an edition of realistic size (the longest demo edition grown with
other demo items to about 20 KB of HTML + text per message); starts the send (the audience
snapshot, timed apart), then K `numeriq worker --no-jobs` processes sending to the SMTP
server, and waits until every ledger row is final. Prints messages per second, total time
and each worker's peak memory (VmHWM, read from /proc just before it is stopped).

Without --smtp it starts Postfix's smtp-sink on a free port (Debian package postfix), and
in the same run measures the machine's raw ceiling with Postfix's smtp-source
(-s 16 -m 20000 -l 20000) against that sink, as the issue asks.

Target (2 cores): 1,000,000 messages in under 5 minutes (>= 3,400 msg/s), < 200 MB per process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _database  # noqa: E402
from _machine import header, load_average  # noqa: E402

BENCH_DB = "numeriq_bench_delivery"


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sink(port: int) -> subprocess.Popen[bytes]:
    """Postfix's smtp-sink: accepts everything, keeps nothing (-u root when run as root)."""
    sink = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
    user = ["-u", "root"] if os.geteuid() == 0 else []
    process = subprocess.Popen(
        [sink, *user, "-c", f"127.0.0.1:{port}", "1000"], stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise SystemExit("smtp-sink did not start (apt-get install postfix)")


def smtp_source_ceiling(port: int) -> float:
    """Messages per second smtp-source gets through the sink (16 sessions, 20,000 x 20 KB)."""
    source = shutil.which("smtp-source") or "/usr/sbin/smtp-source"
    started = time.monotonic()
    subprocess.run(
        [source, "-s", "16", "-m", "20000", "-l", "20000", f"127.0.0.1:{port}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return 20000 / (time.monotonic() - started)


def setup(var_dir: str, database_url: str | None) -> str:
    """Point numeriq at a throwaway database, migrate; return its description."""
    os.environ["NUMERIQ_TASKS_BACKEND"] = "immediate"
    return _database.setup(var_dir, database_url, BENCH_DB)


def load_subscribers(count: int) -> float:
    """N active daily subscribers, inserted by SQL; returns seconds taken."""
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.monotonic()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    chunk = 50_000
    with transaction.atomic(), connection.cursor() as cursor:
        for first in range(0, count, chunk):
            rows = [
                (f"lecteur.{n}@exemple-{n % 97}.fr", "active", "daily", 4, "import", now, now, 0)
                for n in range(first, min(count, first + chunk))
            ]
            cursor.executemany(
                "INSERT INTO audience_subscriber (email, status, frequency, weekly_day, source,"
                " created_at, confirmed_at, soft_bounces) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                rows,
            )
    return time.monotonic() - started


def load_edition(target_kb: float = 20.0) -> object:
    """The longest demo edition, grown with other demo editions' items to about 20 KB of
    HTML + text per message (a long real edition), then published."""
    import dataclasses

    from numeriq.editions import lifecycle
    from numeriq.editions.document import ItemKind
    from numeriq.editions.markdown_format import parse_edition
    from numeriq.editions.render import Brand, render_email
    from numeriq.editions.store import save_doc

    files = sorted(
        (ROOT / "numeriq" / "demo" / "editions").glob("*.md"), key=lambda p: -p.stat().st_size
    )
    docs = [parse_edition(path.read_text(encoding="utf-8")) for path in files]
    doc = docs[0]
    extra = [item for other in docs[1:] for item in other.items if item.kind != ItemKind.QUOTE]

    def size(candidate: object) -> float:
        content = render_email(candidate, Brand.from_settings(), "https://numeriq.example/")
        return (len(content.html.encode()) + len(content.text.encode())) / 1024

    while extra and size(doc) < target_kb:
        doc = dataclasses.replace(doc, items=(*doc.items, extra.pop(0)))
    return lifecycle.publish(save_doc(doc))


def peak_mib(pid: int) -> float:
    """VmHWM of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--smtp", help="HOST:PORT of the SMTP server (default: a smtp-sink)")
    parser.add_argument("--workers", type=int, default=2, help="numeriq worker processes")
    parser.add_argument("--connections", type=int, default=16, help="SMTP connections each")
    parser.add_argument("--database-url", help="postgres://… (default: a SQLite file)")
    parser.add_argument("--no-ceiling", action="store_true", help="skip smtp-source")
    args = parser.parse_args()

    print(header("numeriq delivery benchmark", "django", "uvloop"))
    var_dir = tempfile.mkdtemp(prefix="numeriq-bench-delivery-")
    sink = None
    if args.smtp:
        host, _, port_text = args.smtp.rpartition(":")
        port = int(port_text)
    else:
        host, port = "127.0.0.1", free_port()
        sink = start_sink(port)
    try:
        described = setup(var_dir, args.database_url)
        print(f"database: {described}")
        print(f"smtp    : {host}:{port}{' (smtp-sink)' if sink else ''}")
        loaded = load_subscribers(args.subscribers)
        print(f"setup   : {args.subscribers:,} subscribers inserted in {loaded:.1f} s")

        from django.db import connections

        from numeriq.delivery import ledger
        from numeriq.delivery.scheduling import start_edition

        edition = load_edition()
        started = time.monotonic()
        send, _ = start_edition(edition)
        snapshot = time.monotonic() - started
        size = len(send.html.encode()) + len(send.text.encode())
        print(f"snapshot: {args.subscribers:,} ledger rows in {snapshot:.1f} s")
        print(f"edition : {send.subject!r}, {size / 1024:.1f} KB of HTML + text")
        connections.close_all()

        env = dict(
            os.environ,
            NUMERIQ_EMAIL_URL=f"smtp+plain://{host}:{port}",
            NUMERIQ_DELIVERY_CONNECTIONS=str(args.connections),
        )
        worker_cmd = [sys.executable, "-m", "numeriq.cli", "worker", "--no-jobs"]
        print(f"workers : {args.workers} x `numeriq worker --no-jobs`, {args.connections} conns")
        print(f"load    : {load_average()} before sending")
        started = time.monotonic()
        workers = [
            subprocess.Popen(worker_cmd, env=env, stderr=subprocess.DEVNULL)
            for _ in range(args.workers)
        ]
        total = args.subscribers
        last_print = started
        from numeriq.delivery.models import OPEN_STATES, Delivery

        open_rows = Delivery.objects.filter(send=send, state__in=[str(s) for s in OPEN_STATES])
        while True:
            # Only the rows still open are counted (the claim's partial index): counting the
            # whole million every poll would take CPU from the workers being measured.
            time.sleep(1)
            done = total - open_rows.count()
            now = time.monotonic()
            if now - last_print >= 10:
                print(f"  {now - started:5.0f} s  {done:,} / {total:,}", flush=True)
                last_print = now
            if done >= total:
                break
            if any(w.poll() is not None for w in workers):
                raise SystemExit("a worker died")
        elapsed = time.monotonic() - started
        counts = ledger.counts(send)
        peaks = [peak_mib(w.pid) for w in workers]
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=30)
        connections.close_all()
        print()
        print(
            f"sent      : {counts['sent']:,} (other states: "
            f"{ {k: v for k, v in counts.items() if v and k != 'sent'} })"
        )
        print(f"total time: {elapsed:.1f} s")
        print(f"rate      : {counts['sent'] / elapsed:,.0f} messages/s")
        print(f"peak RSS  : {', '.join(f'{p:.0f} MiB' for p in peaks)} (per worker)")
        print(f"load      : {load_average()} at the end")
        if sink and not args.no_ceiling:
            print(
                f"ceiling   : smtp-source -s 16 -m 20000 -l 20000: "
                f"{smtp_source_ceiling(port):,.0f} messages/s"
            )
    finally:
        if sink is not None:
            sink.terminate()
            sink.wait()
        if args.database_url:
            _database.drop(args.database_url, BENCH_DB)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
