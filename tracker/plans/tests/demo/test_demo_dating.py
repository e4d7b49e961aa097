"""Dating demo writes: only the rows written inside the block, by its own code, are re-dated."""

from __future__ import annotations

import contextvars
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tracker.plans import services
from tracker.plans.demo.dating import at_noon, dated
from tracker.plans.models import Plan

# Committed writes: the other context below gets its own database connection, which could not
# write beside a test transaction holding the same tables (SQLite: "database table is locked").
pytestmark = pytest.mark.django_db(transaction=True)

MARCH_1 = datetime.date(2025, 3, 1)


def _plan(local_authority, title):
    return services.plan_create(
        user=None, local_authority=local_authority, title=title, kind="improvement_plan"
    )


def _plan_elsewhere(local_authority, title):
    """A write from another context, as another thread would make it, on its own connection."""
    try:
        return _plan(local_authority, title)
    finally:
        connection.close()


def test_dated_redates_the_blocks_own_writes_only(local_authority):
    before = _plan(local_authority, "Written before the block")
    with dated(MARCH_1):
        demo = _plan(local_authority, "The demo's plan")
        # Someone else writing at the same moment, in another thread: a fresh context.
        elsewhere = contextvars.Context().run(
            _plan_elsewhere, local_authority, "Someone else's plan"
        )
        before.refresh_from_db()
        before.title = "Changed in the block"
        before.save()

    moment = at_noon(MARCH_1)
    demo.refresh_from_db()
    assert (demo.created_at, demo.updated_at) == (moment, moment)
    assert [record.history_date for record in demo.history.all()] == [moment]

    elsewhere.refresh_from_db()
    assert elsewhere.created_at.date() == timezone.now().date()
    assert elsewhere.updated_at.date() == timezone.now().date()
    assert elsewhere.history.get().history_date.date() == timezone.now().date()

    before.refresh_from_db()
    assert before.updated_at == moment  # changed in the block
    assert before.created_at.date() == timezone.now().date()  # but not created in it
    assert Plan.objects.count() == 3


def test_the_block_listens_only_while_it_is_open():
    """Outside every block nothing listens for history rows, so they are copied in the
    database (`HistoricalRecordsCopiedInTheDatabase`); nested blocks listen until the last
    one closes."""
    from simple_history.signals import post_create_historical_record

    history = Plan.history.model
    assert not post_create_historical_record.has_listeners(history)
    with dated(MARCH_1):
        assert post_create_historical_record.has_listeners(history)
        with dated(MARCH_1):
            assert post_create_historical_record.has_listeners(history)
        assert post_create_historical_record.has_listeners(history)
    assert not post_create_historical_record.has_listeners(history)
