"""A small programme, built through the services, shared by the programme app's tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.plans import services as plan_services
from tracker.programme import services


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan 2023",
        kind="improvement_plan",
    )


@pytest.fixture
def theme(plan, improvement_lead):
    return plan_services.theme_create(user=improvement_lead, plan=plan, name="Workforce")


@pytest.fixture
def section(plan, theme, improvement_lead):
    return plan_services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Workforce stability", theme=theme
    )


@pytest.fixture
def other_theme(outsider, other_local_authority):
    other_plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere plan",
        kind="improvement_plan",
    )
    return plan_services.theme_create(user=outsider, plan=other_plan, name="Workforce")


@pytest.fixture
def programme(improvement_lead, local_authority, plan):
    return services.programme_create(
        user=improvement_lead,
        local_authority=local_authority,
        name="Children's services improvement programme",
        plan=plan,
    )


@pytest.fixture
def project(programme, improvement_lead, head_of_safeguards, theme, section):
    return services.project_create(
        user=improvement_lead,
        programme=programme,
        name="Workforce",
        purpose="A stable, skilled workforce",
        lead_post=head_of_safeguards,
        lead=improvement_lead,
        rag="amber",
        themes=[theme],
        sections=[section],
    )


@pytest.fixture
def deliverable(project, improvement_lead):
    return services.deliverable_create(
        user=improvement_lead,
        project=project,
        description="Recruitment and retention strategy",
        due_on=datetime.date(2023, 9, 30),
    )


@pytest.fixture
def milestone(project, improvement_lead):
    return services.milestone_create(
        user=improvement_lead,
        project=project,
        name="Strategy agreed by Cabinet",
        due_on=datetime.date(2023, 10, 31),
    )


@pytest.fixture
def budget_line(programme, project, improvement_lead):
    return services.budget_line_create(
        user=improvement_lead,
        programme=programme,
        project=project,
        financial_year=2024,
        allocation=Decimal("250000"),
        actual_spend=Decimal("120000.50"),
        forecast=Decimal("260000"),
    )
