"""A measure's trend chart: the geometry of an inline SVG line chart of its values, its target
and the England average, prepared here so the template only draws (no script, no inline
styles, as `tracker/plans/charts.py`). The chart has a title and a text alternative stating
the latest figures, and the same numbers come as a table beside it.

The three lines differ by more than colour (WCAG 1.4.1): values are a solid line with round
markers, the target a dashed stepped line, the England average a dotted line with square
markers; the legend shows each.

`trend_chart` takes plain points, so documents can draw the same chart from their own data.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.performance.measures.presenters import format_number, format_value, unit_suffix
from tracker.performance.measures.selectors import MeasureDetail
from tracker.performance.models import Frequency, Measure

WIDTH = 640
HEIGHT = 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 620, 20, 250
# At most this many period labels along the bottom; the table names every period.
_MAX_LABELS = 8


@dataclass(frozen=True)
class TrendPoint:
    """One period of the chart: its label in full (for the table and the markers' titles) and
    short (for the axis), with the value, target and comparators, any of them missing. The
    chart draws the value, target and England average; the table beside it gives every
    comparator recorded."""

    label: str
    short_label: str
    value: Decimal | None
    target: Decimal | None
    england: Decimal | None
    statistical_neighbours: Decimal | None = None
    region: Decimal | None = None


@dataclass(frozen=True)
class Marker:
    """A point of a line, with its figure in words for the tooltip."""

    x: float
    y: float
    title: str

    @property
    def square_x(self) -> float:
        """The left edge of a 6-pixel square marker centred on the point."""
        return round(self.x - 3, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class AxisLabel:
    position: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    """A line chart with its text alternative, legend and table."""

    key: str
    title: str
    summary: str
    value_path: str
    target_path: str
    england_path: str
    value_markers: list[Marker]
    england_markers: list[Marker]
    y_lines: list[AxisLabel]
    x_labels: list[AxisLabel]
    headers: list[str]
    rows: list[tuple[str, list[str]]]
    has_target: bool
    has_england: bool
    is_empty: bool
    width: int = WIDTH
    height: int = HEIGHT
    left: int = _LEFT
    right: int = _RIGHT
    bottom: int = _BOTTOM
    axis_x: int = _LEFT - 6
    label_y: int = _BOTTOM + 20


def _nice_step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving four or five grid lines up to
    `top`."""
    raw = top / 4
    power = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def _path(points: Sequence[tuple[float, float] | None], *, stepped: bool = False) -> str:
    """An SVG path through the points, broken where one is missing; a stepped path holds each
    value until the next point (a target applies until the next one starts)."""
    parts: list[str] = []
    previous: tuple[float, float] | None = None
    for point in points:
        if point is None:
            previous = None
            continue
        x, y = point
        if previous is None:
            parts.append(f"M{x:.1f} {y:.1f}")
        elif stepped and previous[1] != y:
            parts.append(f"H{x:.1f} V{y:.1f}")
        else:
            parts.append(f"L{x:.1f} {y:.1f}")
        previous = point
    return " ".join(parts)


def trend_chart(
    *, key: str, title: str, unit: str, points: Sequence[TrendPoint], what: str
) -> TrendChart:
    """A line chart of `points` (oldest first). `what` names the measure in the text
    alternative."""
    numbers = [
        float(number)
        for point in points
        for number in (point.value, point.target, point.england)
        if number is not None
    ]
    top = max(numbers, default=0.0)
    step = _nice_step(top * 1.05) if top > 0 else 1.0
    scale_top = step * math.ceil(top * 1.05 / step) if top > 0 else 4.0
    span = _BOTTOM - _TOP

    def y_of(number: Decimal) -> float:
        return _BOTTOM - span * float(number) / scale_top

    count = len(points)
    gap = (_RIGHT - _LEFT - 20) / max(count - 1, 1)

    def x_of(index: int) -> float:
        return _LEFT + 10 + (gap * index if count > 1 else (_RIGHT - _LEFT - 20) / 2)

    def line(attribute: str) -> list[tuple[float, float] | None]:
        coordinates: list[tuple[float, float] | None] = []
        for index, point in enumerate(points):
            number = getattr(point, attribute)
            coordinates.append(None if number is None else (x_of(index), y_of(number)))
        return coordinates

    every = max(1, math.ceil(count / _MAX_LABELS))
    x_labels = [
        AxisLabel(position=round(x_of(index), 1), label=point.short_label)
        for index, point in enumerate(points)
        if (count - 1 - index) % every == 0
    ]
    lines_at = [step * index for index in range(round(scale_top / step) + 1)]
    y_lines = [
        AxisLabel(position=round(_BOTTOM - span * at / scale_top, 1), label=_tick(at))
        for at in lines_at
    ]
    value_markers = [
        Marker(x=round(x_of(i), 1), y=round(y_of(p.value), 1), title=f"{p.label}: {_v(p, unit)}")
        for i, p in enumerate(points)
        if p.value is not None
    ]
    england_markers = [
        Marker(
            x=round(x_of(i), 1),
            y=round(y_of(p.england), 1),
            title=f"{p.label}: England average {format_value(p.england, unit=unit)}",
        )
        for i, p in enumerate(points)
        if p.england is not None
    ]
    # The comparators beyond England are in the table when any period has them.
    extra_comparators = [
        (name, field)
        for name, field in (
            ("Statistical neighbours", "statistical_neighbours"),
            ("Region", "region"),
        )
        if any(getattr(point, field) is not None for point in points)
    ]
    has_target = any(point.target is not None for point in points)
    has_england = bool(england_markers)
    suffix = unit_suffix(unit)
    return TrendChart(
        key=key,
        title=title,
        summary=_summary(what=what, unit=unit, points=points),
        value_path=_path(line("value")),
        target_path=_path(line("target"), stepped=True),
        england_path=_path(line("england")),
        value_markers=value_markers,
        england_markers=england_markers,
        y_lines=y_lines,
        x_labels=x_labels,
        headers=["Period", f"Value{suffix}", f"Target{suffix}", f"England average{suffix}"]
        + [f"{name}{suffix}" for name, _ in extra_comparators],
        rows=[
            (
                point.label,
                [
                    format_number(point.value),
                    format_number(point.target) or "None set",
                    format_number(point.england) or "Not known",
                ]
                + [
                    format_number(getattr(point, field)) or "Not known"
                    for _, field in extra_comparators
                ],
            )
            for point in points
        ],
        has_target=has_target,
        has_england=has_england,
        is_empty=not value_markers,
    )


def _v(point: TrendPoint, unit: str) -> str:
    return format_value(point.value, unit=unit)


def _tick(at: float) -> str:
    return f"{at:,.0f}" if at == int(at) else f"{at:,.1f}"


def _summary(*, what: str, unit: str, points: Sequence[TrendPoint]) -> str:
    recorded = [point for point in points if point.value is not None]
    if not recorded:
        return f"Line chart of {what}: no values recorded yet."
    first, latest = recorded[0], recorded[-1]
    sentence = (
        f"Line chart of {what} for {len(recorded)} "
        f"period{'s' if len(recorded) != 1 else ''} from {first.label} to {latest.label}. "
        f"{first.label}: {_v(first, unit)}. {latest.label}: {_v(latest, unit)}"
    )
    if latest.target is not None:
        sentence += f", against a target of {format_value(latest.target, unit=unit)}"
    if latest.england is not None:
        sentence += f"; England average {format_value(latest.england, unit=unit)}"
    return sentence + ". The table beside the chart gives every period's figures."


def _short_label(*, frequency: str, period_end: datetime.date) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{period_end:%b %y}"
    if frequency == Frequency.QUARTERLY:
        return f"Q to {period_end:%b %y}"
    return f"{period_end.year - 1}-{period_end:%y}"


def measure_trend_chart(detail: MeasureDetail) -> TrendChart:
    """The trend chart of a measure's page: every period with a value in force."""
    measure: Measure = detail.measure
    points = [
        TrendPoint(
            label=period.label,
            short_label=_short_label(frequency=measure.frequency, period_end=period.period_end),
            value=period.current.value,
            target=period.target,
            england=period.current.england,
            statistical_neighbours=period.current.statistical_neighbours,
            region=period.current.region,
        )
        for period in detail.periods
    ]
    return trend_chart(
        key=f"measure-{measure.pk}-trend",
        title=f"{measure.name} over time",
        unit=measure.unit,
        points=points,
        what=measure.name,
    )
