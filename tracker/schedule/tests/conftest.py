"""Dated things of two local authorities, built through the services, for the calendar tests."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tracker.inspections.models import Milestone
from tracker.inspections.tests.factories import InspectionFactory
from tracker.plans import services as plan_services
from tracker.programme import services as programme_services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def past(today):
    return today - datetime.timedelta(days=10)


@pytest.fixture
def soon(today):
    return today + datetime.timedelta(days=10)


@pytest.fixture
def inspection(local_authority):
    return InspectionFactory(local_authority=local_authority)


@pytest.fixture
def deadline(inspection, soon):
    return Milestone.objects.create(
        inspection=inspection,
        key="action_planning_visit",
        name="Action planning visit",
        rule="Within 30 working days",
        derived_on=soon - datetime.timedelta(days=60),
        override_on=soon,
    )


@pytest.fixture
def visit_window(inspection, soon):
    return Milestone.objects.create(
        inspection=inspection,
        key="monitoring_visit_1",
        name="First monitoring visit",
        rule="Expected in a window",
        position=1,
        derived_earliest_on=soon,
        derived_latest_on=soon + datetime.timedelta(days=30),
    )


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan",
        kind="improvement_plan",
    )


@pytest.fixture
def section(plan, improvement_lead):
    return plan_services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Quality assurance"
    )


def make_action(*, section, user, reference, **dates):
    return plan_services.action_create(
        user=user,
        section=section,
        reference=reference,
        description=f"Action {reference}",
        **dates,
    )


@pytest.fixture
def late_action(section, improvement_lead, past, soon):
    return make_action(
        section=section,
        user=improvement_lead,
        reference="1.1",
        due_on=past,
        next_review_on=soon,
    )


@pytest.fixture
def done_action(section, improvement_lead, past):
    return make_action(
        section=section, user=improvement_lead, reference="1.2", due_on=past, status="completed"
    )


@pytest.fixture
def project(improvement_lead, local_authority, plan):
    programme = programme_services.programme_create(
        user=improvement_lead, local_authority=local_authority, name="Improvement programme"
    )
    return programme_services.project_create(
        user=improvement_lead, programme=programme, name="Workforce"
    )


@pytest.fixture
def deliverable(project, improvement_lead, past):
    return programme_services.deliverable_create(
        user=improvement_lead, project=project, description="Recruitment strategy", due_on=past
    )


@pytest.fixture
def project_milestone(project, improvement_lead, soon):
    return programme_services.milestone_create(
        user=improvement_lead, project=project, name="Strategy agreed by Cabinet", due_on=soon
    )


@pytest.fixture
def everything(deadline, visit_window, late_action, done_action, deliverable, project_milestone):
    """One of each source of the local authority's calendar."""


@pytest.fixture
def elsewhere_action(outsider, other_local_authority, soon):
    plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere plan",
        kind="improvement_plan",
    )
    section = plan_services.section_create(user=outsider, plan=plan, number=1, title="Elsewhere")
    return make_action(section=section, user=outsider, reference="9.9", due_on=soon)
