"""The shared update helpers (`tracker.core.history`) on a real versioned record, a plan."""

import re

import pytest
from django.db import transaction

from tracker.core.errors import ConcurrentEditError
from tracker.core.history import lock_for_edit, save_changes
from tracker.plans.models import Plan


def test_save_changes_writes_fields_moves_the_version_on_and_names_the_user(improvement_lead, plan):
    with transaction.atomic():
        save_changes(plan, user=improvement_lead, title="Renamed", status=Plan.Status.AGREED)

    plan.refresh_from_db()
    assert (plan.title, plan.status, plan.version) == ("Renamed", Plan.Status.AGREED, 2)
    latest = plan.history.first()
    assert latest.history_user == improvement_lead
    assert latest.title == "Renamed"


def test_lock_for_edit_returns_the_current_row(improvement_lead, plan):
    stale_copy = Plan.objects.get(pk=plan.pk)
    save_changes(plan, user=improvement_lead, title="Saved by someone else")

    with transaction.atomic():
        current = lock_for_edit(stale_copy, thing="plan", expected_version=2)

    assert current.title == "Saved by someone else"


def test_lock_for_edit_refuses_a_stale_version(improvement_lead, plan):
    save_changes(plan, user=improvement_lead, title="Saved by someone else")

    with (
        transaction.atomic(),
        pytest.raises(
            ConcurrentEditError,
            match=re.escape("This plan was changed by someone else while you were editing it."),
        ),
    ):
        lock_for_edit(plan, thing="plan", expected_version=1)


def test_lock_for_edit_without_an_expected_version_skips_the_check(improvement_lead, plan):
    save_changes(plan, user=improvement_lead, title="Saved by someone else")

    with transaction.atomic():
        current = lock_for_edit(plan, thing="plan", expected_version=None)

    assert current.version == 2
