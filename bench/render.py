"""Benchmark: render one edition to HTML email + plain text + .eml, many times.

What it measures: the wall time of `render_email_html`, `render_text` and `render_eml`
(numeriq.editions.render) for one demo edition, each call timed on its own; "all three" is
their sum for one iteration. Figures are median, p95 and mean in ms over --runs iterations
after --warmup untimed ones, plus the size of the email HTML in bytes. When render.py has
`render_email`, a "shared" line also times the one-rendering path a send can take:
`render_eml(..., content=render_email(...))`.

Two modes, both printed:

- warm: the per-item Markdown caches (`markup.to_html`, `markup.to_inline_html` and every
  other `functools.lru_cache` of markup/typography) stay on, as when a send renders the
  same edition again;
- cold: all those caches are cleared before every call (outside the timed region), so every
  render parses all the Markdown again: the real cost of rendering an edition once. The
  header lists the caches cleared.

By default the largest demo edition (by email HTML size) is measured; --edition DATE picks
one, --edition all measures each of numeriq/demo/editions/*.md. Target: < 5 ms per edition
(all three formats). Nothing is asserted: this prints figures, it is not a test.

Run:  .venv/bin/python bench/render.py [--runs 1000] [--warmup 50] [--edition all]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _machine import header, summary_ms, usable_cores

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 5.0
FORMATS = ("email HTML", "plain text", ".eml")
SHARED_RENDER = "shared"
EML_DATE = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)


@dataclass
class Case:
    """One demo edition ready to render."""

    name: str
    markdown_bytes: int
    doc: Any
    web_url: str
    html_bytes: int
    text_bytes: int
    eml_bytes: int


def setup_django(var_dir: str) -> None:
    """Django settings without touching ./var: the secret key goes to a temp folder."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("NUMERIQ_VAR_DIR", var_dir)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir}/numeriq.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "numeriq.settings")
    import django

    django.setup()


def load_cases(which: str) -> list[Case]:
    """The demo editions to measure (each rendered once here, for its sizes)."""
    from django.conf import settings

    from numeriq.demo.loader import demo_files
    from numeriq.editions.markdown_format import parse_edition
    from numeriq.editions.models import permalink
    from numeriq.editions.render import Brand, render_email_html, render_eml, render_text
    from numeriq.editions.store import slug_for

    brand = Brand.from_settings()
    cases = []
    for path in demo_files():
        if which not in ("all", "largest") and path.stem != which:
            continue
        text = path.read_text(encoding="utf-8")
        doc = parse_edition(text)
        web_url = settings.SITE_URL + permalink(doc.date, slug_for(doc))
        cases.append(
            Case(
                name=path.stem,
                markdown_bytes=len(text.encode()),
                doc=doc,
                web_url=web_url,
                html_bytes=len(render_email_html(doc, brand, web_url).encode()),
                text_bytes=len(render_text(doc, brand, web_url).encode()),
                eml_bytes=len(
                    render_eml(
                        doc,
                        brand,
                        web_url=web_url,
                        from_email=settings.FROM_EMAIL,
                        date=EML_DATE,
                    )
                ),
            )
        )
    if not cases:
        raise SystemExit(f"no demo edition named {which!r} (try a date like 2026-11-27, or all)")
    if which == "largest":
        cases = [max(cases, key=lambda case: case.html_bytes)]
    return cases


def markdown_caches() -> list[Callable[[], None]]:
    """cache_clear of every lru_cache in the Markdown and typography modules.

    Found by looking, not by name: to_html and to_inline_html, and any parse or text cache
    added later (a cold render must parse everything again, whatever is cached).
    """
    from numeriq.editions import markup
    from numeriq.text import typography

    found = {}
    for module in (markup, typography):
        for name, value in vars(module).items():
            if callable(getattr(value, "cache_clear", None)):
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = value.cache_clear
    return [found[name] for name in sorted(found)]


def cache_names() -> str:
    """The caches a cold render clears, for the header."""
    from numeriq.editions import markup
    from numeriq.text import typography

    return ", ".join(
        f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        for module in (markup, typography)
        for name, value in sorted(vars(module).items())
        if callable(getattr(value, "cache_clear", None))
    )


def measure(case: Case, *, runs: int, warmup: int, cold: bool) -> dict[str, list[float]]:
    """Per-format durations (seconds) of `runs` timed iterations."""
    from django.conf import settings

    from numeriq.editions import render

    brand = render.Brand.from_settings()
    doc, web_url, from_email = case.doc, case.web_url, settings.FROM_EMAIL
    calls: list[tuple[str, Callable[[], object]]] = [
        ("email HTML", lambda: render.render_email_html(doc, brand, web_url)),
        ("plain text", lambda: render.render_text(doc, brand, web_url)),
        (
            ".eml",
            lambda: render.render_eml(
                doc, brand, web_url=web_url, from_email=from_email, date=EML_DATE
            ),
        ),
    ]
    if hasattr(render, "render_email"):
        # How a send can do it: one rendering of the parts shared by HTML, text and .eml.
        calls.append(
            (
                SHARED_RENDER,
                lambda: render.render_eml(
                    doc,
                    brand,
                    web_url=web_url,
                    from_email=from_email,
                    date=EML_DATE,
                    content=render.render_email(doc, brand, web_url),
                ),
            )
        )
    clears = markdown_caches()
    timings: dict[str, list[float]] = {name: [] for name, _ in calls}
    clock = time.perf_counter
    gc.collect()
    wall0, cpu0, busy0 = clock(), time.process_time(), machine_busy_seconds()
    for index in range(warmup + runs):
        for name, call in calls:
            if cold:
                for clear in clears:
                    clear()
            start = clock()
            call()
            elapsed = clock() - start
            if index >= warmup:
                timings[name].append(elapsed)
    timings["all three"] = [
        sum(parts) for parts in zip(*(timings[f] for f in FORMATS), strict=True)
    ]
    wall, cpu = clock() - wall0, time.process_time() - cpu0
    others = max(0.0, machine_busy_seconds() - busy0 - cpu)
    # A figure to judge the others by: this process should have had its core all along.
    timings["_cpu_share"] = [cpu / wall, others / (wall * max(1, usable_cores() - 1))]
    return timings


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy since boot (/proc/stat), 0 where there is none."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def print_case(case: Case, results: dict[str, dict[str, list[float]]], runs: int) -> None:
    """One edition's table: both modes, all three formats together then each one."""
    print()
    print(f"edition {case.name}: Markdown {case.markdown_bytes:,} B, {len(case.doc.items)} items")
    print(
        f"  sizes: email HTML {case.html_bytes:,} B (Gmail clips above {102 * 1024:,} B), "
        f"plain text {case.text_bytes:,} B, .eml {case.eml_bytes:,} B"
    )
    print(
        f"  ({SHARED_RENDER} = render_eml(content=render_email(...)): HTML, text and .eml from "
        "one rendering)"
    )
    print(f"  {'mode':<6}{'what':<12}{'median':>9}{'p95':>9}{'mean':>9}   ms, {runs} runs")
    for mode, timings in results.items():
        own, others = timings["_cpu_share"]
        print(
            f"  {mode}: this process ran {own:.0%} of the time; the other core(s) were "
            f"{others:.0%} busy (more than a few %: other work may skew the figures)"
        )
        for what in ("all three", *FORMATS, SHARED_RENDER):
            if what not in timings:
                continue
            median, p95, mean = summary_ms(timings[what])
            verdict = ""
            if what == "all three":
                ok = "met" if median < TARGET_MS else "MISSED"
                verdict = f"   target < {TARGET_MS:g} ms per edition: {ok} (median)"
            label = mode if what == "all three" else ""
            print(f"  {label:<6}{what:<12}{median:9.2f}{p95:9.2f}{mean:9.2f}{verdict}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1000, help="timed iterations per mode")
    parser.add_argument("--warmup", type=int, default=50, help="untimed iterations first")
    parser.add_argument(
        "--edition",
        default="largest",
        help="largest (default), all, or a demo edition's date such as 2026-11-27",
    )
    parser.add_argument(
        "--mode", choices=("both", "warm", "cold"), default="both", help="which caches state"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="numeriq-bench-render-") as var_dir:
        setup_django(var_dir)
        print(
            header(
                "numeriq bench/render.py: one edition → email HTML + text + .eml",
                "django",
                "markdown-it-py",
                "nh3",
                "css-inline",
            )
        )
        print(
            f"command : {Path(sys.executable).name} bench/render.py --runs {args.runs} "
            f"--warmup {args.warmup} --edition {args.edition} --mode {args.mode}"
        )
        print("modes   : warm = Markdown lru_caches kept; cold = these cleared before every call:")
        print(f"          {cache_names()}")
        modes = ["warm", "cold"] if args.mode == "both" else [args.mode]
        for case in load_cases(args.edition):
            results = {
                mode: measure(case, runs=args.runs, warmup=args.warmup, cold=mode == "cold")
                for mode in modes
            }
            print_case(case, results, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
