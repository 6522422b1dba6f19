"""Small step charts of a parameter's values over time, drawn as inline SVG at build time.

Hand-written rather than a plotting library: the output is a few dozen elements, byte-identical across
runs and machines (no fonts are measured or embedded: text inherits the page's font), and drawn in
``currentColor`` so it follows the light and the dark theme. Each chart is an ``<svg role="img">``
labelled by its ``<title>`` and ``<desc>`` (Norwegian); the history table beside it is the text
equivalent. Axis and point labels go through :mod:`tracker.site.numbers`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

from tracker.site.numbers import format_date, format_value

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 84, 24, 22, 30


def _n(x: float) -> str:
    """A coordinate with one decimal, written the same on every machine."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 × 10^k) giving about ``ticks`` steps from 0 to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _label(start: dt.date) -> str:
    return str(start.year) if (start.month, start.day) == (1, 1) else format_date(start)


def describe(points: Sequence[tuple[dt.date, float | None]], unit: str) -> str:
    """The chart in words: "Fra 2024: 40 %. Fra 2025: 30 %."."""
    return " ".join(f"Fra {_label(start)}: {format_value(value, unit)}." for start, value in points)


def step_chart(points: Sequence[tuple[dt.date, float | None]], unit: str, *, chart_id: str, title: str,
               until: dt.date | None = None) -> str:
    """An inline SVG step chart: each value holds from its start until the next (the last one until
    ``until``, by default the end of its year). ``None`` values (stated only as unchanged) leave a gap.
    Returns "" when no value is a number."""
    known = [(s, float(v)) for s, v in points if v is not None]
    if not known:
        return ""
    starts = [s for s, _ in points]
    end = until or dt.date(max(starts).year + 1, 1, 1)
    first = dt.date(min(starts).year, 1, 1)
    x_span = max((end - first).days, 1)
    step = nice_step(max(v for _, v in known) * 1.1)
    top = step * math.ceil(max(v for _, v in known) * 1.1 / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / x_span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    ids = f"{chart_id}-tittel {chart_id}-beskrivelse"
    out = [f'<svg class="isf-chart" role="img" aria-labelledby="{ids}" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" style="max-width:100%;height:auto" '
           f'xmlns="http://www.w3.org/2000/svg" font-size="12" fill="currentColor">',
           f'<title id="{chart_id}-tittel">{escape(title)}</title>',
           f'<desc id="{chart_id}-beskrivelse">{escape(describe(points, unit))}</desc>',
           '<g stroke="currentColor" stroke-opacity="0.25" stroke-width="1">']
    ticks = [step * i for i in range(int(round(top / step)) + 1)]
    out += [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y(t))}" y2="{_n(y(t))}"/>' for t in ticks]
    out.append("</g>")
    out += [f'<text x="{LEFT - 6}" y="{_n(y(t) + 4)}" text-anchor="end">{escape(format_value(t, unit))}</text>'
            for t in ticks]
    years = range(first.year, end.year + (1 if (end.month, end.day) != (1, 1) else 0))
    for year in years:
        middle = x(dt.date(year, 7, 2)) if year < end.year else (x(dt.date(year, 1, 1)) + x(end)) / 2
        out.append(f'<text x="{_n(middle)}" y="{HEIGHT - 10}" text-anchor="middle">{year}</text>')
    # The steps: one path per run of known values (an unknown value breaks the line).
    segments: list[list[str]] = []
    for i, (start, value) in enumerate(points):
        stop = points[i + 1][0] if i + 1 < len(points) else end
        if value is None:
            segments.append([])
            continue
        if not segments or not segments[-1]:
            segments.append([f"M{_n(x(start))} {_n(y(float(value)))}"])
        else:
            segments[-1].append(f"V{_n(y(float(value)))}")
        segments[-1].append(f"H{_n(x(stop))}")
    out += [f'<path d="{" ".join(s)}" fill="none" stroke="currentColor" stroke-width="2.5"/>' for s in segments if s]
    for start, value in known:
        out.append(f'<circle cx="{_n(x(start))}" cy="{_n(y(value))}" r="4"/>')
        out.append(f'<text x="{_n(x(start) + 6)}" y="{_n(y(value) - 8)}" font-weight="bold">'
                   f"{escape(format_value(value if not value.is_integer() else int(value), unit))}</text>")
    out.append("</svg>")
    return "".join(out)

