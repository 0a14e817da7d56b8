"""Benchmark: a published permalink from nginx + var/site/, against the limit and the app.

What it measures, in one run on this machine, with wrk (requests/s, latency p50/p99):

1. the limit: nginx serving a plain copy of the permalink's HTML (a bare server block);
2. numeriq's setup: nginx with the shipped deploy/nginx/numeriq.conf serving the same page
   from the static copy numeriq wrote under var/site/ (plain http, so it compares with 1;
   then the same over TLS, as deployed);
3. `numeriq run` alone (gunicorn, its page cache warm), the page straight from the app.

1 and 2 are run alternately --rounds times and the best of each is kept.

It prints each figure and the setup's share of the limit (target: >= 50 %).

How: a throwaway var folder and SQLite database with the demo editions published (the
static copy is written by the publishing itself, then `numeriq site build`); gunicorn on a
free 127.0.0.1 port; nginx with its own prefix and free ports (numeriq/testing/nginx_stack.py,
the helper the proxy test uses). wrk and the servers share the machine's cores: the load
average printed first says how busy it was. Nothing is asserted.

Needs nginx and wrk (Debian: apt-get install -y nginx-light wrk).

Run:  .venv/bin/python bench/static_site.py [--seconds 10] [--connections 64] [--threads 2]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _machine import header

from numeriq.testing.nginx_stack import HOSTNAME, Stack, find_nginx, free_port, new_stack

TARGET_SHARE = 0.5
DEMO = Path(__file__).resolve().parent.parent / "numeriq" / "demo" / "editions"


def wrk(url: str, args: argparse.Namespace, host: str) -> tuple[float, str, str]:
    """One wrk run: requests/s, p50 and p99 latency as wrk prints them."""
    done = subprocess.run(
        [
            *("wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections)),
            *("-d", f"{args.seconds}s", "-H", f"Host: {host}", url),
        ],
        capture_output=True,
        text=True,
        timeout=args.seconds + 60,
    )
    if done.returncode != 0:
        raise SystemExit(f"wrk failed: {done.stderr or done.stdout}")
    out = done.stdout
    if "Non-2xx or 3xx responses" in out:
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    return rps, p50, p99


def seed(stack: Stack) -> str:
    """The demo editions published; the permalink of the latest one."""
    stack.numeriq("migrate")
    for path in sorted(DEMO.glob("*.md")):
        stack.numeriq("edition", "import", str(path), "--publish")
    stack.numeriq("site", "build")
    latest = max((stack.var_dir / "site").glob("[0-9]*/*/*/*/index.html"))
    return "/" + str(latest.parent.relative_to(stack.var_dir / "site")) + "/"


def main() -> None:
    """Run the three measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=3, help="limit/setup runs, best kept")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    nginx = find_nginx()
    if nginx is None or shutil.which("wrk") is None:
        raise SystemExit("needs nginx and wrk: apt-get install -y nginx-light wrk")

    print(header("bench/static_site.py: published permalink, nginx + var/site/", "gunicorn"))
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s; "
        f"gunicorn --workers {args.web_workers} --threads 4"
    )
    stack = new_stack()
    try:
        permalink = seed(stack)
        plain = stack.folder / "plain"
        plain.mkdir()
        plain.chmod(0o755)
        copy = plain / "page.html"
        shutil.copy(stack.var_dir / "site" / permalink.strip("/") / "index.html", copy)
        copy.chmod(0o644)
        limit_port = free_port()
        bare = (
            f"server {{ listen 127.0.0.1:{limit_port}; root {plain};\n"
            "    location / { try_files /page.html =404; } }\n"
        )
        stack.start_app(workers=args.web_workers)
        site = f"{HOSTNAME}:{stack.https_port}"

        results: list[tuple[str, float, str, str]] = []
        stack.start_nginx(nginx, tls=False, workers="auto", extra=bare)
        # Alternated, best of --rounds: the machine is shared, a burst elsewhere hits one run.
        limits, setups = [], []
        for _ in range(args.rounds):
            limits.append(wrk(f"http://127.0.0.1:{limit_port}/", args, site))
            setups.append(wrk(f"http://127.0.0.1:{stack.https_port}{permalink}", args, site))
        results.append(("limit: nginx, plain copy", *max(limits)))
        results.append(("numeriq setup: nginx + var/site (http)", *max(setups)))
        stack.nginx.terminate()  # type: ignore[union-attr]
        stack.nginx.wait()  # type: ignore[union-attr]
        stack.start_nginx(nginx, tls=True, workers="auto")
        results.append(
            (
                "numeriq setup: nginx + var/site (https)",
                *wrk(f"https://127.0.0.1:{stack.https_port}{permalink}", args, site),
            )
        )
        stack.nginx.terminate()  # type: ignore[union-attr]
        stack.nginx.wait()  # type: ignore[union-attr]
        stack.nginx = None
        results.append(("numeriq run alone (gunicorn)", *app_alone(stack, permalink, args, site)))
    finally:
        stack.stop()
        shutil.rmtree(stack.folder, ignore_errors=True)

    limit = results[0][1]
    print(f"page: {permalink}")
    for name, rps, p50, p99 in results:
        print(
            f"{name:42} {rps:>10,.0f} req/s  {rps / limit:6.1%} of the limit  p50 {p50}  p99 {p99}"
        )
    share = results[1][1] / limit
    verdict = "meets" if share >= TARGET_SHARE else "misses"
    print(
        f"numeriq setup (http) at {share:.1%} of the limit: {verdict} the {TARGET_SHARE:.0%} target"
    )


def app_alone(
    stack: Stack, permalink: str, args: argparse.Namespace, site: str
) -> tuple[float, str, str]:
    """wrk straight at gunicorn, the page from its warm cache."""
    # An https site URL redirects plain requests; a site URL in http is the honest app-alone
    # case, so the app is restarted with one (same database, same pages).
    stack.stop_app()
    stack.env["NUMERIQ_SITE_URL"] = f"http://{site}"
    stack.start_app(workers=args.web_workers)
    url = f"http://127.0.0.1:{stack.app_port}{permalink}"
    urllib.request.urlopen(urllib.request.Request(url, headers={"Host": site})).read()
    warm = argparse.Namespace(**{**vars(args), "seconds": 2})
    wrk(url, warm, site)  # every gunicorn worker's page cache holds the page
    return wrk(url, args, site)


if __name__ == "__main__":
    main()
