"""What the benchmarks print about the machine they ran on (shared by bench/*.py)."""

from __future__ import annotations

import os
import platform
import statistics
import sys
from importlib import metadata
from pathlib import Path


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or the platform's guess elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_mhz() -> str:
    """The current clock of the first CPU, when Linux tells it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("cpu MHz"):
                return f"{float(line.split(':', 1)[1]):.0f} MHz"
    except (OSError, ValueError):
        pass
    return "? MHz"


def usable_cores() -> int:
    """The CPUs this process may run on (affinity), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load_average() -> str:
    """The 1/5/15-minute load average: other work on the machine skews every figure."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def versions(*packages: str) -> str:
    """'name version' for each installed package, for the header."""
    found = []
    for name in packages:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (absent)")
    return ", ".join(found)


def header(title: str, *packages: str) -> str:
    """The lines every benchmark prints first: what ran, on what."""
    lines = [
        title,
        "=" * len(title),
        f"machine : {cpu_model()} @ {cpu_mhz()}, {usable_cores()} usable core(s) "
        f"of {os.cpu_count()}, {platform.system()} {platform.release()}",
        f"python  : {platform.python_implementation()} {sys.version.split()[0]} ({sys.executable})",
        f"load    : {load_average()} (1/5/15 min, at start)",
    ]
    if packages:
        lines.append(f"libs    : {versions(*packages)}")
    return "\n".join(lines)


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank on sorted values, as latency tools report)."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(seconds: list[float]) -> tuple[float, float, float]:
    """Median, p95 and mean of durations given in seconds, in milliseconds."""
    return (
        statistics.median(seconds) * 1000,
        percentile(seconds, 95) * 1000,
        statistics.fmean(seconds) * 1000,
    )
