"""Dashboard charts: the geometry of each inline SVG chart, prepared here so the templates only
draw (no script, no inline styles), with a text alternative and the same numbers as a table."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from tracker.core.formatting import format_date
from tracker.plans import selectors
from tracker.plans.models import Brag

_CHART_WIDTH = 640
# (BRAG code, CSS modifier, word), in the order the bars stack.
_BRAG_KEYS: list[tuple[str, str, str]] = [
    (Brag.BLUE, "blue", "blue"),
    (Brag.GREEN, "green", "green"),
    (Brag.AMBER, "amber", "amber"),
    (Brag.RED, "red", "red"),
    ("", "none", "not rated"),
]


@dataclass(frozen=True)
class ChartRect:
    """One coloured block of a stacked bar, with its count drawn inside when it fits."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str
    count: int
    text_x: float
    text_y: float
    show_count: bool


@dataclass(frozen=True)
class ChartBar:
    label: str
    label_x: float
    label_y: float
    total: int
    total_x: float
    total_y: float
    rects: list[ChartRect]


@dataclass(frozen=True)
class ChartLine:
    """A grid line with its value, for the column chart's scale."""

    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A stacked bar chart of counts by BRAG, with its text alternative and the same numbers
    as a table."""

    key: str
    title: str
    summary: str
    height: int
    bars: list[ChartBar]
    lines: list[ChartLine]
    headers: list[str]
    rows: list[tuple[str, list[int]]]
    legend: list[tuple[str, str]] = field(
        default_factory=lambda: [(css, word.capitalize()) for _c, css, word in _BRAG_KEYS]
    )
    width: int = _CHART_WIDTH


def _in_words(counts: Counter[str] | dict[str, int]) -> str:
    return ", ".join(f"{counts.get(code, 0)} {word}" for code, _css, word in _BRAG_KEYS)


def _rect(
    *, x: float, y: float, width: float, height: float, css: str, title: str, count: int
) -> ChartRect:
    return ChartRect(
        x=round(x, 1),
        y=round(y, 1),
        width=round(width, 1),
        height=round(height, 1),
        css=css,
        title=title,
        count=count,
        text_x=round(x + width / 2, 1),
        text_y=round(y + height / 2 + 5, 1),
        show_count=width >= 20 and height >= 16,
    )


def theme_chart(overview: selectors.PlanOverview) -> Chart:
    """ "Progress by theme": one horizontal bar a theme, stacked by BRAG. A plan has a handful
    of themes, so the chart's size does not grow with the plan's sections."""
    left, right, row_height, bar_height = 230, 600, 30, 20
    scale = max((summary.total for _theme, summary in overview.themes), default=0) or 1
    bars = []
    for index, (theme, summary) in enumerate(overview.themes):
        y = 10 + index * row_height
        x = float(left)
        rects = []
        for code, css, word in _BRAG_KEYS:
            count = summary.by_brag.get(code, 0)
            if not count:
                continue
            width = (right - left) * count / scale
            rects.append(
                _rect(
                    x=x,
                    y=y,
                    width=width,
                    height=bar_height,
                    css=css,
                    title=f"{theme.name}: {count} {word}",
                    count=count,
                )
            )
            x += width
        bars.append(
            ChartBar(
                label=theme.name if len(theme.name) <= 30 else theme.name[:29].rstrip() + "…",
                label_x=left - 8,
                label_y=y + 15,
                total=summary.total,
                total_x=round(x + 6, 1),
                total_y=y + 15,
                rects=rects,
            )
        )
    total = overview.summary.by_brag
    count = len(overview.themes)
    return Chart(
        key=f"themes-{overview.plan.pk}",
        title="Progress by theme",
        summary=(
            f"Bar chart of the plan's actions in each of its {count} "
            f"theme{'' if count == 1 else 's'} by BRAG rating. In all: {_in_words(total)}. "
            "The table after the chart gives the numbers for each theme."
        ),
        height=20 + row_height * max(len(bars), 1),
        bars=bars,
        lines=[],
        headers=["Theme", *[word.capitalize() for _c, _css, word in _BRAG_KEYS], "Total"],
        rows=[
            (
                theme.name,
                [*[summary.by_brag.get(code, 0) for code, _css, _w in _BRAG_KEYS], summary.total],
            )
            for theme, summary in overview.themes
        ],
    )


def _date_label(on: datetime.date, today: datetime.date) -> str:
    return "Today" if on == today else f"{on:%b %Y}"


def over_time_chart(
    plan_id: int, points: list[tuple[datetime.date, Counter[str]]], today: datetime.date
) -> Chart:
    """ "BRAG over time": one column a date, stacked by BRAG."""
    top, bottom, left, right = 20, 220, 60, 620
    scale = max((sum(counts.values()) for _on, counts in points), default=0) or 1
    step = (right - left) / max(len(points), 1)
    column = min(48.0, step * 0.6)
    bars = []
    for index, (on, counts) in enumerate(points):
        x = left + step * index + (step - column) / 2
        y = float(bottom)
        rects = []
        for code, css, word in _BRAG_KEYS:
            count = counts.get(code, 0)
            if not count:
                continue
            height = (bottom - top) * count / scale
            y -= height
            rects.append(
                _rect(
                    x=x,
                    y=y,
                    width=column,
                    height=height,
                    css=css,
                    title=f"{format_date(on)}: {count} {word}",
                    count=count,
                )
            )
        bars.append(
            ChartBar(
                label=_date_label(on, today),
                label_x=round(x + column / 2, 1),
                label_y=bottom + 20,
                total=sum(counts.values()),
                total_x=round(x + column / 2, 1),
                total_y=round(y - 6, 1),
                rects=rects,
            )
        )
    lines = [
        ChartLine(y=round(bottom - (bottom - top) * value / scale, 1), label=str(value))
        for value in sorted({0, scale // 2, scale})
    ]
    first = format_date(points[0][0]) if points else ""
    latest = points[-1][1] if points else Counter()
    return Chart(
        key=f"over-time-{plan_id}",
        title="BRAG over time",
        summary=(
            f"Column chart of the plan's actions by BRAG rating at the end of each month from "
            f"{first} to today. Today: {_in_words(latest)}. "
            "The table after the chart gives the numbers for each date."
        ),
        height=bottom + 40,
        bars=bars,
        lines=lines,
        headers=["Date", *[word.capitalize() for _c, _css, word in _BRAG_KEYS], "Total"],
        rows=[
            (
                format_date(on),
                [*[counts.get(code, 0) for code, _css, _w in _BRAG_KEYS], sum(counts.values())],
            )
            for on, counts in points
        ],
    )


@dataclass(frozen=True)
class PlanCard:
    overview: selectors.PlanOverview
    theme_chart: Chart
    over_time_chart: Chart
