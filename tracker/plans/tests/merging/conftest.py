"""Two plans of one authority to merge, built through the services."""

from __future__ import annotations

import datetime

import pytest

from tracker.plans import services


@pytest.fixture
def target(improvement_lead, local_authority, inspection):
    plan = services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Improvement plan 2026",
        kind="improvement_plan",
        inspections=[inspection],
    )
    workforce = services.theme_create(
        user=improvement_lead, plan=plan, name="Workforce", lead=improvement_lead
    )
    services.theme_create(user=improvement_lead, plan=plan, name="Front door")
    section = services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Recruitment", theme=workforce
    )
    services.action_create(
        user=improvement_lead, section=section, reference="1.1", description="Hire managers"
    )
    return plan


@pytest.fixture
def source(improvement_lead, local_authority, recommendation):
    plan = services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="JTAI Statement of Action",
        kind="statement_of_action",
    )
    workforce = services.theme_create(user=improvement_lead, plan=plan, name="workforce")
    partnership = services.theme_create(
        user=improvement_lead, plan=plan, name="Partnership working", lead=improvement_lead
    )
    first = services.section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="Training for social workers",
        theme=workforce,
        recommendations=[recommendation],
        expected_outcomes=["Staff trained"],
    )
    second = services.section_create(
        user=improvement_lead,
        plan=plan,
        number=2,
        title="Joint working in the MASH",
        theme=partnership,
        expected_outcomes=["Strategy meetings held"],
    )
    for section, count in ((first, 2), (second, 3)):
        for n in range(1, count + 1):
            action = services.action_create(
                user=improvement_lead,
                section=section,
                reference=f"{section.number}.{n}",
                description=f"Action {section.number}.{n}",
                due_on=datetime.date(2099, 1, 1),
            )
            services.action_record_progress(
                user=improvement_lead,
                action=action,
                expected_version=action.version,
                narrative="Started",
                status="in_progress",
                brag="green",
            )
    return plan


@pytest.fixture
def second_source(improvement_lead, local_authority):
    plan = services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Service plan",
        kind="service_plan",
    )
    section = services.section_create(
        user=improvement_lead, plan=plan, number=1, title="Recruitment of foster carers"
    )
    services.action_create(
        user=improvement_lead, section=section, reference="1.1", description="Run a campaign"
    )
    return plan
