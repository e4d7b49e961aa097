"""The plan as it stood on a past date, reconstructed from history."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from tracker.core.history import delete_with_history
from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.history.selectors import (
    action_rows_on,
    brag_over_time,
    default_chart_dates,
    end_of_day,
)
from tracker.plans.models import Action
from tracker.plans.selectors import plan_action_rows

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_12 = datetime.date(2025, 3, 12)
APRIL_1 = datetime.date(2025, 4, 1)


def _progress(user, action, *, status, brag, narrative, on):
    action.refresh_from_db()
    return services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status=status,
        brag=brag,
        recorded_on=on,
    )


@pytest.fixture
def history(improvement_lead, section, head_of_safeguards, police):
    """1.1 created on 1 March, amber on 10 March, red and re-owned on 20 March; 1.2 created on
    15 March; 1.3 created on 1 March and deleted on 25 March."""
    with dated(MARCH_1):
        first = services.action_create(
            user=improvement_lead,
            section=section,
            reference="1.1",
            description="Launch the new audit process",
            owner_posts=[head_of_safeguards],
            due_on=datetime.date(2025, 3, 5),
        )
        doomed = services.action_create(
            user=improvement_lead, section=section, reference="1.3", description="Old idea"
        )
    with dated(datetime.date(2025, 3, 10)):
        _progress(
            improvement_lead,
            first,
            status="in_progress",
            brag="amber",
            narrative="Audit tool drafted",
            on=datetime.date(2025, 3, 10),
        )
    with dated(datetime.date(2025, 3, 15)):
        second = services.action_create(
            user=improvement_lead, section=section, reference="1.2", description="Review data"
        )
    with dated(datetime.date(2025, 3, 20)):
        _progress(
            improvement_lead,
            first,
            status="in_progress",
            brag="red",
            narrative="Audit tool delayed",
            on=datetime.date(2025, 3, 20),
        )
        first.refresh_from_db()
        services.action_update(
            user=improvement_lead,
            action=first,
            expected_version=first.version,
            section=section,
            reference="1.1",
            description="Launch the new audit process",
            owner_posts=[],
            owner_users=[],
            owner_organisations=[police],
            owner_note="",
            linked_recommendations=[],
            starts_on=None,
            due_on=datetime.date(2025, 3, 5),
        )
    with dated(datetime.date(2025, 3, 25)):
        delete_with_history(Action.objects.get(pk=doomed.pk), improvement_lead)
    return first, second, doomed


def test_action_rows_on_a_past_date_shows_the_plan_as_it_stood(history):
    first, _second, _doomed = history

    rows = action_rows_on(plan=first.plan, on=MARCH_12)

    assert [row.reference for row in rows] == ["1.1", "1.3"]
    row = rows[0]
    assert row.brag == "amber"
    assert row.status_label == "In progress"
    assert row.latest_narrative == "Audit tool drafted"
    assert row.latest_on == datetime.date(2025, 3, 10)
    assert row.who == ("Head of Service Safeguards",)
    assert row.is_overdue is True  # due 5 March, judged as on 12 March
    assert row.url.endswith(f"/actions/{first.pk}/")


def test_action_rows_on_leaves_out_actions_not_yet_created_and_deleted_ones(history):
    first, _second, _doomed = history

    assert [r.reference for r in action_rows_on(plan=first.plan, on=MARCH_1)] == ["1.1", "1.3"]
    assert action_rows_on(plan=first.plan, on=datetime.date(2025, 2, 28)) == []
    later = action_rows_on(plan=first.plan, on=APRIL_1)
    assert [row.reference for row in later] == ["1.1", "1.2"]
    assert later[0].brag == "red"
    assert later[0].latest_narrative == "Audit tool delayed"
    assert later[0].who == ("West Midlands Police",)


def test_action_rows_on_today_equals_the_plan_page(history):
    plan = history[0].plan
    today = timezone.localdate()

    assert action_rows_on(plan=plan, on=today) == plan_action_rows(plan=plan)
    assert action_rows_on(plan=plan, on=today + datetime.timedelta(days=30)) == plan_action_rows(
        plan=plan
    )


def test_action_rows_on_yesterday_matches_the_plan_page_when_nothing_changed_since(action):
    action.history.update(history_date=timezone.now() - datetime.timedelta(days=2))
    action.progress_updates.update(created_at=timezone.now() - datetime.timedelta(days=2))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    past = action_rows_on(plan=action.plan, on=yesterday)
    live = plan_action_rows(plan=action.plan, today=yesterday)

    assert past == live


def test_action_rows_on_falls_back_to_the_current_row_without_history(
    improvement_lead, local_authority
):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(local_authority=local_authority, actions=4, owner=improvement_lead)
    Action.objects.filter(plan=plan).update(created_at=end_of_day(MARCH_1))

    rows = action_rows_on(plan=plan, on=MARCH_12)

    assert len(rows) == 4
    assert rows[0].who  # today's owners
    assert action_rows_on(plan=plan, on=datetime.date(2025, 2, 1)) == []


def test_brag_over_time_counts_each_date(history):
    plan = history[0].plan
    today = timezone.localdate()

    points = brag_over_time(plan=plan, dates=[datetime.date(2025, 2, 1), MARCH_12, APRIL_1, today])

    assert points == [
        (datetime.date(2025, 2, 1), Counter()),
        (MARCH_12, Counter({"amber": 1, "": 1})),
        (APRIL_1, Counter({"red": 1, "": 1})),
        (today, Counter({"red": 1, "": 1})),
    ]


def test_brag_over_time_agrees_with_action_rows_on(history):
    plan = history[0].plan
    dates = [MARCH_1, MARCH_12, APRIL_1]

    for on, counts in brag_over_time(plan=plan, dates=dates):
        assert counts == Counter(row.brag for row in action_rows_on(plan=plan, on=on))


def test_default_chart_dates_are_six_month_ends_then_today():
    dates = default_chart_dates(today=datetime.date(2026, 3, 12))

    assert dates == [
        datetime.date(2025, 9, 30),
        datetime.date(2025, 10, 31),
        datetime.date(2025, 11, 30),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 12),
    ]


def test_end_of_day_is_local_midnight():
    summer = end_of_day(datetime.date(2025, 6, 30))

    assert summer.utcoffset() == datetime.timedelta(hours=1)
    assert (summer.date(), summer.hour) == (datetime.date(2025, 7, 1), 0)


@pytest.mark.parametrize("size", [5, 200])
def test_history_queries_do_not_grow_with_plan_size(
    improvement_lead, section, django_assert_max_num_queries, size
):
    with dated(MARCH_1):
        for n in range(size):
            services.action_create(
                user=improvement_lead, section=section, reference=f"1.{n}", description=f"A {n}"
            )
    with django_assert_max_num_queries(9):
        rows = action_rows_on(plan=section.plan, on=MARCH_12)
    assert len(rows) == size
    with django_assert_max_num_queries(4):
        points = brag_over_time(plan=section.plan, dates=[MARCH_1, MARCH_12, timezone.localdate()])
    assert points[1][1] == Counter({"": size})
