"""Background jobs of update cycles, run by the django-tasks worker (`manage.py db_worker`)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from tracker.reminders import services


@task()
def send_due_reminders(today: str | None = None) -> dict[str, int]:
    """Send every open cycle's reminders for `today` (an ISO date; the local date when empty).

    Safe to run twice: reminders already sent for a deadline are skipped.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    result = services.reminders_send_due(today=day)
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}
