"""A small plan with an action, an audit with a finding, and evidence, shared by the quality
assurance tests. Plans and audits are made through their services; evidence with the ORM
(its services are the evidence sub-area's)."""

from __future__ import annotations

import datetime

import pytest

from tracker.performance.assurance import services
from tracker.performance.models import Audit, Evidence
from tracker.plans import services as plan_services

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Ofsted action plan",
        kind="ofsted_action_plan",
    )


@pytest.fixture
def theme(plan, improvement_lead):
    return plan_services.theme_create(user=improvement_lead, plan=plan, name="Practice")


@pytest.fixture
def section(plan, theme, improvement_lead):
    return plan_services.section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="Quality assurance",
        theme=theme,
        expected_outcomes=["Audits show consistently good practice"],
    )


@pytest.fixture
def action(section, improvement_lead, head_of_safeguards):
    return plan_services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.1",
        description="Launch the new audit process",
        owner_posts=[head_of_safeguards],
        due_on=datetime.date(2026, 3, 31),
    )


@pytest.fixture
def other_action(section, improvement_lead):
    return plan_services.action_create(
        user=improvement_lead, section=section, reference="1.2", description="Review data sets"
    )


@pytest.fixture
def audit(improvement_lead, local_authority, plan):
    return services.audit_create(
        user=improvement_lead,
        local_authority=local_authority,
        plan=plan,
        kind=Audit.Kind.CASE_FILE_AUDIT,
        title="Case file audit: children in need",
        carried_out_on=datetime.date(2026, 10, 15),
        lead=improvement_lead,
        outstanding_count=1,
        good_count=5,
        requires_improvement_count=3,
        inadequate_count=1,
        today=TODAY,
    )


@pytest.fixture
def finding(improvement_lead, audit):
    return services.finding_add(
        user=improvement_lead,
        audit=audit,
        kind="strength",
        text="Every child's plan was reviewed on time by the new audit process.",
    )


@pytest.fixture
def confirming_finding(improvement_lead, finding, action):
    return services.finding_confirm_actions(
        user=improvement_lead, finding=finding, actions=[action]
    )


def make_evidence(*, local_authority, title="Audit report", withdrawn=False, **of):
    return Evidence.objects.create(
        local_authority=local_authority,
        kind=Evidence.Kind.NOTE,
        title=title,
        dated_on=datetime.date(2026, 11, 2),
        note="Twenty records sampled.",
        withdrawn_at=(
            datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC) if withdrawn else None
        ),
        **of,
    )


@pytest.fixture
def evidence(local_authority, action):
    return make_evidence(local_authority=local_authority, action=action)
