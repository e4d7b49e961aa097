import pytest
from django.core.exceptions import ValidationError

from tracker.plans.models import Plan
from tracker.plans.services import plan_create


def test_plan_create_starts_a_draft_plan_answering_inspections(
    improvement_lead, local_authority, inspection
):
    plan = plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="  Ofsted action plan 2023 ",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
        inspections=[inspection],
        introduction=" Our response. ",
        owner_description=" Director of Children's Services ",
    )

    plan.refresh_from_db()
    assert plan.local_authority == local_authority
    assert plan.title == "Ofsted action plan 2023"
    assert plan.status == Plan.Status.DRAFT
    assert plan.version == 1
    assert plan.introduction == "Our response."
    assert plan.owner_description == "Director of Children's Services"
    assert list(plan.inspections.all()) == [inspection]


def test_plan_create_records_history_with_the_user(improvement_lead, local_authority):
    plan = plan_create(
        user=improvement_lead, local_authority=local_authority, title="Plan", kind="service_plan"
    )

    assert plan.history.count() == 1
    assert plan.history.first().history_user == improvement_lead


def test_plan_create_rejects_an_inspection_of_another_authority(
    improvement_lead, local_authority, inspection, other_inspection
):
    with pytest.raises(ValidationError) as excinfo:
        plan_create(
            user=improvement_lead,
            local_authority=local_authority,
            title="Plan",
            kind=Plan.Kind.IMPROVEMENT_PLAN,
            inspections=[inspection, other_inspection],
        )

    assert excinfo.value.message_dict["inspections"] == [
        "Choose inspections from this local authority"
    ]
    assert Plan.objects.count() == 0


def test_plan_create_reports_every_problem_at_once(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        plan_create(
            user=improvement_lead,
            local_authority=local_authority,
            title="   ",
            kind="wish_list",
            status="archived",
        )

    assert excinfo.value.message_dict == {
        "title": ["Enter the plan's title"],
        "kind": ["Select the kind of plan"],
        "status": ["Select the plan's status"],
    }
    assert Plan.objects.count() == 0
