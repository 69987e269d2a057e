"""Bar charts as geometry, computed at build time; one template macro draws them as inline
SVG. No charting library: a few bars with an axis is less code than adapting one, needs
no JavaScript, prints, and stays free of other sites. Each chart is shown next to a table
of the same numbers, which is what screen readers read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .measures import MISMATCH

WIDTH = 320
HEIGHT = 180
LEFT = 40
RIGHT = 8
TOP = 14
BOTTOM = 24
#: Below this width per category (in SVG units, 9-unit text), a year and 「未收录」 no longer fit side by side.
NARROW_SLOT = 28


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    series: int
    """Index of the series, for the colour class and the legend."""
    label: str
    value: int


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    """The category under the bar (a year)."""
    total_text: str
    """The value printed above the bar; empty when not reported."""
    top: float
    segments: tuple[Segment, ...]
    reported: bool
    missing: bool = False
    """No report for this category (a year the portal does not hold): a gap marked 未收录."""
    mismatch_url: str = ""
    """Drawn from the parts of a total the report printed otherwise (nianbao.views.measures):
    the value carries a mark, and the caption links this report page's notice."""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    """One sentence naming what is drawn, for assistive technology."""
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    legend: tuple[str, ...] = ()
    narrow: bool = False
    """Many categories: axis labels shortened (「’08」) and 未收录 written upright, so
    that neighbours never overlap."""
    marks: tuple[tuple[str, str], ...] = ()
    """(category, link to the report's notice) of every bar marked 「原文合计不符」."""
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT

    @property
    def points(self) -> int:
        """How many categories have a drawn value: below two, a chart implies a trend it has not."""
        return sum(1 for bar in self.bars if bar.reported)


def nice_ceiling(value: int) -> tuple[int, int]:
    """A round axis maximum ≥ value and its step (1, 2 or 5 × 10ⁿ; four steps or so)."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def bar_chart(
    chart_id: str,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[int | None]]],
    missing: frozenset[int] = frozenset(),
    marks: dict[int, str] | None = None,
) -> Chart:
    """Bars per category; several series stack. A category with any unreported value is
    drawn as an empty outlined bar marked 未填报; a category index in ``missing`` (no
    report at all) as a gap marked 未收录, so that the axis never skips a year silently.
    A category index in ``marks`` was computed from the parts of a total its report printed
    otherwise: marked, with the link given."""
    marks = marks or {}
    totals = []
    for index in range(len(categories)):
        values = [values[index] for _, values in series]
        totals.append(None if index in missing or any(v is None for v in values) else sum(values))
    top, step = nice_ceiling(max((t for t in totals if t is not None), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(categories))
    width = min(36.0, slot * 0.6)
    bars = []
    for index, category in enumerate(categories):
        x = LEFT + slot * index + (slot - width) / 2
        total = totals[index]
        segments = []
        y = HEIGHT - BOTTOM
        if total is not None:
            for number, (name, values) in enumerate(series):
                height = values[index] / top * plot_height
                y -= height
                segments.append(Segment(round(y, 1), round(height, 1), number, name, values[index]))
        bars.append(
            Bar(
                round(x, 1),
                round(width, 1),
                category,
                "" if total is None else str(total),
                round(y, 1),
                tuple(segments),
                total is not None,
                index in missing,
                marks.get(index, ""),
            )
        )
    ticks = tuple((round(HEIGHT - BOTTOM - v / top * plot_height, 1), str(v)) for v in range(0, top + 1, step))
    described = "；".join(
        f"{b.label}年 {b.total_text or ('未收录' if b.missing else '未填报')}"
        + (f"（{MISMATCH}，按各项之和）" if b.mismatch_url else "")
        for b in bars
    )
    legend = tuple(name for name, _ in series) if len(series) > 1 else ()
    marked = tuple((b.label, b.mismatch_url) for b in bars if b.mismatch_url)
    return Chart(
        chart_id, title, f"{title}：{described}", tuple(bars), ticks, legend, narrow=slot < NARROW_SLOT, marks=marked
    )
