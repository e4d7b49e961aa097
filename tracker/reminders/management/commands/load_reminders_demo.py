"""`manage.py load_reminders_demo`: give the demo plans update cycles closing before the board."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.accounts.models import LocalAuthority
from tracker.core.formatting import format_date
from tracker.core.working_days import closures_load
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME
from tracker.reminders import rules, selectors
from tracker.reminders.demo import RemindersDemoSummary, load_reminders_demo


class Command(BaseCommand):
    help = (
        "Give the demo improvement plan and JTAI Statement of Action update cycles closing "
        "before the board's next meeting (safe to run again: a plan keeps its cycle). Run "
        "load_demo_data and load_governance_demo first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        local_authority = LocalAuthority.objects.filter(name=LOCAL_AUTHORITY_NAME).first()
        if local_authority is None:
            raise CommandError(
                f"No local authority called {LOCAL_AUTHORITY_NAME!r}: run load_demo_data first"
            )
        try:
            summary = load_reminders_demo(local_authority=local_authority)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self._report(summary))

    def _report(self, summary: RemindersDemoSummary) -> str:
        closures = closures_load()
        lines = [
            self.style.SUCCESS(
                "Update cycles added to the demo."
                if summary.created
                else "The demo plans already had update cycles: nothing added."
            )
        ]
        today = timezone.localdate()
        for cycle in summary.cycles:
            board_on = selectors.cycle_board_on(
                cycle=cycle,
                board_dates=selectors.cycle_board_dates(plan=cycle.plan, today=today),
                today=today,
                closures=closures,
            )
            if board_on is None:
                lines.append(f"{cycle.plan}: no date for the next board is recorded.")
                continue
            deadline = rules.cycle_deadline(board_on, cycle.closes_working_days_before, closures)
            lines.append(
                f"{cycle.plan}: updates due by {format_date(deadline)}, before the board on "
                f"{format_date(board_on)}."
            )
        lines.append("Send the reminders now with: manage.py send_reminders --now")
        return "\n".join(lines)
