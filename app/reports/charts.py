"""Small SVG bar charts for the PDF reports, drawn from plain numbers.

Pure functions, no charting library: the output is an SVG document in millimetres that
WeasyPrint embeds as an image. Every chart in a report sits next to a table with the
same numbers, so the chart may round and the table stays exact.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "DejaVu Sans"
TEXT = "#1b1b1f"
MUTED = "#5b5b66"
GRID = "#d4d4da"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]  # one per category
    colour: str


@dataclass(frozen=True)
class Marker:
    """A value drawn as a vertical stroke across each category's bars (e.g. capacity)."""

    label: str
    values: tuple[float | None, ...]
    colour: str = "#1b1b1f"


def nice_step(maximum: float, ticks: int = 5, whole: bool = False) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines;
    `whole`: at least 1, for counts of people."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    if whole and raw <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    marker: Marker | None = None,
    fmt: Callable[[float], str] = lambda value: f"{value:g}",
    maximum: float | None = None,
    whole: bool = False,
    width: float = 170.0,
    bar: float = 3.4,
) -> str:
    """Horizontal grouped bars: per category its label on a line of its own (long
    workgroup titles fit), then one bar per series with its value at the end. `whole`:
    the values count people, so the scale never shows fractions."""
    values = [v for s in series for v in s.values if v is not None]
    if marker is not None:
        values += [v for v in marker.values if v is not None]
    top = maximum if maximum is not None else max(values, default=0)
    step = nice_step(top, whole=whole)
    top = max(step, math.ceil(top / step - 1e-9) * step)

    font, small = 3.0, 2.6
    legend_h, label_h, gap, axis_h = 7.0, 4.4, 3.2, 5.0
    plot_x, plot_w = 0.5, width - 14.0
    group_h = label_h + len(series) * (bar + 0.7) + gap
    height = legend_h + len(categories) * group_h + axis_h

    def x_of(value: float) -> float:
        return plot_x + plot_w * min(value, top) / top

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}mm" height="{height:.1f}mm" '
        f'viewBox="0 0 {width:g} {height:.1f}" font-family="{FONT}" font-size="{font}" fill="{TEXT}">'
    ]
    # Legend.
    x = plot_x
    for item in series:
        out.append(f'<rect x="{x:.1f}" y="1.2" width="3" height="3" fill="{item.colour}"/>')
        out.append(f'<text x="{x + 4:.1f}" y="3.9">{escape(item.label)}</text>')
        x += 8 + 1.75 * len(item.label)
    if marker is not None:
        out.append(f'<rect x="{x + 1.2:.1f}" y="0.8" width="0.6" height="3.8" fill="{marker.colour}"/>')
        out.append(f'<text x="{x + 3:.1f}" y="3.9">{escape(marker.label)}</text>')

    plot_top, plot_bottom = legend_h, height - axis_h
    # Gridlines and the scale.
    tick = 0.0
    while tick <= top + 1e-9:
        gx = x_of(tick)
        out.append(
            f'<line x1="{gx:.2f}" y1="{plot_top:.1f}" x2="{gx:.2f}" y2="{plot_bottom:.1f}" '
            f'stroke="{GRID}" stroke-width="0.2"/>'
        )
        anchor = "start" if tick == 0 else "middle"
        out.append(
            f'<text x="{gx:.2f}" y="{height - 1.2:.1f}" font-size="{small}" fill="{MUTED}" '
            f'text-anchor="{anchor}">{escape(fmt(tick))}</text>'
        )
        tick += step

    y = plot_top
    for index, category in enumerate(categories):
        out.append(f'<text x="{plot_x:.1f}" y="{y + 3.2:.1f}" font-weight="bold">{escape(category)}</text>')
        by = y + label_h
        mark = marker.values[index] if marker is not None else None
        for item in series:
            value = item.values[index]
            if value is not None:
                end = x_of(value)
                label_x = max(end, x_of(mark) + 0.3) if mark is not None and 0 <= x_of(mark) - end < 6 else end
                out.append(
                    f'<rect x="{plot_x:.1f}" y="{by:.2f}" width="{max(end - plot_x, 0.3):.2f}" '
                    f'height="{bar}" fill="{item.colour}"/>'
                )
                out.append(
                    f'<text x="{label_x + 1:.2f}" y="{by + bar - 0.7:.2f}" font-size="{small}">'
                    f"{escape(fmt(value))}</text>"
                )
            by += bar + 0.7
        if marker is not None and mark is not None:
            mx = x_of(mark)
            out.append(
                f'<rect x="{mx - 0.3:.2f}" y="{y + label_h - 0.8:.2f}" width="0.6" '
                f'height="{by - y - label_h + 0.8:.2f}" fill="{marker.colour}"/>'
            )
        y += group_h
    out.append(
        f'<line x1="{plot_x}" y1="{plot_top:.1f}" x2="{plot_x}" y2="{plot_bottom:.1f}" stroke="{TEXT}" '
        'stroke-width="0.3"/>'
    )
    out.append("</svg>")
    return "".join(out)


def data_uri(svg: str) -> str:
    """The SVG as a data: URL, which the reports' URL fetcher accepts."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def alt_text(title: str, categories: Sequence[str], series: Sequence[Series], fmt=lambda v: f"{v:g}") -> str:
    """A text alternative: the same numbers as a sentence per category."""
    parts = []
    for index, category in enumerate(categories):
        numbers = ", ".join(f"{s.label} {fmt(s.values[index])}" for s in series if s.values[index] is not None)
        parts.append(f"{category}: {numbers}")
    return f"{title}. " + "; ".join(parts) + "."
