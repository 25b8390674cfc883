"""Bar charts as plain geometry, drawn as SVG by templates/dashboard/_chart.html.

Server-rendered, no JavaScript: the numbers here become rectangles, axis ticks and a legend.
Every colour has at least 3:1 contrast with the white background (WCAG 1.4.11), stacked
segments are separated by a white line, and the data table beside each chart carries the
same numbers for anyone who cannot see colour or shape.
"""

import math
from dataclasses import dataclass, field

# Okabe-Ito inspired, darkened where needed for contrast on white.
PALETTE = ["#154273", "#D55E00", "#007A5E", "#8E3B8E", "#8A5A00", "#0072B2", "#4A4A4A", "#A3195B"]

WIDTH = 640
ROW = 26  # height of one bar in a horizontal chart
LEGEND_ROW = 22
LEGEND_ITEM = 155


@dataclass(frozen=True)
class Series:
    """One named set of values, one per category (None counts as zero)."""

    name: str
    values: list[float | None]
    color: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str
    label: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    """What the SVG template draws; ``title`` and ``description`` become <title> and <desc>."""

    id: str
    title: str
    description: str
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    rects: list[Rect] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    gridlines: list[tuple[float, float, float, float]] = field(default_factory=list)
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, color, name
    reference: tuple[float, float, float, float, Text] | None = None


def color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def column_chart(
    id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    *,
    stacked: bool = True,
    percent: bool = False,
    reference: tuple[float, str] | None = None,
    format_value=str,
) -> Chart:
    """Vertical bars per category: stacked or side by side, counts or shares (0..1).

    ``reference`` draws a dashed line at a value (e.g. the norm) with its label.
    """
    legend_rows = math.ceil(len(series) / 4) if len(series) > 1 else 0
    height = 300 + legend_rows * LEGEND_ROW
    left, top, right, bottom = 56.0, 16.0, WIDTH - 12.0, 250.0
    chart = Chart(id, title, description, WIDTH, height, (left, top, right, bottom))
    totals = [
        sum(s.values[i] or 0 for s in series) if stacked else max((s.values[i] or 0 for s in series), default=0)
        for i in range(len(categories))
    ]
    ceiling, step = (1.0, 0.25) if percent else _nice_axis(max([*totals, reference[0] if reference else 0, 0]))
    scale = (bottom - top) / ceiling
    for tick in _frange(0, ceiling, step):
        y = bottom - tick * scale
        chart.gridlines.append((left, y, right, y))
        text = f"{round(tick * 100)}%" if percent else format_value(tick)
        chart.labels.append(Text(left - 6, y + 4, text, "end"))
    slot = (right - left) / max(len(categories), 1)
    bar = slot * 0.7
    every = max(1, math.ceil(len(categories) / ((right - left) // 46)))
    for i, category in enumerate(categories):
        x0 = left + i * slot + (slot - bar) / 2
        if i % every == 0:
            chart.labels.append(Text(left + i * slot + slot / 2, bottom + 18, category))
        base = bottom
        for n, s in enumerate(series):
            value = s.values[i] or 0
            if value <= 0:
                continue
            shown = f"{round(value * 100)}%" if percent else format_value(value)
            label = f"{s.name}, {category}: {shown}" if len(series) > 1 else f"{category}: {shown}"
            h = value * scale
            if stacked:
                chart.rects.append(Rect(x0, base - h, bar, h, s.color, label))
                base -= h
            else:
                width = bar / len(series)
                chart.rects.append(Rect(x0 + n * width, bottom - h, width, h, s.color, label))
    if reference is not None:
        value, text = reference
        y = bottom - value * scale
        chart.reference = (left, y, right, y, Text(right, y - 5, text, "end"))
    _add_legend(chart, series if len(series) > 1 else [], 270)
    return chart


def bar_chart(
    id: str, title: str, description: str, categories: list[str], series: list[Series], *, format_value=str
) -> Chart:
    """Horizontal stacked bars, one row per category: for long names such as owners."""
    legend_rows = math.ceil(len(series) / 4) if len(series) > 1 else 0
    left, top, right = 190.0, 8.0, WIDTH - 16.0
    bottom = top + ROW * max(len(categories), 1)
    height = int(bottom + 30 + legend_rows * LEGEND_ROW + 8)
    chart = Chart(id, title, description, WIDTH, height, (left, top, right, bottom))
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
    ceiling, step = _nice_axis(max([*totals, 0]))
    scale = (right - left) / ceiling
    for tick in _frange(0, ceiling, step):
        x = left + tick * scale
        chart.gridlines.append((x, top, x, bottom))
        chart.labels.append(Text(x, bottom + 18, format_value(tick)))
    for i, category in enumerate(categories):
        y = top + i * ROW + 4
        chart.labels.append(Text(left - 8, y + 14, _shorten(category, 26), "end"))
        start = left
        for s in series:
            value = s.values[i] or 0
            if value <= 0:
                continue
            w = value * scale
            chart.rects.append(Rect(start, y, w, ROW - 8, s.color, f"{category}, {s.name}: {format_value(value)}"))
            start += w
    _add_legend(chart, series if len(series) > 1 else [], bottom + 36)
    return chart


def _add_legend(chart: Chart, series: list[Series], y: float) -> None:
    for n, s in enumerate(series):
        row, column = divmod(n, 4)
        chart.legend.append((16 + column * LEGEND_ITEM, y + row * LEGEND_ROW, s.color, s.name))


def _nice_axis(maximum: float) -> tuple[float, float]:
    """A round top of the axis and a step that gives about four gridlines (counts: step ≥ 1)."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0) if maximum >= 1 else step
    return math.ceil(maximum / step) * step, step


def _frange(start: float, stop: float, step: float):
    count = round((stop - start) / step)
    return [start + i * step for i in range(count + 1)]


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
