"""Server-side SVG charts for the progress board (no script, no external library).

:func:`line_chart` draws one line per series over dates; every label is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

# Colour-blind-safe palette (Okabe–Ito), cycled.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
Point = tuple[str, float]


def as_day(value: str) -> dt.date | None:
    """An ISO date, month (first day) or year (1 January); None for unknown years (XXXX-…)."""
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _ticks(low: float, high: float, n: int = 4) -> list[float]:
    if high <= low:
        return [low]
    step = (high - low) / n
    return [low + i * step for i in range(n + 1)]


def _number(value: float) -> str:
    if abs(value) >= 10000:
        return f"{value / 10000:.1f}万"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:.1f}"


def line_chart(
    series: Mapping[str, Sequence[Point]],
    *,
    width: int = 720,
    height: int = 260,
    title: str = "",
) -> Markup:
    """One line per named series of (ISO date, value); points without a known date are left out."""
    dated = {
        name: sorted((d, float(v)) for s, v in points if (d := as_day(str(s))) is not None)
        for name, points in series.items()
    }
    dated = {name: pts for name, pts in dated.items() if pts}
    label = escape(title or "指标随时间变化")
    if not dated:
        return Markup(
            f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} 40" '
            f'width="{width}" height="40"><text x="8" y="24">暂无带日期的指标</text></svg>'
        )
    left, right, top, bottom = 56, 160, 16, 36
    days = [d for pts in dated.values() for d, _ in pts]
    values = [v for pts in dated.values() for _, v in pts]
    d0, d1 = min(days), max(days)
    v0, v1 = min(0.0, min(values)), max(values) or 1.0
    span_days = max((d1 - d0).days, 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: dt.date) -> float:
        return left + ((day - d0).days / span_days) * plot_w if d1 != d0 else left + plot_w / 2

    def y(value: float) -> float:
        return top + plot_h - (value - v0) / (v1 - v0) * plot_h

    out = [
        f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{label}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#d0d7de"/>',
    ]
    for tick in _ticks(v0, v1):
        ty = y(tick)
        out.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#eef1f4"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{_number(tick)}</text>'
        )
    for day in sorted({d0, d1}):
        out.append(
            f'<text x="{x(day):.1f}" y="{height - 12}" text-anchor="middle">{day.isoformat()}</text>'
        )
    for i, (name, pts) in enumerate(sorted(dated.items())):
        colour = PALETTE[i % len(PALETTE)]
        coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in pts)
        out.append(f'<polyline class="line" points="{coords}" stroke="{colour}"/>')
        for d, v in pts:
            tip = escape(f"{name} {d.isoformat()}：{_number(v)}")
            out.append(
                f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                f"<title>{tip}</title></circle>"
            )
        ly = top + 14 + i * 16
        out.append(
            f'<rect x="{width - right + 12}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{width - right + 28}" y="{ly}">{escape(name[:12])}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
