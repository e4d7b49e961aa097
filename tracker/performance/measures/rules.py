"""Named rules of the measures scorecard, pure functions of their inputs."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from tracker.performance.rules import is_better


class Trend(models.TextChoices):
    """How a measure's latest value compares with its value for the period before."""

    BETTER = "better", "Better"
    WORSE = "worse", "Worse"
    SAME = "same", "Same"
    __empty__ = "No earlier value"

    @classmethod
    def word(cls, value: str) -> str:
        """The trend's word ("Better"), or "No earlier value"."""
        return str(cls(value).label) if value else "No earlier value"


TREND_RULE_NAME = "Trend rule"
TREND_RULE = (
    "The latest value is compared with the value for the period just before it: better or "
    "worse in the measure's direction, or the same. With no value for the period before, "
    "there is no trend."
)


def trend_against_previous(
    *, latest: Decimal | None, previous: Decimal | None, direction: str
) -> str:
    """The trend rule (`TREND_RULE`), giving a `Trend` value ("" when there is none).

    `previous` is the value for the period immediately before the latest one's, not merely
    the last value recorded: a gap in the figures gives no trend rather than a misleading one.
    """
    if latest is None or previous is None:
        return ""
    if latest == previous:
        return Trend.SAME
    if is_better(value=latest, than=previous, direction=direction):
        return Trend.BETTER
    return Trend.WORSE
