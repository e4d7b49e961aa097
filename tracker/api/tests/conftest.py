"""A small world for the API's tests: a plan with a theme, a section and an action owned
through the head of safeguards' post; a measure; another authority's plan."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.performance.models import Direction, Frequency, Measure, Unit
from tracker.plans.partners.services import plan_partner_grant
from tracker.plans.tests.factories import (
    ActionFactory,
    PlanFactory,
    SectionFactory,
    ThemeFactory,
)


@pytest.fixture
def plan(local_authority):
    return PlanFactory(local_authority=local_authority, title="Ofsted action plan")


@pytest.fixture
def theme(plan):
    return ThemeFactory(plan=plan, name="Workforce")


@pytest.fixture
def section(plan, theme):
    return SectionFactory(plan=plan, theme=theme, number=1, title="Quality assurance")


@pytest.fixture
def action(section, head_of_safeguards):
    action = ActionFactory(
        section=section, reference="1.1", due_on=datetime.date(2027, 3, 31), status="in_progress"
    )
    action.owner_posts.add(head_of_safeguards)
    return action


@pytest.fixture
def other_action(outsider):
    section = SectionFactory(plan=PlanFactory(local_authority=outsider.local_authority))
    return ActionFactory(section=section, reference="9.9")


@pytest.fixture
def measure(local_authority):
    return Measure.objects.create(
        local_authority=local_authority,
        reference="M1",
        name="Re-referrals within 12 months",
        unit=Unit.PERCENTAGE,
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        tolerance=Decimal("2"),
    )


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.ACTION_OWNER,
        username="police",
    )


@pytest.fixture
def shared_with_police(plan, police, improvement_lead):
    return plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def errors_of(response) -> list[dict]:
    """The errors of an answer in the API's one error shape (and checks the shape)."""
    body = response.json()
    assert set(body) == {"errors"}
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}
    return body["errors"]
