"""A plan with an update cycle and one action of each sort, built through the services.

Today is Monday 8 March 2027; the next board is Tuesday 23 March 2027, so updates are due by
Tuesday 16 March 2027 (5 working days before) and the cycle began on 16 February 2027.
"""

from __future__ import annotations

import datetime

import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.plans import services as plan_services
from tracker.plans.partners import services as partner_services
from tracker.reminders import services

TODAY = datetime.date(2027, 3, 8)
BOARD_ON = datetime.date(2027, 3, 23)
DEADLINE = datetime.date(2027, 3, 16)


@pytest.fixture
def action_owner(action_owner):
    action_owner.email = "owner@solihull.example"
    action_owner.first_name, action_owner.last_name = "Olive", "Owner"
    action_owner.save()
    return action_owner


@pytest.fixture
def improvement_lead(improvement_lead):
    improvement_lead.email = "lead@solihull.example"
    improvement_lead.first_name, improvement_lead.last_name = "Lena", "Lead"
    improvement_lead.save()
    return improvement_lead


@pytest.fixture
def named_owner(local_authority):
    return UserFactory(
        local_authority=local_authority,
        role=User.Role.ACTION_OWNER,
        username="named",
        first_name="Nadia",
        last_name="Named",
        email="named@solihull.example",
    )


@pytest.fixture
def police_owner(local_authority, police):
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.ACTION_OWNER,
        username="police",
        first_name="Percy",
        last_name="Police",
        email="percy@police.example",
    )


@pytest.fixture
def police_viewer(local_authority, police):
    """In an owning organisation but not an action owner: not reminded."""
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.VIEWER,
        username="police-viewer",
        email="viewer@police.example",
    )


@pytest.fixture
def thematic_lead(local_authority):
    return UserFactory(
        local_authority=local_authority,
        role=User.Role.VIEWER,
        username="theme-lead",
        first_name="Thea",
        last_name="Theme",
        email="thea@solihull.example",
    )


@pytest.fixture
def plan(improvement_lead, local_authority, police):
    """Shared with the police, whose people own some of its actions: someone of a partner
    organisation is reminded only of plans shared with it."""
    plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan 2027",
        kind="improvement_plan",
    )
    partner_services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    return plan


@pytest.fixture
def section(plan, improvement_lead, thematic_lead):
    theme = plan_services.theme_create(
        user=improvement_lead, plan=plan, name="Workforce", lead=thematic_lead
    )
    return plan_services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Workforce stability", theme=theme
    )


@pytest.fixture
def actions(
    section, improvement_lead, action_owner, named_owner, police_owner, police_viewer, police
):
    """Overdue (post), due soon (named), stale (organisation), up to date, and complete."""
    post = action_owner.posts.get()
    overdue = plan_services.action_create(
        user=None,
        section=section,
        reference="1.1",
        description="Recruit permanent team managers",
        owner_posts=[post],
        due_on=datetime.date(2027, 3, 1),
        status="in_progress",
    )
    due_soon = plan_services.action_create(
        user=None,
        section=section,
        reference="1.2",
        description="Agree the workforce strategy",
        owner_users=[named_owner],
        due_on=datetime.date(2027, 3, 15),
    )
    stale = plan_services.action_create(
        user=None,
        section=section,
        reference="1.3",
        description="Joint training with the police",
        owner_organisations=[police],
        due_on=datetime.date(2027, 12, 31),
    )
    up_to_date = plan_services.action_create(
        user=None,
        section=section,
        reference="1.4",
        description="Supervision audit",
        owner_posts=[post],
        due_on=datetime.date(2027, 12, 31),
    )
    plan_services.action_record_progress(
        user=None,
        action=up_to_date,
        expected_version=None,
        narrative="Audit under way",
        status="in_progress",
        recorded_on=datetime.date(2027, 3, 1),
        today=TODAY,
    )
    complete = plan_services.action_create(
        user=None,
        section=section,
        reference="1.5",
        description="Appoint a principal social worker",
        owner_posts=[post],
        due_on=datetime.date(2027, 1, 31),
        status="completed",
    )
    return {
        "overdue": overdue,
        "due_soon": due_soon,
        "stale": stale,
        "up_to_date": up_to_date,
        "complete": complete,
    }


@pytest.fixture
def cycle(plan, improvement_lead):
    return services.update_cycle_set(
        user=improvement_lead,
        plan=plan,
        expected_version=None,
        frequency="monthly",
        closes_working_days_before=5,
        next_board_on=BOARD_ON,
        due_soon_days=14,
    )
