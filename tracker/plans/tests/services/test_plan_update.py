import re

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.inspections.tests.factories import InspectionFactory
from tracker.plans.models import Plan
from tracker.plans.services import plan_update

STALE = (
    "This plan was changed by someone else while you were editing it. "
    "Check the changes and try again."
)


def update(user, plan, **overrides):
    kwargs = {
        "user": user,
        "plan": plan,
        "expected_version": plan.version,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "inspections": list(plan.inspections.all()),
        "introduction": plan.introduction,
        "owner_description": plan.owner_description,
    }
    kwargs.update(overrides)
    return plan_update(**kwargs)


def test_plan_update_changes_details_and_inspections(administrator, local_authority, plan):
    newer = InspectionFactory(local_authority=local_authority)

    updated = update(
        administrator,
        plan,
        title=" Agreed plan ",
        status=Plan.Status.AGREED,
        inspections=[newer],
    )

    updated.refresh_from_db()
    assert updated.title == "Agreed plan"
    assert updated.status == Plan.Status.AGREED
    assert list(updated.inspections.all()) == [newer]
    assert updated.version == 2
    assert updated.history.first().history_user == administrator
    assert updated.history.count() == 2


def test_plan_update_refuses_a_stale_version_and_writes_nothing(administrator, plan, inspection):
    update(administrator, plan, title="First editor")

    with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
        update(administrator, plan, expected_version=1, title="Second editor", inspections=[])

    plan.refresh_from_db()
    assert plan.title == "First editor"
    assert plan.version == 2
    assert list(plan.inspections.all()) == [inspection]


def test_plan_update_rejects_an_inspection_of_another_authority_and_writes_nothing(
    administrator, plan, inspection, other_inspection
):
    with pytest.raises(ValidationError) as excinfo:
        update(administrator, plan, title="Changed", inspections=[other_inspection])

    assert excinfo.value.message_dict["inspections"] == [
        "Choose inspections from this local authority"
    ]
    plan.refresh_from_db()
    assert plan.title == "Children's services improvement plan"
    assert plan.version == 1
    assert list(plan.inspections.all()) == [inspection]
