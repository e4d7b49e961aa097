"""Fixtures for priority areas: a main plan naming them and a service-level plan linking to
them, both of one local authority, and a plan of another authority."""

import pytest

from tracker.plans.services import plan_create, priority_area_create, section_create


@pytest.fixture
def main_plan(improvement_lead, local_authority):
    return plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan",
        kind="improvement_plan",
    )


@pytest.fixture
def service_plan(improvement_lead, local_authority):
    return plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Early help service plan",
        kind="service_plan",
    )


@pytest.fixture
def other_authority_plan(outsider, other_local_authority):
    return plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere improvement plan",
        kind="improvement_plan",
    )


@pytest.fixture
def workforce(improvement_lead, main_plan):
    return priority_area_create(
        user=improvement_lead, plan=main_plan, name="Stable, skilled workforce"
    )


@pytest.fixture
def early_help(improvement_lead, main_plan):
    return priority_area_create(user=improvement_lead, plan=main_plan, name="Early help")


@pytest.fixture
def service_section(improvement_lead, service_plan):
    return section_create(
        user=improvement_lead, plan=service_plan, number=1, title="Early help assessments"
    )
