"""Date writes as if they had been made on another day, for demo data and tests of history.

django-simple-history stamps every record with the moment it is saved; a demo loaded today
would otherwise look as if the whole plan had been written today, and "what changed" between
two dates in 2020 would show nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.utils import timezone


def at_noon(on: datetime.date) -> datetime.datetime:
    """Midday of a date in the service's time zone."""
    return datetime.datetime.combine(on, datetime.time(12), tzinfo=timezone.get_default_timezone())


@contextmanager
def dated(when: datetime.datetime | datetime.date) -> Iterator[None]:
    """Record every write made inside the block as made at `when` (midday, for a date): the
    history rows of every model with history, and `created_at`/`updated_at` of rows created or
    changed in the block. Blocks must run in time order of the wall clock, one after another."""
    moment = at_noon(when) if not isinstance(when, datetime.datetime) else when
    start = timezone.now()
    yield
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        if {"history_id", "history_date"} <= names:
            model._default_manager.filter(history_date__gte=start).update(history_date=moment)
        elif "created_at" in names and "updated_at" in names:
            model._default_manager.filter(created_at__gte=start).update(
                created_at=moment, updated_at=moment
            )
            model._default_manager.filter(updated_at__gte=start).update(updated_at=moment)
