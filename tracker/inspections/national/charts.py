"""The distribution of grades as an inline SVG bar chart, in the shape the site's chart partial
(`templates/components/_brag_chart.html`) draws: one horizontal bar for England and one for each
region, stacked by overall effectiveness, with a text alternative and the numbers as a table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tracker.inspections.national.presenters import GRADE_KEYS

_WIDTH = 640


@dataclass(frozen=True)
class ChartRect:
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
class Chart:
    key: str
    title: str
    summary: str
    height: int
    bars: list[ChartBar]
    headers: list[str]
    rows: list[tuple[str, list[int]]]
    lines: list[object] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(
        default_factory=lambda: [(css, words) for _code, css, words in GRADE_KEYS]
    )
    width: int = _WIDTH


def _in_words(counts: Counter[str]) -> str:
    return ", ".join(f"{counts.get(code, 0)} {words.lower()}" for code, _css, words in GRADE_KEYS)


def distribution_chart(rows: list[tuple[str, Counter[str], int]]) -> Chart:
    """ "Overall effectiveness, nationally and by region": the bars are in proportion within
    each region (each bar is the region's whole), so small regions read as clearly as large."""
    left, right, row_height, bar_height = 190, 590, 30, 20
    bars = []
    for index, (label, counts, total) in enumerate(rows):
        y = 10 + index * row_height
        x = float(left)
        rects = []
        for code, css, words in GRADE_KEYS:
            count = counts.get(code, 0)
            if not count:
                continue
            width = (right - left) * count / (total or 1)
            rects.append(
                ChartRect(
                    x=round(x, 1),
                    y=y,
                    width=round(width, 1),
                    height=bar_height,
                    css=css,
                    title=f"{label}: {count} {words.lower()}",
                    count=count,
                    text_x=round(x + width / 2, 1),
                    text_y=y + 15,
                    show_count=width >= 20,
                )
            )
            x += width
        bars.append(
            ChartBar(
                label=label,
                label_x=left - 8,
                label_y=y + 15,
                total=total,
                total_x=round(x + 6, 1),
                total_y=y + 15,
                rects=rects,
            )
        )
    england = rows[0][1] if rows else Counter()
    return Chart(
        key="national-grades",
        title="Overall effectiveness, nationally and by region",
        summary=(
            "Bar chart of the latest overall effectiveness judgement of each local authority "
            f"held, for England and for each region. England: {_in_words(england)}. Each bar "
            "is the whole of its region. The table after the chart gives the numbers."
        ),
        height=20 + row_height * max(len(bars), 1),
        bars=bars,
        headers=["Area", *[words for _c, _css, words in GRADE_KEYS], "Total"],
        rows=[
            (label, [*[counts.get(code, 0) for code, _c, _w in GRADE_KEYS], total])
            for label, counts, total in rows
        ],
    )
