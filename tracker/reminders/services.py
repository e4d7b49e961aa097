"""Writes for update cycles, and sending each cycle's reminders exactly once.

Every recipient's reminder is sent in its own transaction, guarded by a unique `ReminderSent`
row: a job run twice, or rerun after a crash, sends only the reminders not yet marked sent.
See docs/decisions/0004-task-runner.md for the one remaining window.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.errors import ConcurrentEditError, check_version
from tracker.core.formatting import format_date
from tracker.core.history import save_changes, save_with_history
from tracker.core.working_days import Closures
from tracker.plans.models import Plan
from tracker.reminders import selectors
from tracker.reminders.models import ReminderSent, UpdateCycle

logger = logging.getLogger(__name__)

Errors = dict[str, list[str]]

MOST_WORKING_DAYS_BEFORE = 40
MOST_DUE_SOON_DAYS = 90
FIRST_YEAR = 2000


@dataclass(frozen=True)
class SendResult:
    """How many reminders a run sent, skipped as already sent, and failed to deliver."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def __add__(self, other: SendResult) -> SendResult:
        return SendResult(
            sent=self.sent + other.sent,
            skipped=self.skipped + other.skipped,
            failed=self.failed + other.failed,
        )


# Update cycles ----------------------------------------------------------------------------------


def _validate_cycle(
    *,
    frequency: str,
    closes_working_days_before: int | None,
    next_board_on: datetime.date | None,
    due_soon_days: int | None,
    is_board_recorded: bool,
) -> None:
    errors: Errors = {}
    if frequency not in UpdateCycle.Frequency.values:
        errors["frequency"] = ["Select how often the improvement board meets"]
    if closes_working_days_before is None:
        errors["closes_working_days_before"] = [
            "Enter how many working days before the board updates are due"
        ]
    elif not 0 <= closes_working_days_before <= MOST_WORKING_DAYS_BEFORE:
        errors["closes_working_days_before"] = [
            "The working days before the board that updates are due must be between 0 and "
            f"{MOST_WORKING_DAYS_BEFORE}"
        ]
    if next_board_on is None:
        if not is_board_recorded:
            errors["next_board_on"] = ["Enter the date of the next improvement board"]
    elif next_board_on.year < FIRST_YEAR:
        errors["next_board_on"] = [
            f"The date of the next improvement board must be in {FIRST_YEAR} or later"
        ]
    if due_soon_days is None:
        errors["due_soon_days"] = ["Enter how many days before the deadline reminders start"]
    elif not 1 <= due_soon_days <= MOST_DUE_SOON_DAYS:
        errors["due_soon_days"] = [
            "The days before the deadline that reminders start must be between 1 and "
            f"{MOST_DUE_SOON_DAYS}"
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_cycle_set(
    *,
    user: User | None,
    plan: Plan,
    expected_version: int | None,
    frequency: str,
    closes_working_days_before: int | None,
    next_board_on: datetime.date | None,
    due_soon_days: int | None,
    is_active: bool = True,
) -> UpdateCycle:
    """Set a plan's update cycle: how often its board meets, how many working days before it
    updates are due and when reminders start.

    The next board's date comes from the meetings recorded for the plan's improvement board;
    `next_board_on` is asked for (and kept) only when no such meeting is recorded, and is
    dropped when one is. Creates the cycle the first time; afterwards refuses an edit made
    from a stale copy (including two people setting up the same plan's cycle at once).
    """
    # Not `lock_for_edit`: the cycle is found by its plan, and there may be none yet.
    cycle = UpdateCycle.objects.select_for_update().filter(plan=plan).first()
    if cycle is not None:
        if expected_version is None:
            raise ConcurrentEditError("update cycle")
        check_version(thing="update cycle", current=cycle.version, expected=expected_version)
    is_board_recorded = selectors.cycle_board_dates(
        plan=plan, today=timezone.localdate()
    ).is_recorded
    _validate_cycle(
        frequency=frequency,
        closes_working_days_before=closes_working_days_before,
        next_board_on=next_board_on,
        due_soon_days=due_soon_days,
        is_board_recorded=is_board_recorded,
    )
    assert closes_working_days_before is not None  # noqa: S101 - checked above
    assert due_soon_days is not None  # noqa: S101 - checked above
    if is_board_recorded:
        next_board_on = None
    values = {
        "frequency": frequency,
        "closes_working_days_before": closes_working_days_before,
        "next_board_on": next_board_on,
        "due_soon_days": due_soon_days,
        "is_active": is_active,
    }
    if cycle is not None:
        return save_changes(cycle, user=user, **values)
    cycle = UpdateCycle(plan=plan, **values)
    save_with_history(cycle, user)
    return cycle


# Reminders --------------------------------------------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _digest_message(
    *, digest: selectors.OwnerDigest, reminders: selectors.CycleReminders
) -> EmailMultiAlternatives:
    deadline = format_date(reminders.deadline)
    subject = (
        f"Improvement plan: {_plural(digest.total, 'action needs', 'actions need')} "
        f"an update by {deadline}"
    )
    context = {
        "digest": digest,
        "plan": reminders.cycle.plan,
        "deadline": deadline,
        "board_on": format_date(reminders.board_on),
        "sections": [
            ("Overdue", digest.overdue),
            ("Due soon", digest.due_soon),
            ("Not updated this cycle", digest.stale),
        ],
    }
    return _message(subject, "owner_digest", context, digest.recipient)


def _escalation_message(
    *, escalation: selectors.Escalation, reminders: selectors.CycleReminders
) -> EmailMultiAlternatives:
    deadline = format_date(reminders.deadline)
    subject = (
        f"Improvement plan: {_plural(escalation.total, 'action is', 'actions are')} "
        f"overdue or not updated, updates due by {deadline}"
    )
    context = {
        "escalation": escalation,
        "plan": reminders.cycle.plan,
        "deadline": deadline,
        "board_on": format_date(reminders.board_on),
        "sections": [
            ("Overdue", escalation.overdue),
            ("Not updated this cycle", escalation.stale),
        ],
    }
    return _message(subject, "lead_escalation", context, escalation.recipient)


def _message(
    subject: str, template: str, context: dict[str, object], recipient: User
) -> EmailMultiAlternatives:
    context = {**context, "recipient": recipient, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"reminders/email/{template}.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(
        render_to_string(f"reminders/email/{template}.html", context), "text/html"
    )
    return message


def _send_once(
    *,
    cycle: UpdateCycle,
    deadline: datetime.date,
    recipient: User,
    kind: str,
    message: EmailMultiAlternatives,
) -> SendResult:
    """Send one reminder unless its log row says it was sent, marking it sent in the same
    transaction. A delivery the mail server refuses is rolled back, so a later run retries."""
    try:
        with transaction.atomic():
            row, _ = ReminderSent.objects.get_or_create(
                cycle=cycle, cycle_deadline=deadline, recipient=recipient, kind=kind
            )
            row = ReminderSent.objects.select_for_update().get(pk=row.pk)
            if row.sent_at is not None:
                return SendResult(skipped=1)
            message.send()
            row.sent_at = timezone.now()
            row.save(update_fields=["sent_at", "updated_at"])
    except (smtplib.SMTPException, OSError):
        logger.exception(
            "Could not send the %s reminder for cycle %s to user %s", kind, cycle.pk, recipient.pk
        )
        return SendResult(failed=1)
    return SendResult(sent=1)


def reminders_send_for_cycle(
    *, cycle: UpdateCycle, today: datetime.date, closures: Closures | None = None
) -> SendResult:
    """Email each owner their digest and each lead the escalation list for the cycle's
    current deadline, at most once per person per deadline.

    Not one transaction: each reminder commits on its own, so a crash part-way leaves the
    earlier reminders marked sent and a rerun sends only the rest. Call it outside any
    transaction (as the worker and the command do): inside one, the per-reminder transactions
    become savepoints and a later failure would undo the marks of emails already sent. Links
    in the emails are built from the SITE_URL setting (`tracker.core.links`).
    """
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=today, closures=closures)
    if reminders is None:  # the next board's date is not known: nothing to remind of
        return SendResult()
    result = SendResult()
    for digest in reminders.digests:
        result += _send_once(
            cycle=cycle,
            deadline=reminders.deadline,
            recipient=digest.recipient,
            kind=ReminderSent.Kind.OWNER_DIGEST,
            message=_digest_message(digest=digest, reminders=reminders),
        )
    for escalation in reminders.escalations:
        result += _send_once(
            cycle=cycle,
            deadline=reminders.deadline,
            recipient=escalation.recipient,
            kind=ReminderSent.Kind.LEAD_ESCALATION,
            message=_escalation_message(escalation=escalation, reminders=reminders),
        )
    return result


def reminders_send_due(*, today: datetime.date) -> SendResult:
    """Send the reminders of every active cycle whose reminder window is open today.
    Safe to run any number of times a day."""
    # Each authority's own closure days move its deadlines: read once per authority.
    closures: dict[int, Closures] = {}
    result = SendResult()
    for cycle in selectors.cycles_with_open_window(today=today, closures=closures):
        result += reminders_send_for_cycle(
            cycle=cycle, today=today, closures=closures[cycle.plan.local_authority_id]
        )
    return result
