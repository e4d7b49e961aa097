"""Date writes as if they had been made on another day, for demo data and tests of history.

django-simple-history stamps every record with the moment it is saved; a demo loaded today
would otherwise look as if the whole plan had been written today, and "what changed" between
two dates in 2020 would show nothing.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.signals import post_create_historical_record

# The rows saved inside the current `dated` block, by model: {model: {pk: created in the
# block}}. A context variable, so writes made at the same time by other threads (other people)
# are never caught.
_Written = dict[type[models.Model], dict[Any, bool]]
_written: ContextVar[_Written | None] = ContextVar("dated_written", default=None)


def _saved(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    written = _written.get()
    if written is not None:
        rows = written[sender]
        rows[instance.pk] = rows.get(instance.pk, False) or created


def _history_saved(sender: Any, history_instance: models.Model, **kwargs: Any) -> None:
    written = _written.get()
    if written is not None:
        written[type(history_instance)][history_instance.pk] = True


# The receivers are connected only while a `dated` block is open (in any thread): a history
# row is copied in the database only when nothing listens for it
# (`tracker.core.history.HistoricalRecordsCopiedInTheDatabase`), so a process that merely
# imported this module would otherwise write every history row the slow way.
_blocks_lock = threading.Lock()
_blocks_open = 0


def _listen() -> None:
    global _blocks_open
    with _blocks_lock:
        if _blocks_open == 0:
            post_save.connect(_saved, weak=False, dispatch_uid="tracker.plans.demo.dating.saved")
            post_create_historical_record.connect(
                _history_saved, weak=False, dispatch_uid="tracker.plans.demo.dating.history_saved"
            )
        _blocks_open += 1


def _stop_listening() -> None:
    global _blocks_open
    with _blocks_lock:
        _blocks_open -= 1
        if _blocks_open == 0:
            post_save.disconnect(dispatch_uid="tracker.plans.demo.dating.saved")
            post_create_historical_record.disconnect(
                dispatch_uid="tracker.plans.demo.dating.history_saved"
            )


def at_noon(on: datetime.date) -> datetime.datetime:
    """Midday of a date in the service's time zone."""
    return datetime.datetime.combine(on, datetime.time(12), tzinfo=timezone.get_default_timezone())


@contextmanager
def dated(when: datetime.datetime | datetime.date) -> Iterator[None]:
    """Record the writes made inside the block, by this code, as made at `when` (midday, for a
    date): the history rows they wrote, and `created_at`/`updated_at` of the rows they created
    or changed. Only rows saved in the block (seen through `post_save` and simple-history's
    signal, in this thread) are re-dated; anyone else's writes at the same time are left
    alone. Rows written without signals (`bulk_create`, `QuerySet.update`) are not re-dated.
    Blocks must run in time order of the wall clock, one after another."""
    moment = at_noon(when) if not isinstance(when, datetime.datetime) else when
    written: _Written = defaultdict(dict)
    token = _written.set(written)
    _listen()
    try:
        yield
    finally:
        _stop_listening()
        _written.reset(token)
    for model, rows in written.items():
        names = {field.name for field in model._meta.get_fields()}
        manager = model._default_manager
        if {"history_id", "history_date"} <= names:
            manager.filter(pk__in=list(rows)).update(history_date=moment)
        elif "created_at" in names and "updated_at" in names:
            created = [pk for pk, was_created in rows.items() if was_created]
            changed = [pk for pk, was_created in rows.items() if not was_created]
            manager.filter(pk__in=created).update(created_at=moment, updated_at=moment)
            manager.filter(pk__in=changed).update(updated_at=moment)
