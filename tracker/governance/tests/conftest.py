"""A small governance set-up, built through the services, shared by the governance tests."""

from __future__ import annotations

import datetime

import pytest

from tracker.governance import services
from tracker.plans import services as plan_services


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan 2023",
        kind="improvement_plan",
    )


@pytest.fixture
def section(plan, improvement_lead):
    return plan_services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Workforce stability"
    )


@pytest.fixture
def action(section, improvement_lead):
    return plan_services.action_create(
        user=improvement_lead, section=section, reference="1.1", description="Recruit"
    )


@pytest.fixture
def other_plan(outsider, other_local_authority):
    return plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere plan",
        kind="improvement_plan",
    )


@pytest.fixture
def other_section(other_plan, outsider):
    return plan_services.section_create(user=outsider, plan=other_plan, number=1, title="Elsewhere")


@pytest.fixture
def board(improvement_lead, local_authority):
    return services.board_create(
        user=improvement_lead,
        local_authority=local_authority,
        name="Improvement Board",
        kind="improvement_board",
        members=[improvement_lead],
        member_note="Independent chair",
    )


@pytest.fixture
def meeting(board, improvement_lead):
    return services.meeting_create(
        user=improvement_lead, board=board, held_on=datetime.date(2026, 12, 10), location="Room 1"
    )


@pytest.fixture
def recommendation(meeting, improvement_lead, plan):
    return services.decision_create(
        user=improvement_lead,
        meeting=meeting,
        kind="recommendation",
        text="Publish a workforce strategy",
        plan=plan,
    )


@pytest.fixture
def risk(improvement_lead, local_authority, plan):
    return services.risk_create(
        user=improvement_lead,
        local_authority=local_authority,
        reference="R1",
        title="Agency social workers leave",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        plan=plan,
        review_on=datetime.date(2026, 1, 31),
    )


@pytest.fixture
def other_board(outsider, other_local_authority):
    return services.board_create(
        user=outsider, local_authority=other_local_authority, name="Elsewhere Board", kind="cabinet"
    )


@pytest.fixture
def other_meeting(other_board, outsider):
    return services.meeting_create(
        user=outsider, board=other_board, held_on=datetime.date(2026, 12, 10)
    )
