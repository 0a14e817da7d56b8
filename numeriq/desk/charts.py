"""The desk's SVG charts (pure): readers over time, and each edition's send results.

Each shape and text carries a class (chart-ink, chart-muted, chart-line, chart-<state>) that
the desk's CSS colours for its light and dark schemes; the fill attributes are the fallback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from numeriq.text.french import french_date, french_number

WIDTH, PAD = 720, 28
RESULT_COLOURS = (
    ("sent", "#15803d"),
    ("deferred", "#b45309"),
    ("bounced", "#c2410c"),
    ("failed", "#b91c1c"),
)


def line_svg(points: Sequence[tuple[dt.date, int]], *, label: str, height: int = 180) -> str:
    """A line of one value per day, with its first and last values written out."""
    if not points:
        return ""
    values = [value for _, value in points]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)

    def y(value: int) -> float:
        return height - PAD - (value - low) / span * (height - 2 * PAD)

    path = " ".join(
        f"{'M' if n == 0 else 'L'}{PAD + n * step:.1f},{y(value):.1f}"
        for n, value in enumerate(values)
    )
    first, last = points[0], points[-1]
    num = french_number
    since, until = french_date(first[0]), french_date(last[0])
    summary = f"{label} : {num(first[1])} ({since}) → {num(last[1])} ({until})"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(summary)}" class="chart">'
        f"<title>{escape(summary)}</title>"
        f'<path d="{path}" fill="none" stroke="#1d4ed8" stroke-width="2" class="chart-line"/>'
        f'<text x="{PAD}" y="16" font-size="12" fill="#1f2937" class="chart-ink">{escape(label)} '
        f"(min {num(low)}, max {num(high)})</text>"
        f'<text x="{PAD}" y="{height - 6}" font-size="11" fill="#4b5563" class="chart-muted">'
        f"{since} : {num(first[1])}</text>"
        f'<text x="{WIDTH - PAD}" y="{height - 6}" font-size="11" fill="#4b5563" '
        'class="chart-muted" '
        f'text-anchor="end">{until} : {num(last[1])}</text>'
        "</svg>"
    )


def send_results_svg(
    rows: Sequence[tuple[str, dict[str, int], int]], *, labels: dict[str, str], unsub_label: str
) -> str:
    """One stacked bar per send (sent, deferred, bounced, failed) and its unsubscribes."""
    if not rows:
        return ""
    bar_height, gap, left = 18, 10, 128  # room for « 27 novembre 2026 »
    height = PAD + len(rows) * (bar_height + gap) + 24
    peak = max(sum(counts.get(key, 0) for key, _ in RESULT_COLOURS) for _, counts, _ in rows) or 1
    usable = WIDTH - left - 150
    shapes = []
    for index, (name, counts, unsubscribes) in enumerate(rows):
        top = PAD + index * (bar_height + gap)
        x = float(left)
        shapes.append(
            f'<text x="{left - 8}" y="{top + 13}" font-size="12" text-anchor="end" '
            f'fill="#1f2937" class="chart-ink">{escape(name)}</text>'
        )
        parts = []
        for key, colour in RESULT_COLOURS:
            value = counts.get(key, 0)
            if not value:
                continue
            width = max(1.0, usable * value / peak)
            title = escape(f"{name} — {labels[key]} : {french_number(value)}")
            shapes.append(
                f'<rect x="{x:.1f}" y="{top}" width="{width:.1f}" height="{bar_height}" '
                f'fill="{colour}" class="chart-{key}"><title>{title}</title></rect>'
            )
            x += width
            parts.append(f"{labels[key]} {french_number(value)}")
        note = escape(f"{unsub_label} : {french_number(unsubscribes)}")
        shapes.append(
            f'<text x="{x + 8:.1f}" y="{top + 13}" font-size="11" fill="#4b5563" '
            'class="chart-muted">'
            f"{note}</text>"
        )
    legend_y = height - 8
    legend = []
    x = left
    for key, colour in RESULT_COLOURS:
        legend.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="10" height="10" fill="{colour}" '
            f'class="chart-{key}"/>'
            f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#1f2937" class="chart-ink">'
            f"{escape(labels[key])}</text>"
        )
        x += 110
    summary = "; ".join(
        f"{name} : "
        + ", ".join(
            f"{labels[key]} {french_number(counts.get(key, 0))}" for key, _ in RESULT_COLOURS
        )
        + f", {unsub_label} {french_number(unsub)}"
        for name, counts, unsub in rows
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(summary)}" class="chart">' + "".join(shapes + legend) + "</svg>"
    )
