import datetime

import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import PostFactory, UserFactory
from tracker.plans import services as plan_services
from tracker.plans.merging.services import plan_merge
from tracker.plans.partners import services as partner_services
from tracker.plans.tests.factories import ActionFactory
from tracker.reminders import selectors
from tracker.reminders.tests.conftest import DEADLINE, TODAY

pytestmark = pytest.mark.django_db


def _by_recipient(reminders):
    return {
        digest.recipient.username: {
            "overdue": [line.action.reference for line in digest.overdue],
            "due_soon": [line.action.reference for line in digest.due_soon],
            "stale": [line.action.reference for line in digest.stale],
        }
        for digest in reminders.digests
    }


def test_owners_are_found_through_posts_names_and_organisations(cycle, actions):
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    assert reminders.deadline == DEADLINE
    assert reminders.cycle_start == datetime.date(2027, 2, 16)
    assert _by_recipient(reminders) == {
        # The post holder: 1.1 overdue; 1.4 was updated this cycle and 1.5 is complete.
        "owner": {"overdue": ["1.1"], "due_soon": [], "stale": []},
        "named": {"overdue": [], "due_soon": ["1.2"], "stale": []},
        # An action owner of the owning organisation; its viewer is not reminded.
        "police": {"overdue": [], "due_soon": [], "stale": ["1.3"]},
    }


def test_a_partner_is_not_reminded_of_a_plan_no_longer_shared_with_them(
    cycle, actions, plan, improvement_lead
):
    access = plan.partner_accesses.get()
    partner_services.plan_partner_withdraw(user=improvement_lead, access=access)
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    assert "police" not in _by_recipient(reminders)
    # The council's own owners still are.
    assert set(_by_recipient(reminders)) == {"owner", "named"}


def test_leads_get_overdue_and_stale_actions_with_owners(cycle, actions):
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    assert [e.recipient.username for e in reminders.escalations] == ["lead", "theme-lead"]
    escalation = reminders.escalations[0]
    assert [line.action.reference for line in escalation.overdue] == ["1.1"]
    assert [line.action.reference for line in escalation.stale] == ["1.2", "1.3"]
    assert escalation.overdue[0].owners == ["Head of Service Safeguards"]
    assert escalation.stale[1].owners == ["West Midlands Police"]


def test_people_of_another_authority_and_without_email_are_not_reminded(
    cycle, actions, other_local_authority, named_owner, police
):
    stranger = UserFactory(
        local_authority=other_local_authority,
        role=User.Role.ACTION_OWNER,
        organisation=police,
        email="stranger@elsewhere.example",
    )
    stranger.posts.add(actions["overdue"].owner_posts.get())
    named_owner.email = ""
    named_owner.save()
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    assert set(_by_recipient(reminders)) == {"owner", "police"}


def test_another_authoritys_actions_are_not_in_the_digest(
    cycle, actions, outsider, other_local_authority
):
    other_plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Elsewhere",
        kind="improvement_plan",
    )
    other_section = plan_services.section_create(
        user=outsider, plan=other_plan, number=1, title="Elsewhere"
    )
    ActionFactory(section=other_section, due_on=datetime.date(2027, 1, 1))
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    references = {
        line.action.reference
        for digest in reminders.digests
        for line in digest.overdue + digest.due_soon + digest.stale
    }
    assert references == {"1.1", "1.2", "1.3"}


def _add_actions(section, count, owners, local_authority):
    post = PostFactory(local_authority=local_authority)
    holder = UserFactory(
        local_authority=local_authority, role=User.Role.ACTION_OWNER, email="holder@x.example"
    )
    holder.posts.add(post)
    for index in range(count):
        action = ActionFactory(
            section=section,
            reference=f"9.{index}",
            due_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=index),
        )
        action.owner_posts.add(post)
        action.owner_users.add(owners[index % len(owners)])


@pytest.mark.parametrize("count", [10, 100])
def test_reminders_take_a_fixed_number_of_queries(
    cycle, section, local_authority, named_owner, action_owner, count, django_assert_max_num_queries
):
    _add_actions(section, count, [named_owner, action_owner], local_authority)
    # One more than before partners: the partner organisations the plan is not shared with.
    with django_assert_max_num_queries(10):
        reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)
    assert sum(digest.total for digest in reminders.digests) == 2 * count


def test_cycles_with_open_window(cycle, plan):
    assert selectors.cycles_with_open_window(today=datetime.date(2027, 3, 1)) == []
    assert selectors.cycles_with_open_window(today=TODAY) == [cycle]
    assert selectors.cycles_with_open_window(today=DEADLINE) == [cycle]
    # The day after, the next board (23 April, due 16 April) is 30 days away: closed.
    assert selectors.cycles_with_open_window(today=datetime.date(2027, 3, 17)) == []
    # Two weeks before the next deadline it opens again.
    assert selectors.cycles_with_open_window(today=datetime.date(2027, 4, 2)) == [cycle]


def test_a_merged_plans_cycle_sends_no_reminders(cycle, plan, improvement_lead, local_authority):
    target = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Main",
        kind="improvement_plan",
    )
    plan_merge(user=improvement_lead, sources=[plan], target=target)

    assert selectors.cycles_with_open_window(today=TODAY) == []


def _closure(local_authority, falls_on):
    from tracker.core.models import ClosureDay

    return ClosureDay.objects.create(
        local_authority=local_authority,
        falls_on=falls_on,
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Council offices closed",
    )


def test_another_authoritys_closure_day_does_not_move_the_deadline(cycle, other_local_authority):
    _closure(other_local_authority, datetime.date(2027, 3, 18))

    assert selectors.cycle_get_reminders(cycle=cycle, today=TODAY).deadline == DEADLINE
    assert selectors.cycles_with_open_window(today=DEADLINE) == [cycle]


def test_the_authoritys_own_closure_day_moves_the_deadline(cycle, local_authority):
    """Five working days before the board on 23 March, with 18 March closed, is 15 March."""
    _closure(local_authority, datetime.date(2027, 3, 18))

    assert selectors.cycle_get_reminders(cycle=cycle, today=TODAY).deadline == datetime.date(
        2027, 3, 15
    )
    assert selectors.cycles_with_open_window(today=DEADLINE) == []
