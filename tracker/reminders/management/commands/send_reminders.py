"""`manage.py send_reminders`: queue today's update-cycle reminders (run daily from cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.reminders.tasks import send_due_reminders


def _date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CommandError(f"--date must be a date such as 2027-03-14, not {value!r}") from None


class Command(BaseCommand):
    help = (
        "Queue the job that emails update-cycle reminders for every plan whose reminder window "
        "is open (the db_worker sends them). Safe to run more than once a day: nobody is "
        "reminded twice for the same deadline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Send as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send in this process instead of queueing for the worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["date"]) if options["date"] else None
        if options["now"]:
            counts = send_due_reminders.call(today)
            self.stdout.write(self.style.SUCCESS(_summary(counts)))
            return
        result = send_due_reminders.enqueue(today)
        if result.is_finished and result.return_value is not None:
            self.stdout.write(self.style.SUCCESS(_summary(result.return_value)))
        else:
            self.stdout.write(f"Queued reminder job {result.id} ({result.status}).")


def _summary(counts: dict[str, int]) -> str:
    return (
        f"Reminders sent: {counts['sent']}, already sent: {counts['skipped']}, "
        f"failed: {counts['failed']}."
    )
