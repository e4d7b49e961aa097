"""Named rules about measures, pure functions of their inputs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models

from tracker.performance.models import Direction, Frequency


class Rag(models.TextChoices):
    """A value's rating against its target."""

    GREEN = "green", "Green (on or better than target)"
    AMBER = "amber", "Amber (worse than target, within tolerance)"
    RED = "red", "Red (worse than target beyond tolerance)"
    __empty__ = "Not rated"

    @classmethod
    def word(cls, value: str) -> str:
        """The rating's colour alone ("Amber"), or "Not rated"."""
        return cls(value).name.title() if value else "Not rated"


RAG_RULE_NAME = "Target and tolerance rule"
RAG_RULE = (
    "A value on its target, or better than it in the measure's direction, is green. A value "
    "worse than its target by no more than the measure's tolerance is amber; worse by more than "
    "the tolerance, red. A measure with no target for the period, or no value, is not rated."
)


def rag_against_target(
    *,
    value: Decimal | None,
    target: Decimal | None,
    tolerance: Decimal,
    direction: str,
) -> str:
    """The target and tolerance rule (`RAG_RULE`), giving a `Rag` value ("" for not rated).

    The tolerance boundary is amber: a value exactly the tolerance worse than its target is
    within tolerance.
    """
    if value is None or target is None:
        return ""
    shortfall = target - value if direction == Direction.HIGHER_IS_BETTER else value - target
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= abs(tolerance):
        return Rag.AMBER
    return Rag.RED


def target_for_period(
    targets: Iterable[tuple[datetime.date, Decimal]], *, period_end: datetime.date
) -> Decimal | None:
    """The target in force for a period: the one with the latest start on or before the
    period's end. `targets` are (applies_from, value) pairs in any order."""
    best: tuple[datetime.date, Decimal] | None = None
    for applies_from, value in targets:
        if applies_from <= period_end and (best is None or applies_from > best[0]):
            best = (applies_from, value)
    return best[1] if best else None


def is_better(*, value: Decimal, than: Decimal, direction: str) -> bool:
    """Whether `value` is better than `than` in the measure's direction."""
    return value > than if direction == Direction.HIGHER_IS_BETTER else value < than


# Periods ------------------------------------------------------------------------------------------
#
# A value covers a period named by its last day: a month's last day; a quarter's (30 June,
# 30 September, 31 December, 31 March); a financial year's (31 March), as councils report.

VALUE_DUE_AFTER_DAYS = 30
PERIOD_RULE = (
    "A monthly value is for a calendar month, a quarterly one for a quarter ending in June, "
    "September, December or March, and an annual one for a financial year ending 31 March. "
    f"A period's value is due {VALUE_DUE_AFTER_DAYS} days after the period ends."
)
_QUARTER_END_MONTHS = (3, 6, 9, 12)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of `day`'s month."""
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def is_period_end(*, frequency: str, day: datetime.date) -> bool:
    """Whether `day` is the last day of a period of this frequency."""
    if day != month_end(day):
        return False
    if frequency == Frequency.QUARTERLY:
        return day.month in _QUARTER_END_MONTHS
    if frequency == Frequency.ANNUAL:
        return day.month == 3
    return True


def period_end_problem(*, frequency: str, day: datetime.date) -> str:
    """Why `day` cannot end a period of this frequency, in an officer's words ("" if it can)."""
    if is_period_end(frequency=frequency, day=day):
        return ""
    if frequency == Frequency.QUARTERLY:
        return "A quarter ends on 30 June, 30 September, 31 December or 31 March"
    if frequency == Frequency.ANNUAL:
        return "A year ends on 31 March"
    return "A month's value is dated the last day of the month"


def previous_period_end(*, frequency: str, period_end: datetime.date) -> datetime.date:
    """The end of the period before the one ending `period_end`."""
    months = {"monthly": 1, "quarterly": 3}.get(str(frequency), 12)
    day = period_end
    for _ in range(months):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return day


def latest_expected_period_end(*, frequency: str, today: datetime.date) -> datetime.date:
    """The last period whose value should be in by `today`: the latest period end at least
    `VALUE_DUE_AFTER_DAYS` before it (`PERIOD_RULE`)."""
    day = month_end(today - datetime.timedelta(days=VALUE_DUE_AFTER_DAYS))
    if day > today - datetime.timedelta(days=VALUE_DUE_AFTER_DAYS):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    while not is_period_end(frequency=frequency, day=day):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return day
