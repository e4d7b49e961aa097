"""Each history row of a save is copied from the row just saved, in the database
(`tracker.core.history.HistoricalRecordsCopiedInTheDatabase`): the same values as the stock
simple-history way, which is kept for deletions, listeners and rows it cannot copy."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.db.models.signals import post_save
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from tracker.core.history import delete_with_history, save_with_history
from tracker.plans import services
from tracker.plans.models import Action, ProgressUpdate, Theme

pytestmark = pytest.mark.django_db


def _held(record, history_row):
    """Each of the record's columns as its history row holds it, and as the record does."""
    fields = [field.attname for field in type(record)._meta.concrete_fields]
    return (
        {name: getattr(history_row, name) for name in fields},
        {name: getattr(type(record).objects.get(pk=record.pk), name) for name in fields},
    )


def _record_progress(user, action, narrative="Audit sample reviewed"):
    action.refresh_from_db()
    return services.action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status="in_progress",
        brag="amber",
    )


def _history_inserts(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{table}" ')]


def test_recording_progress_copies_both_rows_into_their_history_in_the_database(
    improvement_lead, action
):
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        update = _record_progress(improvement_lead, action)

    entry_history = update.history.get()
    held, live = _held(update, entry_history)
    assert held == live
    assert entry_history.history_type == "+"
    assert entry_history.history_user == improvement_lead
    action_history = action.history.first()
    held, live = _held(action, action_history)
    assert held == live
    assert held["latest_update_id"] == update.pk
    assert action_history.history_type == "~"
    assert action_history.history_user == improvement_lead
    # One statement each, a copy of the saved row: no history instance is saved by the ORM.
    for table in ("plans_historicalprogressupdate", "plans_historicalaction"):
        [sql] = _history_inserts(queries, table)
        assert " SELECT " in sql


def test_the_copy_matches_the_stock_way_column_by_column(improvement_lead, theme):
    """The same save twice: copied in the database, then the stock way (a listener makes the
    stock way run); the two history rows differ only in the columns the second save moved."""
    heard = []

    def listener(sender, history_instance, **kwargs):
        heard.append(history_instance)

    theme.refresh_from_db()
    save_with_history(theme, improvement_lead)
    copied = theme.history.first()
    pre_create_historical_record.connect(listener, sender=Theme.history.model)
    try:
        theme.refresh_from_db()
        save_with_history(theme, improvement_lead)
    finally:
        pre_create_historical_record.disconnect(listener, sender=Theme.history.model)
    stock = theme.history.first()

    assert len(heard) == 1
    assert heard[0].pk == stock.pk != copied.pk
    columns = [f.attname for f in Theme.history.model._meta.concrete_fields]
    differing = {c for c in columns if getattr(copied, c) != getattr(stock, c)}
    assert differing <= {"history_id", "history_date", "updated_at"}
    assert stock.history_type == copied.history_type == "~"


def test_a_listener_after_the_row_still_hears_it_the_stock_way(improvement_lead, action):
    heard = []

    def listener(sender, history_instance, instance, **kwargs):
        heard.append((type(instance), history_instance.history_type))

    post_create_historical_record.connect(listener)
    try:
        _record_progress(improvement_lead, action)
    finally:
        post_create_historical_record.disconnect(listener)

    assert (ProgressUpdate, "+") in heard
    assert (Action, "~") in heard
    held, live = _held(action, action.history.first())
    assert held == live


def test_the_date_and_reason_given_are_kept(improvement_lead, theme):
    when = datetime.datetime(2026, 11, 22, 9, 30, tzinfo=datetime.UTC)
    theme.refresh_from_db()
    theme._history_date = when
    theme._change_reason = "Renamed at the board's request"
    save_with_history(theme, improvement_lead)

    newest = theme.history.order_by("-history_id").first()
    assert newest.history_date == when
    assert newest.history_change_reason == "Renamed at the board's request"
    assert newest.history_user == improvement_lead


def test_without_a_user_named_the_requests_user_is_recorded(viewer, theme):
    request = RequestFactory().post("/")
    request.user = viewer
    HistoricalRecords.context.request = request
    try:
        Theme.objects.get(pk=theme.pk).save()  # a new instance: no `_history_user`
    finally:
        del HistoricalRecords.context.request
    newest = theme.history.order_by("-history_id").first()
    assert newest.history_user == viewer


def test_with_no_user_at_all_none_is_recorded(theme):
    Theme.objects.get(pk=theme.pk).save()
    newest = theme.history.order_by("-history_id").first()
    assert newest.history_user is None
    assert newest.history_type == "~"


def test_a_deletion_keeps_what_the_record_held_the_stock_way(improvement_lead, theme):
    theme.refresh_from_db()
    fields = {f.attname: getattr(theme, f.attname) for f in Theme._meta.concrete_fields}
    delete_with_history(theme, improvement_lead)

    deleted = Theme.history.model.objects.filter(id=fields["id"]).first()
    assert deleted.history_type == "-"
    assert deleted.history_user == improvement_lead
    assert {name: getattr(deleted, name) for name in fields} == fields


def test_a_row_that_is_not_in_the_database_is_recorded_the_stock_way(improvement_lead, theme):
    """Nothing to copy (a record whose row is gone, or saved elsewhere): the history row is
    made from the instance, as simple-history does."""
    ghost = Theme(pk=theme.pk + 1000, plan=theme.plan, name="Not in the database")
    ghost.version = 3
    ghost.created_at = ghost.updated_at = timezone.now()
    ghost._history_user = improvement_lead
    post_save.send(sender=Theme, instance=ghost, created=False, raw=False, using="default")

    row = Theme.history.model.objects.get(id=ghost.pk)
    assert row.name == "Not in the database"
    assert row.version == 3
    assert row.history_type == "~"
    assert row.history_user == improvement_lead
