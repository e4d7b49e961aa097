"""The demo's update cycles: the improvement plan's and the JTAI Statement of Action's.

Both plans report to the Improving Outcomes for Children in Solihull Board, so both cycles close
five working days before its next meeting, and reminders start four weeks before that, so that
`manage.py send_reminders --now` has something to send on the day the demo is loaded. Loaded
after `load_governance_demo`, through the services; safe to run again (a plan that has a cycle
keeps it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, User
from tracker.governance.demo import BOARD_NAME, IMPROVEMENT_LEAD_USERNAME
from tracker.governance.models import Board, Meeting
from tracker.plans.demo import ilacs_2022, jtai_2022
from tracker.plans.models import Plan
from tracker.reminders import services
from tracker.reminders.models import UpdateCycle

PLAN_TITLES: tuple[str, ...] = (ilacs_2022.PLAN_TITLE, jtai_2022.PLAN_TITLE)
FREQUENCY = UpdateCycle.Frequency.MONTHLY
CLOSES_WORKING_DAYS_BEFORE = 5
DUE_SOON_DAYS = 28


@dataclass(frozen=True)
class RemindersDemoSummary:
    """The demo plans' update cycles, and whether this run set any of them up."""

    created: bool
    cycles: tuple[UpdateCycle, ...]


@transaction.atomic
def load_reminders_demo(
    *, local_authority: LocalAuthority, today: datetime.date | None = None
) -> RemindersDemoSummary:
    """Give each demo plan that has none an update cycle closing before the board's next
    meeting, set up by the demo improvement lead. Refused when the governance demo (the board
    and its coming meeting) is not there."""
    today = today or timezone.localdate()
    plans = list(
        Plan.objects.filter(local_authority=local_authority, title__in=PLAN_TITLES).order_by(
            "title"
        )
    )
    board = Board.objects.filter(local_authority=local_authority, name=BOARD_NAME).first()
    lead = User.objects.filter(
        local_authority=local_authority, username=IMPROVEMENT_LEAD_USERNAME
    ).first()
    if len(plans) < len(PLAN_TITLES) or board is None or lead is None:
        raise ValidationError(
            "Load the demo plans and the board first: run `manage.py load_demo_data` and "
            "`manage.py load_governance_demo`"
        )
    cycles = {cycle.plan_id: cycle for cycle in UpdateCycle.objects.filter(plan__in=plans)}
    created = False
    for plan in plans:
        if plan.pk in cycles:
            continue
        meeting = (
            board.meetings.filter(status=Meeting.Status.SCHEDULED, held_on__gt=today)
            .order_by("held_on")
            .first()
        )
        if meeting is None:
            raise ValidationError(
                f"The {BOARD_NAME} has no meeting coming up: add one before the demo cycles"
            )
        cycles[plan.pk] = services.update_cycle_set(
            user=lead,
            plan=plan,
            expected_version=None,
            frequency=FREQUENCY,
            closes_working_days_before=CLOSES_WORKING_DAYS_BEFORE,
            next_board_on=meeting.held_on,
            due_soon_days=DUE_SOON_DAYS,
        )
        created = True
    return RemindersDemoSummary(created=created, cycles=tuple(cycles[plan.pk] for plan in plans))
