"""A theme with its thematic lead, actions, progress and risks, for the highlight report tests.

Dates are relative to today: the board met 30 days ago and meets again in 10 days, so a new
report's period runs from the last meeting to the next one.
"""

from __future__ import annotations

import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import PostFactory, UserFactory
from tracker.governance import services
from tracker.governance.highlights import services as highlight_services
from tracker.governance.tests.highlights.helpers import add_action, days, record, reset_today
from tracker.plans import services as plan_services


@pytest.fixture(autouse=True)
def _today_per_test():
    """Each test takes "today" when it starts, not when the helpers were first imported."""
    reset_today()
    yield
    reset_today()


@pytest.fixture
def workforce_post(local_authority):
    return PostFactory(local_authority=local_authority, title="Head of Workforce Development")


@pytest.fixture
def theme_lead(local_authority, workforce_post):
    user = UserFactory(
        local_authority=local_authority,
        role=User.Role.ACTION_OWNER,
        username="themelead",
        first_name="Alex",
        last_name="Reid",
    )
    user.posts.add(workforce_post)
    return user


@pytest.fixture
def theme(plan, workforce_post):
    return plan_services.theme_create(
        user=None, plan=plan, name="Workforce", lead_post=workforce_post
    )


@pytest.fixture
def other_theme(plan, improvement_lead):
    return plan_services.theme_create(
        user=None, plan=plan, name="Quality of Practice", lead=improvement_lead
    )


@pytest.fixture
def theme_section(plan, theme):
    return plan_services.section_create(
        user=None, plan=plan, number=2, title="A stable workforce", theme=theme
    )


@pytest.fixture
def last_meeting(board):
    return services.meeting_create(user=None, board=board, held_on=days(-30), status="held")


@pytest.fixture
def next_meeting(board, last_meeting):
    return services.meeting_create(user=None, board=board, held_on=days(10))


@pytest.fixture
def theme_actions(theme_section):
    """2.1 completed in the period; 2.2 Red; 2.3 overdue; 2.4 re-baselined; 2.5 quiet."""
    completed = add_action(theme_section, "2.1", "Publish the workforce strategy")
    record(completed, narrative="Drafted", status="in_progress", brag="green", on=days(-40))
    record(completed, narrative="Published on the intranet", status="completed", on=days(-5))
    red = add_action(theme_section, "2.2", "Recruit permanent team managers")
    record(red, narrative="Two posts unfilled", status="in_progress", brag="red", on=days(-3))
    overdue = add_action(theme_section, "2.3", "Reduce caseloads", due_on=days(-2))
    rebaselined = add_action(theme_section, "2.4", "Launch the academy", due_on=days(20))
    rebaselined.refresh_from_db()
    plan_services.action_update(
        user=None,
        action=rebaselined,
        expected_version=rebaselined.version,
        section=theme_section,
        reference="2.4",
        description="Launch the academy",
        owner_posts=[],
        owner_users=[],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=None,
        due_on=days(60),
        due_date_change_reason="The university partner needs another term",
    )
    quiet = add_action(theme_section, "2.5", "Review supervision")
    return {
        "completed": completed,
        "red": red,
        "overdue": overdue,
        "rebaselined": rebaselined,
        "quiet": quiet,
    }


@pytest.fixture
def theme_risk(local_authority, theme, theme_actions):
    return services.risk_create(
        user=None,
        local_authority=local_authority,
        reference="R2",
        title="Agency staff leave",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        theme=theme,
        mitigating_actions=[theme_actions["red"]],
    )


@pytest.fixture
def draft(next_meeting, theme, theme_lead, theme_actions, theme_risk):
    return highlight_services.highlight_report_draft(
        meeting=next_meeting, theme=theme, user=theme_lead
    )
