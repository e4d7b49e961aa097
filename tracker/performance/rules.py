"""Named rules about measures, pure functions of their inputs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models

from tracker.performance.models import Direction


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
