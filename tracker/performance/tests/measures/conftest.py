"""Measures of the conftest's local authority, linked to one of its plans."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.performance.measures import services
from tracker.performance.models import Direction, Frequency, Unit
from tracker.plans.models import ExpectedOutcome
from tracker.plans.tests.factories import PlanFactory, SectionFactory, ThemeFactory

TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def plan(local_authority):
    return PlanFactory(local_authority=local_authority, title="Ofsted action plan")


@pytest.fixture
def theme(plan):
    return ThemeFactory(plan=plan, name="Front door")


@pytest.fixture
def section(plan, theme):
    return SectionFactory(plan=plan, theme=theme, number=1, title="Timely assessments")


@pytest.fixture
def outcome(section):
    return ExpectedOutcome.objects.create(section=section, text="Fewer children re-referred")


@pytest.fixture
def other_plan(other_local_authority):
    return PlanFactory(local_authority=other_local_authority, title="Their plan")


@pytest.fixture
def measure(improvement_lead, local_authority, outcome, section, theme):
    return services.measure_create(
        user=improvement_lead,
        local_authority=local_authority,
        reference="CIN-03",
        name="Re-referrals within 12 months",
        definition="Referrals within 12 months of a previous one, as a share of all referrals",
        unit=Unit.PERCENTAGE,
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        source="Case system",
        tolerance=Decimal("2"),
        expected_outcomes=[outcome],
        sections=[section],
        themes=[theme],
    )
