"""The roll-up of a main plan's priority areas."""

import datetime

import pytest

from tracker.plans.models import Action, Brag, DeliveryStatus
from tracker.plans.selectors import plan_get_detail, plan_priority_area_rollup
from tracker.plans.services import (
    action_create,
    plan_create,
    section_create,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
PAST = datetime.date(2026, 5, 1)
FUTURE = datetime.date(2026, 9, 1)


def _action(user, section, reference, *, status, brag, due_on):
    action = action_create(
        user=user, section=section, reference=reference, description="Do it", due_on=due_on
    )
    # Ratings as progress entries would leave them; the roll-up reads only the action's row.
    Action.objects.filter(pk=action.pk).update(status=status, brag=brag)
    return action


def _linked_plan(user, local_authority, *, title, priority_area, actions, first_number=1):
    """A service-level plan with one section linked to `priority_area` and `actions` in it."""
    plan = plan_create(user=user, local_authority=local_authority, title=title, kind="service_plan")
    section = section_create(
        user=user,
        plan=plan,
        number=first_number,
        title=f"{title} work",
        priority_area=priority_area,
    )
    for number in range(1, actions + 1):
        _action(
            user,
            section,
            f"{first_number}.{number}",
            status=DeliveryStatus.IN_PROGRESS,
            brag=[Brag.RED, Brag.AMBER, Brag.GREEN][number % 3],
            due_on=PAST if number % 2 else FUTURE,
        )
    return plan


def test_the_roll_up_counts_progress_brag_and_overdue_of_linked_sections(
    improvement_lead, local_authority, main_plan, service_plan, workforce, early_help
):
    linked = section_create(
        user=improvement_lead,
        plan=service_plan,
        number=1,
        title="Early help assessments",
        priority_area=early_help,
    )
    _action(
        improvement_lead,
        linked,
        "1.1",
        status=DeliveryStatus.COMPLETED,
        brag=Brag.BLUE,
        due_on=PAST,
    )  # complete: never overdue
    _action(
        improvement_lead,
        linked,
        "1.2",
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.RED,
        due_on=PAST,
    )  # overdue
    _action(
        improvement_lead,
        linked,
        "1.3",
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.AMBER,
        due_on=FUTURE,
    )
    _action(
        improvement_lead, linked, "1.4", status=DeliveryStatus.NOT_STARTED, brag="", due_on=None
    )
    # The main plan's own section counts too; a section not linked does not.
    own = section_create(
        user=improvement_lead,
        plan=main_plan,
        number=1,
        title="Family hubs",
        priority_area=early_help,
    )
    _action(
        improvement_lead,
        own,
        "1.1",
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.GREEN,
        due_on=PAST,
    )  # overdue
    unlinked = section_create(user=improvement_lead, plan=service_plan, number=2, title="Other")
    _action(
        improvement_lead,
        unlinked,
        "2.1",
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.RED,
        due_on=PAST,
    )

    rollups = plan_priority_area_rollup(plan=main_plan, today=TODAY)

    assert [r.priority_area.name for r in rollups] == ["Stable, skilled workforce", "Early help"]
    empty, help_ = rollups
    assert empty.sections == []
    assert empty.summary.total == 0
    assert [(linked.section.plan.title, linked.section.number) for linked in help_.sections] == [
        ("Children's services improvement plan", 1),
        ("Early help service plan", 1),
    ]
    assert help_.summary.total == 5
    assert help_.summary.complete == 1
    assert help_.summary.percent_complete == 20
    assert help_.summary.overdue == 2
    assert help_.brag_counts() == [
        ("Blue", 1),
        ("Red", 1),
        ("Amber", 1),
        ("Green", 1),
        ("Not rated", 1),
    ]
    service = help_.sections[1].summary
    assert (service.total, service.complete, service.overdue) == (4, 1, 1)


def test_a_plan_without_priority_areas_has_no_roll_up(main_plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert plan_priority_area_rollup(plan=main_plan, today=TODAY) == []


def test_the_plan_detail_carries_the_roll_up(main_plan, workforce):
    detail = plan_get_detail(plan=main_plan, today=TODAY)

    assert [r.priority_area for r in detail.priority_areas] == [workforce]


@pytest.mark.parametrize("plans", [1, 3])
def test_the_roll_up_takes_the_same_queries_whatever_the_size(
    improvement_lead,
    local_authority,
    main_plan,
    workforce,
    early_help,
    plans,
    django_assert_max_num_queries,
):
    for number in range(plans):
        _linked_plan(
            improvement_lead,
            local_authority,
            title=f"Service plan {number}",
            priority_area=[workforce, early_help][number % 2],
            actions=2 + 5 * number,
        )

    with django_assert_max_num_queries(3):
        rollups = plan_priority_area_rollup(plan=main_plan, today=TODAY)
        # Reading what the page shows costs nothing more.
        shown = [(s.section.plan.title, s.summary.total) for r in rollups for s in r.sections]

    assert len(shown) == plans
    assert sum(r.summary.total for r in rollups) == sum(2 + 5 * n for n in range(plans))
