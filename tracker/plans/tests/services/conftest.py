"""Fixtures shared by the plans services' tests: one plan with a section and an action."""

import datetime

import pytest

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans.services import action_create, plan_create, section_create


@pytest.fixture
def inspection(local_authority):
    return InspectionFactory(local_authority=local_authority)


@pytest.fixture
def recommendation(inspection):
    return RecommendationFactory(inspection=inspection, number=1)


@pytest.fixture
def other_inspection(other_local_authority):
    return InspectionFactory(local_authority=other_local_authority)


@pytest.fixture
def other_recommendation(other_inspection):
    return RecommendationFactory(inspection=other_inspection, number=1)


@pytest.fixture
def plan(improvement_lead, local_authority, inspection):
    return plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan",
        kind="improvement_plan",
        inspections=[inspection],
    )


@pytest.fixture
def section(improvement_lead, plan, recommendation):
    return section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="Management oversight and supervision",
        recommendations=[recommendation],
        expected_outcomes=["Supervision is regular", "Plans are reviewed"],
    )


@pytest.fixture
def action(improvement_lead, section, head_of_safeguards):
    return action_create(
        user=improvement_lead,
        section=section,
        reference="1.1",
        description="Audit supervision records every month",
        owner_posts=[head_of_safeguards],
        starts_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 6, 30),
    )
