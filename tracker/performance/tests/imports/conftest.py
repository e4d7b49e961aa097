"""Measures of the conftest's local authority, as a scorecard has them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.performance.models import Frequency, MeasureValue, Unit
from tracker.performance.tests.measures.factories import MeasureFactory

TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def re_referrals(local_authority):
    """A monthly percentage."""
    return MeasureFactory(
        local_authority=local_authority,
        reference="CIN-03",
        name="Re-referrals within 12 months",
        unit=Unit.PERCENTAGE,
        frequency=Frequency.MONTHLY,
    )


@pytest.fixture
def caseload(local_authority):
    """A monthly number."""
    return MeasureFactory(
        local_authority=local_authority,
        reference="WF-02",
        name="Average social worker caseload",
        unit=Unit.NUMBER,
        frequency=Frequency.MONTHLY,
    )


@pytest.fixture
def plans_second_time(local_authority):
    """A quarterly percentage."""
    return MeasureFactory(
        local_authority=local_authority,
        reference="CP-07",
        name="Child protection plans for a second or later time",
        unit=Unit.PERCENTAGE,
        frequency=Frequency.QUARTERLY,
    )


@pytest.fixture
def their_measure(other_local_authority):
    return MeasureFactory(
        local_authority=other_local_authority,
        reference="THEIRS-1",
        name="Their measure",
        unit=Unit.NUMBER,
    )


def recorded(measure, period_end: datetime.date, value: str, **extra) -> MeasureValue:
    """A value already recorded for a period (made with the ORM)."""
    return MeasureValue.objects.create(
        measure=measure, period_end=period_end, value=Decimal(value), **extra
    )


def in_force(measure, period_end: datetime.date) -> list[Decimal]:
    """The period's values oldest first: the last is the one in force."""
    return [
        value.value
        for value in MeasureValue.objects.filter(measure=measure, period_end=period_end).order_by(
            "created_at", "pk"
        )
    ]
