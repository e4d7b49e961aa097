from __future__ import annotations

import datetime

import pytest

from tracker.schedule.selectors import (
    CalendarEvent,
    Kind,
    calendar_events_for_user,
    calendar_months,
)
from tracker.schedule.tests.conftest import make_action

pytestmark = pytest.mark.django_db


def _window(today):
    return today - datetime.timedelta(days=90), today + datetime.timedelta(days=365)


def _by_uid(events):
    return {event.uid: event for event in events}


def test_calendar_events_for_user_gathers_each_source(
    viewer,
    today,
    past,
    soon,
    everything,
    deadline,
    visit_window,
    late_action,
    done_action,
    deliverable,
    project_milestone,
):
    start, end = _window(today)
    events = _by_uid(calendar_events_for_user(user=viewer, start=start, end=end))

    assert set(events) == {
        f"inspection-milestone-{deadline.pk}",
        f"inspection-milestone-{visit_window.pk}",
        f"action-{late_action.pk}",
        f"action-review-{late_action.pk}",
        f"action-{done_action.pk}",
        f"deliverable-{deliverable.pk}",
        f"project-milestone-{project_milestone.pk}",
    }
    agreed = events[f"inspection-milestone-{deadline.pk}"]
    assert (agreed.on, agreed.ends_on, agreed.kind) == (soon, None, Kind.INSPECTION_DEADLINE)
    assert agreed.url == f"/inspections/{deadline.inspection_id}/#deadlines"
    window = events[f"inspection-milestone-{visit_window.pk}"]
    assert (window.on, window.ends_on) == (soon, soon + datetime.timedelta(days=30))
    due = events[f"action-{late_action.pk}"]
    assert due == CalendarEvent(
        on=past,
        ends_on=None,
        title="1.1 Action 1.1",
        kind=Kind.ACTION_DUE,
        detail="Children's services improvement plan",
        url=late_action.get_absolute_url(),
        is_overdue=True,
    )
    assert events[f"action-review-{late_action.pk}"].kind == Kind.ACTION_REVIEW
    assert events[f"deliverable-{deliverable.pk}"].detail == "Workforce"
    assert events[f"project-milestone-{project_milestone.pk}"].kind == Kind.PROGRAMME_MILESTONE


def test_calendar_events_for_user_sorts_by_date(viewer, today, everything):
    start, end = _window(today)
    events = calendar_events_for_user(user=viewer, start=start, end=end)

    assert [event.on for event in events] == sorted(event.on for event in events)


def test_calendar_events_for_user_flags_overdue(
    viewer, today, everything, late_action, done_action, deliverable, project_milestone
):
    start, end = _window(today)
    events = _by_uid(calendar_events_for_user(user=viewer, start=start, end=end))

    assert events[f"action-{late_action.pk}"].is_overdue is True
    assert events[f"action-{done_action.pk}"].is_overdue is False
    assert events[f"action-review-{late_action.pk}"].is_overdue is False
    assert events[f"deliverable-{deliverable.pk}"].is_overdue is True
    assert events[f"project-milestone-{project_milestone.pk}"].is_overdue is False


def test_calendar_events_for_user_keeps_to_the_date_range(viewer, today, soon, everything):
    events = calendar_events_for_user(user=viewer, start=today, end=soon)

    assert {event.kind for event in events} == {
        Kind.INSPECTION_DEADLINE,
        Kind.ACTION_REVIEW,
        Kind.PROGRAMME_MILESTONE,
    }
    assert all(today <= event.on <= soon for event in events)


def test_calendar_events_for_user_includes_a_window_that_began_before_the_range(
    viewer, soon, visit_window
):
    later = soon + datetime.timedelta(days=20)

    events = calendar_events_for_user(user=viewer, start=later, end=later)

    assert [event.uid for event in events] == [f"inspection-milestone-{visit_window.pk}"]


def test_calendar_events_for_user_filters_by_kind(viewer, today, everything):
    start, end = _window(today)

    events = calendar_events_for_user(user=viewer, start=start, end=end, kinds=[Kind.ACTION_REVIEW])

    assert [event.kind for event in events] == [Kind.ACTION_REVIEW]


def test_calendar_events_for_user_never_shows_another_authoritys_events(
    viewer, outsider, today, everything, elsewhere_action
):
    start, end = _window(today)

    mine = calendar_events_for_user(user=viewer, start=start, end=end)
    theirs = calendar_events_for_user(user=outsider, start=start, end=end)

    assert f"action-{elsewhere_action.pk}" not in {event.uid for event in mine}
    assert [event.uid for event in theirs] == [f"action-{elsewhere_action.pk}"]


@pytest.mark.parametrize("count", [10, 200])
def test_calendar_events_for_user_query_count_does_not_grow(
    viewer,
    improvement_lead,
    section,
    today,
    soon,
    everything,
    count,
    django_assert_max_num_queries,
):
    for number in range(count):
        make_action(
            section=section,
            user=improvement_lead,
            reference=f"5.{number}",
            due_on=soon,
            next_review_on=soon,
        )
    start, end = _window(today)

    # The user and local authority (2), then one query per source (4).
    with django_assert_max_num_queries(6):
        events = calendar_events_for_user(user=viewer, start=start, end=end)

    assert len(events) >= 2 * count


def test_calendar_months_groups_by_month_then_day():
    first = datetime.date(2026, 11, 1)

    def event(on, ends_on=None):
        return CalendarEvent(
            on=on,
            ends_on=ends_on,
            title=str(on),
            kind=Kind.ACTION_DUE,
            detail="",
            url="/",
            is_overdue=False,
        )

    early_window = event(datetime.date(2026, 10, 20), datetime.date(2026, 11, 5))
    a, b = event(datetime.date(2026, 11, 3)), event(datetime.date(2026, 11, 3))
    c = event(datetime.date(2027, 1, 31))

    months = calendar_months([early_window, a, b, c], start=first, months=3)

    assert [month.first_day for month in months] == [
        datetime.date(2026, 11, 1),
        datetime.date(2026, 12, 1),
        datetime.date(2027, 1, 1),
    ]
    assert [(day.on, day.events) for day in months[0].days] == [
        (datetime.date(2026, 11, 1), [early_window]),
        (datetime.date(2026, 11, 3), [a, b]),
    ]
    assert months[1].days == []
    assert [day.events for day in months[2].days] == [[c]]


def test_calendar_shows_meetings_paper_deadlines_and_risk_reviews(
    viewer, local_authority, other_local_authority, today, past, soon
):
    from tracker.governance.models import Board, Meeting, Risk

    board = Board.objects.create(local_authority=local_authority, name="Improvement board")
    meeting = Meeting.objects.create(
        board=board, held_on=soon, papers_due_on=soon - datetime.timedelta(days=7)
    )
    Meeting.objects.create(
        board=board, held_on=soon, papers_due_on=soon, status=Meeting.Status.CANCELLED
    )
    late_review = Risk.objects.create(
        local_authority=local_authority,
        reference="R1",
        title="Workforce instability",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        review_on=past,
    )
    Risk.objects.create(
        local_authority=local_authority,
        reference="R2",
        title="Closed risk",
        inherent_likelihood=2,
        inherent_impact=2,
        residual_likelihood=1,
        residual_impact=1,
        review_on=soon,
        status=Risk.Status.CLOSED,
    )
    foreign_board = Board.objects.create(
        local_authority=other_local_authority, name="Elsewhere board"
    )
    Meeting.objects.create(board=foreign_board, held_on=soon, papers_due_on=soon)

    start, end = _window(today)
    events = _by_uid(calendar_events_for_user(user=viewer, start=start, end=end))

    assert events[f"meeting-{meeting.pk}"].kind == Kind.MEETING
    assert events[f"meeting-{meeting.pk}"].on == soon
    assert events[f"meeting-papers-{meeting.pk}"].kind == Kind.PAPER_DEADLINE
    assert events[f"meeting-papers-{meeting.pk}"].on == soon - datetime.timedelta(days=7)
    review = events[f"risk-review-{late_review.pk}"]
    assert (review.kind, review.is_overdue) == (Kind.RISK_REVIEW, True)
    assert [e.title for e in events.values() if e.kind == Kind.MEETING] == ["Improvement board"]
    assert [e.kind for e in events.values()].count(Kind.RISK_REVIEW) == 1
