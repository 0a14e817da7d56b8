"""Small SVG charts for the back office, drawn on the server (pure, no JavaScript).

Shapes carry classes (chart-up, chart-down, chart-axis, chart-muted) for pages that colour them
per scheme (the desk's stats); the fill attributes are what the others show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from numeriq.text.french import french_date, french_number

WIDTH, HEIGHT, PAD = 720, 180, 24


def daily_bars_svg(
    days: Sequence[tuple[dt.date, int, int]], *, up_label: str, down_label: str
) -> str:
    """Paired bars per day: arrivals above the axis, departures below, with a legend."""
    if not days:
        return ""
    peak = max(max(up, down) for _, up, down in days) or 1
    half = (HEIGHT - 2 * PAD) / 2
    axis = PAD + half
    step = (WIDTH - 2 * PAD) / len(days)
    bar = max(1.0, step * 0.7)
    shapes = []
    for index, (day, up, down) in enumerate(days):
        x = PAD + index * step
        label = escape(f"{french_date(day)} : +{french_number(up)} / −{french_number(down)}")
        if up:
            height = half * up / peak
            shapes.append(
                f'<rect x="{x:.1f}" y="{axis - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="#15803d" class="chart-up">'
                f"<title>{label}</title></rect>"
            )
        if down:
            height = half * down / peak
            shapes.append(
                f'<rect x="{x:.1f}" y="{axis:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="#b91c1c" class="chart-down"><title>{label}</title></rect>'
            )
    first, last = french_date(days[0][0]), french_date(days[-1][0])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(up_label)} / {escape(down_label)}, {first} → {last}" '
        f'style="max-width:100%;height:auto">'
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{axis}" y2="{axis}" stroke="#78716c" '
        'class="chart-axis"/>'
        + "".join(shapes)
        + f'<text x="{PAD}" y="14" font-size="12" fill="#15803d" class="chart-up">'
        f"▲ {escape(up_label)} "
        f"(max {peak})</text>"
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 4}" font-size="12" fill="#b91c1c" '
        'class="chart-down" '
        f'text-anchor="end">▼ {escape(down_label)}</text>'
        f'<text x="{PAD}" y="{HEIGHT - 4}" font-size="11" fill="#57534e" class="chart-muted">'
        f"{first}</text>"
        "</svg>"
    )
