"""A small plan, built through the services, shared by the plans app's tests."""

from __future__ import annotations

import datetime

import pytest

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services


@pytest.fixture
def inspection(local_authority):
    return InspectionFactory(local_authority=local_authority)


@pytest.fixture
def recommendation(inspection):
    return RecommendationFactory(
        inspection=inspection, number=1, text="Quality assurance and audit arrangements."
    )


@pytest.fixture
def plan(improvement_lead, local_authority, inspection):
    return services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Ofsted action plan",
        kind="ofsted_action_plan",
        inspections=[inspection],
    )


@pytest.fixture
def theme(plan, improvement_lead):
    return services.theme_create(
        user=improvement_lead, plan=plan, name="Workforce", lead=improvement_lead
    )


@pytest.fixture
def section(plan, theme, recommendation, improvement_lead):
    return services.section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="Quality assurance",
        aim="Leaders know their strengths and weaknesses",
        theme=theme,
        recommendations=[recommendation],
        expected_outcomes=["Revised audit process in place", "Learning is shared"],
    )


@pytest.fixture
def action(section, improvement_lead, head_of_safeguards):
    return services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.1",
        description="Launch the new audit process",
        owner_posts=[head_of_safeguards],
        starts_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )


@pytest.fixture
def other_action(section, improvement_lead):
    """An action nobody in the fixtures owns through a post."""
    return services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.2",
        description="Review data sets",
        due_on=datetime.date(2099, 3, 31),
    )
