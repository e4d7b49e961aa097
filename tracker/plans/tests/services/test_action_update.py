import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.plans.models import Action, DueDateChange
from tracker.plans.services import action_create, action_update, section_create
from tracker.plans.tests.factories import PlanFactory, SectionFactory

STALE = (
    "This action was changed by someone else while you were editing it. "
    "Check the changes and try again."
)
REASON_NEEDED = "Explain why the due date is changing: the board sees every re-baselined action"


def update(user, action, **overrides):
    kwargs = {
        "user": user,
        "action": action,
        "expected_version": action.version,
        "section": action.section,
        "reference": action.reference,
        "description": action.description,
        "owner_posts": list(action.owner_posts.all()),
        "owner_users": list(action.owner_users.all()),
        "owner_organisations": list(action.owner_organisations.all()),
        "owner_note": action.owner_note,
        "linked_recommendations": list(action.linked_recommendations.all()),
        "starts_on": action.starts_on,
        "due_on": action.due_on,
    }
    kwargs.update(overrides)
    return action_update(**kwargs)


def test_action_update_changes_details_and_owners(administrator, action, action_owner, police):
    updated = update(
        administrator,
        action,
        description=" Audit supervision fortnightly ",
        owner_posts=[],
        owner_users=[action_owner],
        owner_organisations=[police],
        owner_note=" With police ",
    )

    updated.refresh_from_db()
    assert updated.description == "Audit supervision fortnightly"
    assert updated.owner_note == "With police"
    assert list(updated.owner_posts.all()) == []
    assert list(updated.owner_users.all()) == [action_owner]
    assert list(updated.owner_organisations.all()) == [police]
    assert updated.version == 2
    assert updated.history.first().history_user == administrator
    assert DueDateChange.objects.count() == 0


def test_action_update_with_a_changed_due_date_needs_a_reason(administrator, action):
    with pytest.raises(ValidationError) as excinfo:
        update(
            administrator,
            action,
            description="Changed too",
            due_on=datetime.date(2026, 9, 30),
            due_date_change_reason="   ",
        )

    assert excinfo.value.message_dict["due_date_change_reason"] == [REASON_NEEDED]
    action.refresh_from_db()
    assert action.due_on == datetime.date(2026, 6, 30)
    assert action.description == "Audit supervision records every month"
    assert action.version == 1
    assert DueDateChange.objects.count() == 0


def test_action_update_records_a_re_baselined_due_date(administrator, action):
    update(
        administrator,
        action,
        due_on=datetime.date(2026, 9, 30),
        due_date_change_reason=" Waiting for the new case management system ",
    )

    action.refresh_from_db()
    assert action.due_on == datetime.date(2026, 9, 30)
    assert action.original_due_on == datetime.date(2026, 6, 30)
    assert action.is_rebaselined is True
    change = DueDateChange.objects.get()
    assert change.action == action
    assert change.previous_due_on == datetime.date(2026, 6, 30)
    assert change.new_due_on == datetime.date(2026, 9, 30)
    assert change.reason == "Waiting for the new case management system"
    assert change.changed_by == administrator


def test_action_update_keeps_the_first_due_date_through_two_changes(administrator, action):
    update(administrator, action, due_on=datetime.date(2026, 9, 30), due_date_change_reason="A")
    action.refresh_from_db()
    update(administrator, action, due_on=datetime.date(2026, 12, 31), due_date_change_reason="B")

    action.refresh_from_db()
    assert action.original_due_on == datetime.date(2026, 6, 30)
    assert list(
        DueDateChange.objects.order_by("pk").values_list("previous_due_on", "new_due_on")
    ) == [
        (datetime.date(2026, 6, 30), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 12, 31)),
    ]


def test_action_update_first_due_date_needs_no_reason(administrator, improvement_lead, section):
    action = action_create(user=improvement_lead, section=section, reference="1.5", description="X")

    update(administrator, action, due_on=datetime.date(2026, 4, 1))

    action.refresh_from_db()
    assert action.due_on == datetime.date(2026, 4, 1)
    assert action.original_due_on == datetime.date(2026, 4, 1)
    assert action.is_rebaselined is False
    change = DueDateChange.objects.get()
    assert change.previous_due_on is None
    assert change.new_due_on == datetime.date(2026, 4, 1)


def test_action_update_removing_the_due_date_needs_a_reason(administrator, action):
    with pytest.raises(ValidationError) as excinfo:
        update(administrator, action, due_on=None)

    assert excinfo.value.message_dict["due_date_change_reason"] == [REASON_NEEDED]
    action.refresh_from_db()
    assert action.due_on == datetime.date(2026, 6, 30)


def test_action_update_refuses_a_stale_version_and_writes_nothing(administrator, action):
    update(administrator, action, description="First editor")
    history_before = action.history.count()

    with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
        update(
            administrator,
            action,
            expected_version=1,
            description="Second editor",
            due_on=datetime.date(2026, 9, 30),
            due_date_change_reason="Because",
            owner_posts=[],
        )

    action.refresh_from_db()
    assert action.description == "First editor"
    assert action.version == 2
    assert action.due_on == datetime.date(2026, 6, 30)
    assert action.owner_posts.count() == 1
    assert DueDateChange.objects.count() == 0
    assert action.history.count() == history_before


def test_action_update_does_not_change_status_or_brag(administrator, action):
    Action.objects.filter(pk=action.pk).update(status="in_progress", brag="amber")
    action.refresh_from_db()

    update(administrator, action, description="Changed")

    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.brag == "amber"


def test_action_update_moves_the_action_to_the_end_of_another_section(
    administrator, improvement_lead, plan, action
):
    other = section_create(user=improvement_lead, plan=plan, number=2, title="Two")
    action_create(user=improvement_lead, section=other, reference="2.1", description="X")

    update(administrator, action, section=other)

    action.refresh_from_db()
    assert action.section == other
    assert action.position == 2


def test_action_update_refuses_a_section_of_another_plan(administrator, local_authority, action):
    foreign = SectionFactory(plan=PlanFactory(local_authority=local_authority))

    with pytest.raises(ValidationError) as excinfo:
        update(administrator, action, section=foreign)

    assert excinfo.value.message_dict["section"] == ["Choose a section of this plan"]
    action.refresh_from_db()
    assert action.section != foreign
    assert action.version == 1


def test_action_update_may_keep_its_own_reference_but_not_take_another(
    administrator, improvement_lead, section, action
):
    action_create(user=improvement_lead, section=section, reference="1.2", description="X")

    update(administrator, action, reference="1.1", description="Same reference")
    action.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        update(administrator, action, reference="1.2")

    assert excinfo.value.message_dict["reference"] == ["This plan already has an action 1.2"]
    action.refresh_from_db()
    assert action.reference == "1.1"
