"""The demo's update cycles: both demo plans close before the board's next meeting, and the
reminders they send on the day the demo is loaded reach the partner's action owner."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tracker.core.formatting import format_date
from tracker.governance.demo import load_governance_demo
from tracker.governance.models import Meeting
from tracker.plans.demo import load_demo_data
from tracker.reminders import rules, selectors
from tracker.reminders.demo import load_reminders_demo
from tracker.reminders.models import ReminderSent, UpdateCycle

PASSWORD = "demo-password-for-tests"

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    summary = load_demo_data(password=PASSWORD)
    load_governance_demo(local_authority=summary.local_authority, password=PASSWORD)
    return summary


def test_demo_cycles_close_before_the_boards_next_meeting(demo):
    summary = load_reminders_demo(local_authority=demo.local_authority)
    today = timezone.localdate()
    upcoming = Meeting.objects.get(status=Meeting.Status.SCHEDULED)

    assert summary.created is True
    assert {cycle.plan for cycle in summary.cycles} == {
        demo.improvement_plan,
        demo.statement_of_action,
    }
    for cycle in summary.cycles:
        # The board's date comes from its meetings, so none is typed into the cycle.
        assert cycle.next_board_on is None
        assert cycle.is_active is True
        deadline = rules.cycle_deadline(upcoming.held_on, cycle.closes_working_days_before)
        assert today <= deadline < upcoming.held_on
        assert rules.reminder_window_is_open(today, deadline, cycle.due_soon_days) is True
        assert cycle.history.get().history_user.username == "lead"


def test_demo_cycles_remind_the_police_officer_of_the_police_actions(demo):
    load_reminders_demo(local_authority=demo.local_authority)
    cycle = UpdateCycle.objects.get(plan=demo.statement_of_action)

    reminders = selectors.cycle_get_reminders(cycle=cycle, today=timezone.localdate())

    digests = {digest.recipient.username: digest for digest in reminders.digests}
    assert "police" in digests
    references = {line.action.reference for line in digests["police"].overdue}
    assert "3.3" in references  # the police's own notifications backlog
    assert "2.3" not in references  # the health team's action


def test_send_reminders_now_sends_the_demo_digests_once(demo):
    load_reminders_demo(local_authority=demo.local_authority)
    out = StringIO()

    call_command("send_reminders", "--now", stdout=out)

    sent = ReminderSent.objects.exclude(sent_at=None)
    kinds = set(sent.values_list("recipient__username", "kind"))
    assert ("police", ReminderSent.Kind.OWNER_DIGEST) in kinds
    assert ("themelead", ReminderSent.Kind.OWNER_DIGEST) in kinds
    assert ("lead", ReminderSent.Kind.LEAD_ESCALATION) in kinds
    assert f"Reminders sent: {sent.count()}, already sent: 0, failed: 0." in out.getvalue()
    police_mail = [m for m in mail.outbox if m.to == ["police@westmidlands-police.example.org"]]
    assert len(police_mail) == 1
    assert "3.3 Review every police notification" in police_mail[0].body

    again = StringIO()
    call_command("send_reminders", "--now", stdout=again)
    assert f"Reminders sent: 0, already sent: {sent.count()}" in again.getvalue()


def test_load_reminders_demo_twice_adds_nothing(demo):
    first = load_reminders_demo(local_authority=demo.local_authority)
    before = {cycle.pk: cycle.version for cycle in UpdateCycle.objects.all()}

    second = load_reminders_demo(local_authority=demo.local_authority)

    assert second.created is False
    assert second.cycles == first.cycles
    assert {cycle.pk: cycle.version for cycle in UpdateCycle.objects.all()} == before


def test_load_reminders_demo_needs_the_board(db):
    summary = load_demo_data(password=PASSWORD)

    with pytest.raises(ValidationError, match="load_governance_demo"):
        load_reminders_demo(local_authority=summary.local_authority)
    assert not UpdateCycle.objects.exists()


def test_load_reminders_demo_command_prints_when_updates_are_due(demo):
    out = StringIO()

    call_command("load_reminders_demo", stdout=out)

    cycle = UpdateCycle.objects.get(plan=demo.improvement_plan)
    upcoming = Meeting.objects.get(status=Meeting.Status.SCHEDULED)
    deadline = rules.cycle_deadline(upcoming.held_on, cycle.closes_working_days_before)
    text = out.getvalue()
    assert "Update cycles added to the demo." in text
    assert (
        f"Children's services improvement plan 2023: updates due by {format_date(deadline)}, "
        f"before the board on {format_date(upcoming.held_on)}." in text
    )
    assert "JTAI Statement of Action 2022: updates due by" in text


def test_load_reminders_demo_command_needs_the_demo_authority(db):
    with pytest.raises(CommandError, match="run load_demo_data first"):
        call_command("load_reminders_demo", stdout=StringIO())
