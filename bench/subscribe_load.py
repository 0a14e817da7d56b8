"""Benchmark: the subscribe form under load, every request accounted for in the database.

What it measures: wrk POSTs the subscribe form (a new address each request, consent ticked)
to the production server (`numeriq run`: gunicorn + the background worker that sends the
confirmation emails into the local capture) for --seconds; then it counts the pending
subscribers and the queued or sent confirmation jobs in the database and compares them
with the responses wrk saw. Figures: requests/s, latency, non-3xx answers, socket errors,
rows found. Target on SQLite: >= 300 req/s with zero errors. Nothing is asserted.

The per-IP rate limit is lifted for the run (every request comes from 127.0.0.1).
Needs wrk (Debian: apt-get install -y wrk). Traffic goes to 127.0.0.1 only.

Run:  .venv/bin/python bench/subscribe_load.py [--seconds 10] [--workers 2] [--connections 16]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from _machine import header

BENCH = Path(__file__).resolve().parent
TARGET_RPS = 300

# The server and wrk helpers of bench/site.py, loaded under another name ("site" is taken).
_spec = importlib.util.spec_from_file_location("bench_site", BENCH / "site.py")
assert _spec is not None and _spec.loader is not None
bench_site = importlib.util.module_from_spec(_spec)
sys.modules["bench_site"] = bench_site
_spec.loader.exec_module(bench_site)

LUA = r"""
local threads = {}
local run = "RUN"
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
function init(args)
  n, redirects, others = 0, 0, 0
end
function request()
  n = n + 1
  local body = "email=load-" .. run .. "-" .. tid .. "-" .. n .. "%40example.org&consent=on"
  return wrk.format("POST", "/abonnement/",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 302 then redirects = redirects + 1 else others = others + 1 end
end
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("redirects")
    bad = bad + thread:get("others")
  end
  io.write(string.format("ACCOUNTED %d %d\n", ok, bad))
end
"""


def main(argv: list[str] | None = None) -> int:
    """Run the load, then count what reached the database."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per web worker")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    print(header("numeriq bench/subscribe_load.py: the subscribe form under wrk", "django"))
    print(f"command : {' '.join(['bench/subscribe_load.py', *sys.argv[1:]])}")
    var_dir = Path(tempfile.mkdtemp(prefix="numeriq-bench-subscribe-"))
    env = bench_site.server_env(var_dir)
    env["NUMERIQ_SUBSCRIBE_RATE_PER_IP"] = "1000000000/hour"
    bench_site.load_demo(env)
    run_id = uuid.uuid4().hex[:8]
    script = var_dir / "subscribe.lua"
    script.write_text(LUA.replace('"RUN"', f'"{run_id}"'))
    server = bench_site.Server(env, args.workers, var_dir / "server.log", args.web_threads)
    try:
        server.wait_ready("/abonnement/")
        command = [
            "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds:g}s",
            "--timeout=10s", "--latency", "-s", str(script), server.base + "/abonnement/",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        server.stop()
    if done.returncode != 0:
        print(done.stderr or done.stdout, file=sys.stderr)
        return 1
    result = bench_site.parse_wrk(done.stdout)
    accounted = [line for line in done.stdout.splitlines() if line.startswith("ACCOUNTED")]
    redirects, others = (int(x) for x in accounted[0].split()[1:]) if accounted else (0, -1)
    with sqlite3.connect(var_dir / "numeriq.sqlite3") as db:
        pattern = f"load-{run_id}-%"
        rows = db.execute(
            "SELECT COUNT(*) FROM audience_subscriber WHERE email LIKE ?", [pattern]
        ).fetchone()[0]
        consents = db.execute(
            "SELECT COUNT(*) FROM audience_consentevent e JOIN audience_subscriber s "
            "ON s.id = e.subscriber_id WHERE s.email LIKE ?",
            [pattern],
        ).fetchone()[0]
        jobs = db.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE ?",
            ["%send_confirmation"],
        ).fetchone()[0]
        sent = db.execute("SELECT COUNT(*) FROM delivery_capturedmessage").fetchone()[0]
    verdict = "met" if result.rps >= TARGET_RPS and others == 0 else "MISSED"
    print(
        f"  subscribe {result.rps:10,.0f} req/s  p50 {result.p50_ms:7.2f} ms  "
        f"p99 {result.p99_ms:7.2f} ms  socket errors {result.errors}  "
        f"[{result.requests:,} requests; target >= {TARGET_RPS} req/s, no error: {verdict}]"
    )
    print(f"  responses: {redirects:,} redirects to the thank-you page, {others:,} others")
    print(
        f"  database:  {rows:,} new pending subscribers, {consents:,} consent records, "
        f"{jobs:,} confirmation jobs, {sent:,} confirmation emails already in the outbox"
    )
    # wrk stops with requests in flight: the server finished them, wrk did not count them.
    in_flight = rows - redirects
    complete = 0 <= in_flight <= args.connections and rows == consents == jobs
    print(
        f"  every request accounted for: {'yes' if complete else 'NO'} "
        f"({in_flight} answered after wrk stopped counting, at most {args.connections})"
    )
    print(f"  (server log and database: {var_dir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
