"""Helpers for the highlight report tests: dates relative to today, actions and progress."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tracker.plans import services as plan_services

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def record(action, *, narrative, status, brag="", on, user=None):
    action.refresh_from_db()
    return plan_services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status=status,
        brag=brag,
        recorded_on=on,
        next_review_on=days(90) if status == "business_as_usual" else None,
    )


def add_action(section, reference, description, *, due_on=None):
    return plan_services.action_create(
        user=None, section=section, reference=reference, description=description, due_on=due_on
    )
