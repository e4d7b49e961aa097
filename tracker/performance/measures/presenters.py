"""How measures' numbers read on screen and in documents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.core.formatting import format_date
from tracker.performance.measures.selectors import (
    MeasureDetail,
    PeriodValues,
    ScorecardRow,
)
from tracker.performance.models import MeasureValue, Target, Unit


def format_number(value: Decimal | None) -> str:
    """A number without trailing zeros, with thousands separated: "1,234.5"; "" for none."""
    if value is None:
        return ""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        normal = normal.quantize(Decimal(1))
    return f"{normal:,f}"


def format_value(value: Decimal | None, *, unit: str) -> str:
    """A value in its unit: "21.5%", "1,234", "12 days", "345.2 per 10,000"; "" for none."""
    if value is None:
        return ""
    number = format_number(value)
    if unit == Unit.PERCENTAGE:
        return f"{number}%"
    if unit == Unit.DAYS:
        return f"{number} day" if value == 1 else f"{number} days"
    if unit == Unit.RATE_PER_10000:
        return f"{number} per 10,000"
    return number


def unit_suffix(unit: str) -> str:
    """The unit as a column heading's suffix: " (%)", " (days)", " (per 10,000 children)"."""
    return {
        Unit.PERCENTAGE: " (%)",
        Unit.DAYS: " (days)",
        Unit.RATE_PER_10000: " (per 10,000 children)",
    }.get(Unit(unit), "")


# Rows for the pages' tables, prepared so the templates only loop ----------------------------


@dataclass(frozen=True)
class ScorecardLine:
    """A scorecard row as shown: every figure already in words."""

    row: ScorecardRow
    url: str
    value: str
    period: str
    target: str
    statistical_neighbours: str
    england: str
    region: str
    missing: str


def scorecard_line(row: ScorecardRow) -> ScorecardLine:
    """A scorecard row's figures in their unit, and the latest period still awaited, if any."""
    unit = row.measure.unit
    latest = row.latest
    return ScorecardLine(
        row=row,
        url=row.measure.get_absolute_url(),
        value=format_value(latest.value, unit=unit) if latest else "No value yet",
        period=row.period_label,
        target=format_value(row.target, unit=unit) or "None set",
        statistical_neighbours=format_value(latest.statistical_neighbours, unit=unit)
        if latest
        else "",
        england=format_value(latest.england, unit=unit) if latest else "",
        region=format_value(latest.region, unit=unit) if latest else "",
        missing="" if row.has_expected_value else f"{row.expected_period_label} not recorded",
    )


def measure_summary_rows(detail: MeasureDetail) -> list[tuple[str, str]]:
    """The measure's definition as (key, value) rows of a summary list."""
    measure = detail.measure
    rows = [
        ("Reference", measure.reference),
        ("Definition", measure.definition or "Not given"),
        ("Unit", measure.get_unit_display()),
        ("Which direction is better", measure.get_direction_display()),
        ("Frequency", measure.get_frequency_display()),
        ("Source", measure.source or "Not given"),
        (
            "Tolerance",
            format_value(measure.tolerance, unit=measure.unit)
            + (" (percentage points)" if measure.unit == Unit.PERCENTAGE else ""),
        ),
    ]
    if measure.retired_on is not None:
        rows.append(("Retired", format_date(measure.retired_on)))
    return rows


@dataclass(frozen=True)
class ValueLine:
    """A value as shown in a period's history."""

    value: MeasureValue
    figure: str
    recorded: str
    note: str


@dataclass(frozen=True)
class PeriodLine:
    period: PeriodValues
    current: ValueLine
    superseded: list[ValueLine]
    target: str
    statistical_neighbours: str
    england: str
    region: str


def _value_line(value: MeasureValue, *, unit: str) -> ValueLine:
    who = value.recorded_by_name or "Imported"
    return ValueLine(
        value=value,
        figure=format_value(value.value, unit=unit),
        recorded=f"{format_date(value.created_at)} by {who}",
        note=value.note,
    )


def period_lines(detail: MeasureDetail) -> list[PeriodLine]:
    """The measure's periods, newest first, each with the values it replaced."""
    unit = detail.measure.unit
    return [
        PeriodLine(
            period=period,
            current=_value_line(period.current, unit=unit),
            superseded=[_value_line(value, unit=unit) for value in period.superseded],
            target=format_value(period.target, unit=unit) or "None set",
            statistical_neighbours=format_value(period.current.statistical_neighbours, unit=unit),
            england=format_value(period.current.england, unit=unit),
            region=format_value(period.current.region, unit=unit),
        )
        for period in reversed(detail.periods)
    ]


@dataclass(frozen=True)
class TargetLine:
    target: Target
    figure: str
    applies_from: str
    until: str


def target_lines(detail: MeasureDetail) -> list[TargetLine]:
    """The measure's targets, oldest first, each with when the next one takes over."""
    unit = detail.measure.unit
    targets = detail.targets
    return [
        TargetLine(
            target=target,
            figure=format_value(target.value, unit=unit),
            applies_from=format_date(target.applies_from),
            until=(
                f"Until {format_date(targets[index + 1].applies_from)}"
                if index + 1 < len(targets)
                else "Until a new target is set"
            ),
        )
        for index, target in enumerate(targets)
    ]
