"""What changed in a plan between two dates, and which dates to compare by default."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.core.history import delete_with_history
from tracker.governance import services as governance
from tracker.governance.models import Meeting
from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.models import Action
from tracker.plans.tests.bulk import build_plan
from tracker.reporting.changes.selectors import (
    last_meeting,
    plan_changes,
    previous_meeting,
)

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_12 = datetime.date(2025, 3, 12)
APRIL_1 = datetime.date(2025, 4, 1)


@pytest.fixture
def plan(improvement_lead, local_authority):
    return services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Improvement plan",
        kind="improvement_plan",
    )


@pytest.fixture
def section(plan, improvement_lead):
    return services.section_create(user=improvement_lead, plan=plan, number=1, title="Workforce")


def _create(user, section, reference, **kwargs):
    return services.action_create(
        user=user, section=section, reference=reference, description=f"Action {reference}", **kwargs
    )


def _progress(user, action, *, status, brag, on):
    action.refresh_from_db()
    services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=f"Progress on {on}",
        status=status,
        brag=brag,
        recorded_on=on,
    )


def _move_due_date(user, action, due_on, reason):
    action.refresh_from_db()
    services.action_update(
        user=user,
        action=action,
        expected_version=action.version,
        section=action.section,
        reference=action.reference,
        description=action.description,
        owner_posts=[],
        owner_users=[],
        owner_organisations=[],
        owner_note="",
        linked_recommendations=[],
        starts_on=None,
        due_on=due_on,
        due_date_change_reason=reason,
    )


def _risk(local_authority, reference, plan, residual=(3, 4)):
    return governance.risk_create(
        user=None,
        local_authority=local_authority,
        reference=reference,
        title=f"Risk {reference}",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        plan=plan,
    )


@pytest.fixture
def story(improvement_lead, local_authority, other_local_authority, plan, section):
    """Everything that can change, between 12 March and 1 April 2025."""
    lead = improvement_lead
    with dated(MARCH_1):
        steady = _create(lead, section, "1.1", due_on=datetime.date(2025, 6, 30))
        finishing = _create(lead, section, "1.2")
        removed = _create(lead, section, "1.3")
        _progress(lead, steady, status="in_progress", brag="green", on=MARCH_1)
        rescored = _risk(local_authority, "R1", plan)
        _risk(local_authority, "R2", plan)
        other_plan = services.plan_create(
            user=None,
            local_authority=other_local_authority,
            title="Elsewhere",
            kind="improvement_plan",
        )
        _risk(other_local_authority, "X1", other_plan)
    with dated(datetime.date(2025, 3, 20)):
        _progress(lead, steady, status="in_progress", brag="amber", on=datetime.date(2025, 3, 20))
        _progress(lead, finishing, status="completed", brag="", on=datetime.date(2025, 3, 20))
        _move_due_date(lead, steady, datetime.date(2025, 9, 30), "Recruitment took longer")
        _create(lead, section, "1.4")
        delete_with_history(Action.objects.get(pk=removed.pk), lead)
        rescored.refresh_from_db()
        governance.risk_update(
            user=None,
            risk=rescored,
            expected_version=rescored.version,
            reference="R1",
            title=rescored.title,
            inherent_likelihood=4,
            inherent_impact=5,
            residual_likelihood=2,
            residual_impact=2,
            cause="",
            consequence="",
            owner_post=None,
            owner=None,
            plan=plan,
            theme=None,
            section=None,
            action=None,
            mitigating_actions=[],
            review_on=None,
            status="open",
        )
        _risk(local_authority, "R3", plan)
        _risk(other_local_authority, "X2", other_plan)
    return plan


def _lines(lines):
    return [(line.reference, line.before, line.after, line.note) for line in lines]


def test_plan_changes_reports_every_kind_of_change(story):
    changes = plan_changes(plan=story, since=MARCH_12, until=APRIL_1)

    assert (changes.since, changes.until) == (MARCH_12, APRIL_1)
    assert _lines(changes.status_changes) == [("1.2", "Not started", "Completed", "")]
    assert _lines(changes.brag_changes) == [
        ("1.1", "Green (on track)", "Amber (at risk)", ""),
        ("1.2", "Not rated", "Blue (complete)", ""),
    ]
    assert _lines(changes.completed_actions) == [("1.2", "Not started", "Completed", "")]
    assert _lines(changes.new_actions) == [("1.4", "", "Not started", "")]
    assert _lines(changes.removed_actions) == [("1.3", "Not started", "Removed", "")]
    assert _lines(changes.rebaselined) == [
        ("1.1", "30 June 2025", "30 September 2025", "Recruitment took longer")
    ]
    assert [(r.reference, r.before, r.after) for r in changes.new_risks] == [
        ("R3", "", "Inherent 20, residual 12")
    ]
    assert [(r.reference, r.before, r.after) for r in changes.risk_score_changes] == [
        ("R1", "Inherent 20, residual 12", "Inherent 20, residual 4")
    ]
    assert changes.is_empty is False


def test_plan_changes_between_two_quiet_dates_is_empty(story):
    changes = plan_changes(plan=story, since=APRIL_1, until=datetime.date(2025, 4, 30))

    assert changes.is_empty is True


def test_plan_changes_up_to_a_future_date_is_up_to_today(story):
    today = timezone.localdate()

    changes = plan_changes(plan=story, since=MARCH_12, until=today + datetime.timedelta(days=90))

    assert changes.until == today
    assert [line.reference for line in changes.new_actions] == ["1.4"]


def test_setting_a_first_due_date_is_not_a_rebaselining(improvement_lead, plan, section):
    with dated(MARCH_1):
        undated = _create(improvement_lead, section, "2.1")
    with dated(datetime.date(2025, 3, 20)):
        _move_due_date(improvement_lead, undated, datetime.date(2025, 6, 30), "")

    changes = plan_changes(plan=plan, since=MARCH_12, until=APRIL_1)

    assert list(changes.rebaselined) == []


def test_plan_changes_refuses_dates_in_the_wrong_order(story):
    with pytest.raises(ValidationError, match="The 'from' date must be before the 'to' date"):
        plan_changes(plan=story, since=APRIL_1, until=MARCH_12)
    with pytest.raises(ValidationError, match="The 'from' date must be before the 'to' date"):
        plan_changes(plan=story, since=APRIL_1, until=APRIL_1)


@pytest.mark.parametrize("size", [10, 300])
def test_plan_changes_queries_do_not_grow_with_plan_size(
    improvement_lead, local_authority, django_assert_max_num_queries, size
):
    plan = build_plan(local_authority=local_authority, actions=size, owner=improvement_lead)
    Action.objects.filter(plan=plan).update(created_at=timezone.now() - datetime.timedelta(days=60))
    section = plan.sections.first()
    with dated(timezone.localdate() - datetime.timedelta(days=45)):
        for n in range(3):
            _create(improvement_lead, section, f"H{n}")
    since = timezone.localdate() - datetime.timedelta(days=30)

    # Risks on two dates, each with the ids of the plan's themes and sections ever (history).
    with django_assert_max_num_queries(34):
        changes = plan_changes(plan=plan, since=since, until=timezone.localdate())

    assert changes.is_empty is True


# Meetings ---------------------------------------------------------------------------------------


@pytest.fixture
def board(local_authority, improvement_lead):
    return governance.board_create(
        user=improvement_lead,
        local_authority=local_authority,
        name="Improvement Board",
        kind="improvement_board",
    )


def _meeting(board, held_on, status=Meeting.Status.HELD):
    return governance.meeting_create(user=None, board=board, held_on=held_on, status=status)


def test_previous_meeting_skips_cancelled_and_other_boards(board, local_authority):
    other = governance.board_create(
        user=None, local_authority=local_authority, name="Scrutiny", kind="scrutiny"
    )
    first = _meeting(board, datetime.date(2025, 1, 10))
    _meeting(board, datetime.date(2025, 2, 10), Meeting.Status.CANCELLED)
    _meeting(other, datetime.date(2025, 2, 20))
    third = _meeting(board, datetime.date(2025, 3, 10))

    assert previous_meeting(meeting=third) == first
    assert previous_meeting(meeting=first) is None


def test_last_meeting_is_the_boards_latest_before_today(board, plan):
    today = timezone.localdate()
    _meeting(board, datetime.date(2025, 1, 10))
    _meeting(board, datetime.date(2025, 2, 10))
    past = _meeting(board, datetime.date(2025, 3, 10), Meeting.Status.SCHEDULED)  # counts
    _meeting(board, datetime.date(2025, 3, 20), Meeting.Status.CANCELLED)
    _meeting(board, today + datetime.timedelta(days=20), Meeting.Status.SCHEDULED)

    assert last_meeting(plan=plan) == past
    assert last_meeting(plan=plan, board=board) == past
    # A meeting held today has nothing after it yet: the one before it is used.
    _meeting(board, today)
    assert last_meeting(plan=plan) == past
    yesterday = _meeting(board, today - datetime.timedelta(days=1))
    assert last_meeting(plan=plan) == yesterday


def test_last_meeting_prefers_the_board_with_the_plan_on_its_agenda(board, plan, local_authority):
    _meeting(board, datetime.date(2025, 1, 10))
    _meeting(board, datetime.date(2025, 2, 10))
    second = governance.board_create(
        user=None,
        local_authority=local_authority,
        name="A partnership board",
        kind="improvement_board",
    )
    older = _meeting(second, datetime.date(2024, 5, 1))
    latest = _meeting(second, datetime.date(2024, 6, 1))
    governance.agenda_item_create(user=None, meeting=older, title="Plan update", plan=plan)

    assert last_meeting(plan=plan) == latest


def test_last_meeting_is_none_without_a_past_meeting_or_for_another_authoritys_board(
    board, plan, other_local_authority
):
    assert last_meeting(plan=plan) is None
    _meeting(board, timezone.localdate() + datetime.timedelta(days=3), Meeting.Status.SCHEDULED)
    assert last_meeting(plan=plan) is None
    foreign = governance.board_create(
        user=None, local_authority=other_local_authority, name="Elsewhere", kind="improvement_board"
    )
    _meeting(foreign, datetime.date(2025, 1, 10))
    assert last_meeting(plan=plan, board=foreign) is None
