"""Helpers for the highlight report tests: dates relative to today, actions and progress.

"Today" is taken once per test (reset by the autouse fixture in conftest.py), so a run that
crosses midnight still sees one consistent day within each test.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from tracker.plans import services as plan_services
from tracker.plans.demo.dating import at_noon
from tracker.plans.models import ProgressUpdate

_today: list[datetime.date] = []


def reset_today() -> None:
    """Forget the day, so the next call to `today` takes it afresh (at the start of a test)."""
    _today.clear()


def today() -> datetime.date:
    if not _today:
        _today.append(timezone.localdate())
    return _today[0]


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def record(action, *, narrative, status, brag="", on, user=None, entered=None):
    """Record progress as at `on`, entered at `entered` (by default midday of `on`, or now
    if that is later than now)."""
    action.refresh_from_db()
    update = plan_services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status=status,
        brag=brag,
        recorded_on=on,
        next_review_on=days(90) if status == "business_as_usual" else None,
    )
    entered = entered or min(at_noon(on), timezone.now())
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=entered)
    update.created_at = entered
    return update


def add_action(section, reference, description, *, due_on=None):
    return plan_services.action_create(
        user=None, section=section, reference=reference, description=description, due_on=due_on
    )
