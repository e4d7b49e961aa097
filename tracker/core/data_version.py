"""Each authority's data version, and a cache of costly summaries that follows it.

Every save, delete and change of many-to-many links of the app's own models (their history
rows aside) moves on the `DataVersion` of the authority whose records changed, once a
transaction, as the transaction commits. A summary cached under the version it was worked out
at is therefore never served after a change it does not show: a reader that read the old
number may store what it read under that number, but every later reader reads the new one.

Whose records changed: the record's own `local_authority_id` where it has one (an empty one
is a record of every authority); otherwise the signed-in user's authority (a user only ever
writes their own authority's records); otherwise, with no one signed in (a command, a task),
the authority of the record's plan where it has one; otherwise, or for the platform operator,
"*", which every authority's version includes.

Why after the commit rather than inside the transaction, on PostgreSQL: moving the number on
takes the version's row lock until the transaction ends, so every write of an authority would
wait for the others, and a transaction that locks an action after a save could deadlock with
one that saves after locking it. On SQLite a write transaction already holds the whole
database (`BEGIN IMMEDIATE`), so moving the number inside it makes nothing wait longer and
cannot deadlock; it is done there, at the transaction's first write of each authority, which
saves a second commit after every save (about a millisecond of each progress update), and the
change and its version become visible together.

The national inspection record (every authority's published judgements, public data) is of
none of them: its models name the scope "national" (`data_version_scope = NATIONAL`), which no
authority's version includes, so an import of every report makes no council's kept pages be
worked out again; a page that shows the record names that scope too (`cached(..., scopes=)`).

Writes that bypass model signals (`QuerySet.update`, `bulk_create`) must call `changed`
themselves; the app's only ones are the paper and pack job states, which no cached summary
reads.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from tracker.core.models import DataVersion

T = TypeVar("T")

logger = logging.getLogger(__name__)

EVERY_AUTHORITY = "*"
# The national inspection record's scope: moved on by its writes, in no authority's version.
NATIONAL = "national"
# How long a cached summary is kept. A change is shown at once (the version moves on); this
# only bounds the memory of summaries nobody reads and a version move that failed (logged).
CACHE_SECONDS = 600

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "data_version_request", default=None
)


def _bump(scope: str) -> None:
    if not DataVersion.objects.filter(scope=scope).update(number=F("number") + 1):
        # The first write of this scope. Two first writes at once may both find no row; the
        # one that loses the race finds the row the other made, whose number already moved.
        DataVersion.objects.get_or_create(scope=scope, defaults={"number": 1})


def _moved(scope: str) -> None:
    """Nothing to do at the commit: the marker that `scope` moved on inside the transaction."""


def changed(scope: str) -> None:
    """Move `scope`'s version on once the current transaction commits (at once outside one;
    inside it on SQLite: see the module's docstring).

    Once a transaction: a second call for the same scope finds the first still waiting.
    With `DATA_VERSION_AFTER_COMMIT` off (the test settings: a test's transaction never
    commits) the number moves on at once, inside the transaction, once a savepoint."""
    connection = transaction.get_connection()
    if not settings.DATA_VERSION_AFTER_COMMIT:
        # Once a savepoint: a write in a later one (or one after a rollback) moves it again.
        savepoint = connection.savepoint_ids[-1] if connection.savepoint_ids else None
        done = getattr(connection, "data_version_moved", None)
        if savepoint is None or done != (savepoint, scope):
            _bump(scope)
            connection.data_version_moved = (savepoint, scope)
        return
    if connection.in_atomic_block:
        # Already moved on, or waiting to be, in this transaction: a savepoint rolled back
        # takes its callbacks with it (and on SQLite the move it made), so one is made again.
        for _savepoints, waiting, _robust in connection.run_on_commit:
            if getattr(waiting, "data_version_scope", None) == scope:
                return
        if connection.vendor == "sqlite":
            _bump(scope)
            moved = functools.partial(_moved, scope)
            moved.data_version_scope = scope  # type: ignore[attr-defined]
            transaction.on_commit(moved)
            return
    bump = functools.partial(_bump, scope)
    bump.data_version_scope = scope  # type: ignore[attr-defined]
    # Robust: the data is committed by then; a failure to move the number on is logged (by
    # Django, as the error of an on-commit callback) and lasts at most CACHE_SECONDS, rather
    # than turning a saved change into an error page.
    transaction.on_commit(bump, robust=True)


def scope_of(instance: Model) -> str:
    """Whose records `instance` is: see the module's docstring. An authority itself names
    its own scope (`data_version_scope`)."""
    own = getattr(instance, "data_version_scope", None)
    if own is not None:
        return str(own)
    if hasattr(instance, "local_authority_id"):
        authority = instance.local_authority_id
        return EVERY_AUTHORITY if authority is None else str(authority)
    request = _request.get()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.local_authority_id is not None:
        return str(user.local_authority_id)
    plan_id = getattr(instance, "plan_id", None)
    if plan_id is not None:
        # A task or a command writing a plan's records (a board paper, say): the plan's
        # authority, read each time (an id could be reused once its plan is deleted).
        authority = (
            apps.get_model("plans", "Plan")
            .objects.filter(pk=plan_id)
            .values_list("local_authority_id", flat=True)
            .first()
        )
        if authority is not None:
            return str(authority)
    return EVERY_AUTHORITY


def _on_write(
    sender: type[Model], instance: Model, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    # A save of nothing any page shows (a user's last sign-in time) changes nothing kept.
    if update_fields and update_fields <= getattr(sender, "data_version_ignored_fields", set()):
        return
    changed(scope_of(instance))


def _on_links_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and _is_watched(type(instance)):
        changed(scope_of(instance))


def _is_watched(model: type[Model]) -> bool:
    """The app's own models, but not their history rows (each comes with a watched write),
    the version itself, nor a model that says no page shows it (`data_version_ignored`: the
    sign-in record, which anyone can add to by failing to sign in)."""
    if not model.__module__.startswith("tracker.") or model is DataVersion:
        return False
    if getattr(model, "data_version_ignored", False):
        return False
    names = {field.name for field in model._meta.get_fields()}
    return not names & {"history_id", "m2m_history_id"}


def watched_models() -> Iterable[type[Model]]:
    return [model for model in apps.get_models() if _is_watched(model)]


def connect() -> None:
    """Connect the signals (from `CoreConfig.ready`, once every model is loaded). Per model,
    not for every sender: a receiver for every model would stop Django deleting the rows of
    other apps' tables (sessions, say) in bulk."""
    for model in watched_models():
        uid = f"data-version-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=model, weak=False, dispatch_uid=uid)
    m2m_changed.connect(_on_links_changed, weak=False, dispatch_uid="data-version-links")


def current(*, local_authority_id: int | None, scopes: Iterable[str] = ()) -> str:
    """The version of the authority's data, every-authority writes included, and of any other
    `scopes` named (`NATIONAL`): one query."""
    own = EVERY_AUTHORITY if local_authority_id is None else str(local_authority_id)
    others = sorted(set(scopes))
    numbers = dict(
        DataVersion.objects.filter(scope__in={EVERY_AUTHORITY, own, *others}).values_list(
            "scope", "number"
        )
    )
    return ".".join(str(numbers.get(scope, 0)) for scope in [EVERY_AUTHORITY, own, *others])


def _keeping() -> bool:
    """Whether a result may be kept: not inside a transaction, where it may show writes not
    yet committed, which other readers must not see under the committed version. (Under the
    test settings every test runs inside one, so there results are kept.)"""
    return not (settings.DATA_VERSION_AFTER_COMMIT and transaction.get_connection().in_atomic_block)


def _key_prefix(
    name: str, local_authority_id: int | None, parts: Iterable[object], scopes: Iterable[str] = ()
) -> str:
    scopes = sorted(set(scopes))
    version = current(local_authority_id=local_authority_id, scopes=scopes)
    # Hashed: a part may be an officer's search words, which no cache key should carry as is.
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    named = "+".join(scopes)
    return f"{name}:{local_authority_id}{'+' if named else ''}{named}:{version}:{digest}"


def cached(
    name: str,
    *,
    local_authority_id: int | None,
    parts: Iterable[object],
    make: Callable[[], T],
    scopes: Iterable[str] = (),
) -> T:
    """`make()`, kept in the cache until the authority's data changes, or that of any other
    `scopes` named (`NATIONAL`).

    `parts` is everything else the result depends on (the plans, the user, today's date,
    filters): each becomes part of the key. Inside a transaction the result is made but not
    kept (`_keeping`)."""
    if not _keeping():
        return make()
    key = _key_prefix(name, local_authority_id, parts, scopes)
    found: T | None = _read_cache(lambda: cache.get(key))
    if found is None:
        found = make()
        _write_cache(lambda: cache.set(key, found, CACHE_SECONDS))
    return found


def cached_each(
    name: str,
    *,
    local_authority_id: int | None,
    ids: Iterable[int],
    parts: Iterable[object],
    make: Callable[[list[int]], dict[int, T]],
) -> dict[int, T]:
    """`make(ids)`, each id's result kept on its own until the authority's data changes: a
    page asking for one plan's summary reuses what a page asking for all of them made, and
    only the ids not kept are worked out (in one call). One query and one cache read."""
    ids = list(ids)
    if not _keeping():
        return make(ids)
    prefix = _key_prefix(name, local_authority_id, parts)
    keys = {pk: f"{prefix}:{pk}" for pk in ids}
    found = _read_cache(lambda: cache.get_many(list(keys.values()))) or {}
    results = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in results]
    if missing:
        made = make(missing)
        _write_cache(lambda: cache.set_many({keys[pk]: made[pk] for pk in missing}, CACHE_SECONDS))
        results |= made
    return results


# A shared cache (Redis, CACHE_URL) that is down or slow to answer makes pages slower, never an
# error: what it would have kept is worked out afresh, and each failure is logged. Any error is
# caught, as the cache's client library is the deployment's choice; the cache's own timeouts
# (CACHE_TIMEOUT_MS) bound the wait.


def _read_cache(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except Exception:
        logger.warning("The cache could not be read; the page is worked out afresh", exc_info=True)
        return None


def _write_cache(write: Callable[[], object]) -> None:
    try:
        write()
    except Exception:
        logger.warning("The cache could not be written; the page is not kept", exc_info=True)


class DataVersionMiddleware:
    """Lets a write name the signed-in user's authority as the one that changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
