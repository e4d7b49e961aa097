"""Each authority's data version, and a cache of costly summaries that follows it.

Every save, delete and change of many-to-many links of the app's own models (their history
rows aside) moves on the `DataVersion` of the authority whose records changed, once a
transaction, as the transaction commits. A summary cached under the version it was worked out
at is therefore never served after a change it does not show: a reader that read the old
number may store what it read under that number, but every later reader reads the new one.

Whose records changed: the record's own `local_authority_id` where it has one (an empty one
is a record of every authority); otherwise the signed-in user's authority (a user only ever
writes their own authority's records); otherwise, with no one signed in (a command, a task),
the authority of the record's plan, or of its action's plan, where it has one; otherwise, or
for the platform operator, "*", which every authority's version includes.

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

Each authority also has a *structure* version (scope "<authority>:structure"), moved on by the
same writes except those of progress alone: a progress entry (a model that says
`data_version_progress = True`) and a save of an action that changes only what recording
progress changes (`KeepsStructureVersion`: its `data_version_progress_fields`, the latest
entry). Progress is by far the commonest write, and most of it leaves the action's status and
BRAG as they were (what was done this month, on an action still in progress and still Green);
a page that shows no entry's words or date is kept under the structure version
(`cached(..., version=STRUCTURE)`) across it: the dashboard (counts by status and BRAG,
overdue actions, each user's own), the coverage summaries and page (recommendations through
sections, actions' statuses, outcomes, measures, evidence and audits), the calendar (due and
review dates) and the national picture. The action page is kept under it too, with its own
action's version and its entries' count and latest change in the key. An entry that changes an
action's status, BRAG or next review date changes the action's structure, so it moves both.
Writes of "*" and of the national record have no structure version of their own: "*" is in
both versions, the national record in neither.

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
from typing import Any, TypeVar, cast

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import DEFERRED, F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.models.sql import UpdateQuery
from django.http import HttpRequest, HttpResponse

from tracker.core.models import DataVersion

T = TypeVar("T")

logger = logging.getLogger(__name__)

EVERY_AUTHORITY = "*"
# The national inspection record's scope: moved on by its writes, in no authority's version.
NATIONAL = "national"
# Which of an authority's versions a kept result follows: all its data (the default), or its
# structure, which recording progress leaves as it is (see the module's docstring).
STRUCTURE = "structure"
# How long a cached summary is kept. A change is shown at once (the version moves on); this
# only bounds the memory of summaries nobody reads and a version move that failed (logged).
CACHE_SECONDS = 600

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "data_version_request", default=None
)


def _bump(scope: str) -> None:
    if not _move_on(scope):
        # The first write of this scope. Two first writes at once may both find no row; the
        # one that loses the race finds the row the other made, whose number already moved.
        DataVersion.objects.get_or_create(scope=scope, defaults={"number": 1})


# The UPDATE that moves a scope's number on, as the ORM writes it for each database, with the
# place of the scope among its parameters. Compiling it cost ten times running it (0.4 ms
# against 0.03 on SQLite), on every write.
_MOVE_ON_SQL: dict[str, tuple[str, tuple[Any, ...], int]] = {}
_SCOPE_PLACEHOLDER = "\x00scope"  # no scope is named so


def _move_on(scope: str) -> int:
    """`DataVersion.objects.filter(scope=scope).update(number=F("number") + 1)`, compiled once
    per database: the number of rows moved on (0 or 1)."""
    alias = router.db_for_write(DataVersion)
    compiled = _MOVE_ON_SQL.get(alias)
    if compiled is None:
        query = cast(
            UpdateQuery,
            DataVersion.objects.filter(scope=_SCOPE_PLACEHOLDER).query.chain(UpdateQuery),
        )
        query.add_update_values({"number": F("number") + 1})
        sql, params = query.get_compiler(alias).as_sql()
        places = [i for i, value in enumerate(params) if value == _SCOPE_PLACEHOLDER]
        if len(places) != 1:
            raise ValueError(f"Cannot find the scope in the compiled update: {sql}")
        compiled = _MOVE_ON_SQL[alias] = (sql, tuple(params), places[0])
    sql, params, at = compiled
    values = list(params)
    values[at] = scope
    # As `QuerySet.update` does: an error inside a transaction marks it to roll back.
    with transaction.mark_for_rollback_on_error(using=alias), connections[alias].cursor() as cursor:
        cursor.execute(sql, values)
        moved: int = cursor.rowcount
    return moved


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
        moved = connection.__dict__.setdefault("data_version_moved", {})
        if savepoint is None or moved.get(scope) != savepoint:
            _bump(scope)
            moved[scope] = savepoint
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
    # A task or a command writing a plan's records (a board paper, say, or an action's
    # progress entry): the plan's authority, from the plan or action the record was given
    # where it holds them, else read (an id could be reused once its plan is deleted).
    plan_id = getattr(instance, "plan_id", None)
    action_id = getattr(instance, "action_id", None)
    action = _loaded(instance, "action")
    if plan_id is None and action is not None and action.pk == action_id:
        plan_id = action.plan_id
    plan = _loaded(instance, "plan") or (_loaded(action, "plan") if action is not None else None)
    authority = None
    if plan is not None and plan.pk == plan_id:
        authority = plan.local_authority_id
    elif plan_id is not None:
        authority = _read_authority("Plan", plan_id, "local_authority_id")
    elif action_id is not None:
        authority = _read_authority("Action", action_id, "plan__local_authority_id")
    return EVERY_AUTHORITY if authority is None else str(authority)


def _read_authority(model: str, pk: int, path: str) -> int | None:
    """The authority of the plans app's record `pk` of `model`, read by `path`."""
    found = apps.get_model("plans", model).objects.filter(pk=pk).values_list(path, flat=True)
    authority: int | None = found.first()
    return authority


def structure_scope(scope: str) -> str | None:
    """The scope of the structure version that goes with `scope`; None for "*" and the national
    record, which have none (see the module's docstring)."""
    return None if scope in {EVERY_AUTHORITY, NATIONAL} else f"{scope}:{STRUCTURE}"


class KeepsStructureVersion(Model):
    """A model some of whose fields only recording progress changes
    (`data_version_progress_fields`): a save that changes none of its other fields leaves its
    authority's structure version as it is. What the row held is noted when it is read (or
    read again) and after each save; a row made in memory, or read without some of its other
    fields, has no note, and its save moves both."""

    data_version_progress_fields: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        # The names and values as read, not copied: they are compared only if it is saved,
        # and reading many rows (a list, an export) must cost nothing more.
        instance.data_version_held = (field_names, values)
        return instance

    def refresh_from_db(
        self,
        using: str | None = None,
        fields: Iterable[str] | None = None,
        from_queryset: Any = None,
    ) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # Read again in full: noted afresh. In part (a deferred field read, say): the others may
        # differ from the database, so no note.
        self.data_version_held = _held(self) if fields is None else None


def _held(instance: Model) -> tuple[list[str], list[Any]]:
    """The instance's column values as it holds them now, by attribute name."""
    fields = instance._meta.concrete_fields
    return [f.attname for f in fields], [instance.__dict__.get(f.attname, _ABSENT) for f in fields]


_ABSENT = object()


def _structure(instance: KeepsStructureVersion, held: Any) -> dict[str, Any] | None:
    """What `held` says of the fields that are not progress alone; None when it lacks one."""
    if held is None:
        return None
    by_name = dict(zip(*held, strict=False))
    progress = instance.data_version_progress_fields
    structure = {}
    for field in instance._meta.concrete_fields:
        if field.name in progress:
            continue
        value = by_name.get(field.attname, _ABSENT)
        if value is _ABSENT or value is DEFERRED:
            return None
        structure[field.attname] = value
    return structure


def _is_progress_alone(sender: type[Model], instance: Model, deleted: bool) -> bool:
    """Whether a write changes nothing but progress: see the module's docstring."""
    if getattr(sender, "data_version_progress", False):
        return True
    if deleted or not isinstance(instance, KeepsStructureVersion):
        return False
    before = _structure(instance, getattr(instance, "data_version_held", None))
    now = _held(instance)
    instance.data_version_held = now  # the next save is compared with this one
    return before is not None and before == _structure(instance, now)


def _loaded(instance: Model, name: str) -> Any:
    """The record `instance` holds under a foreign key `name`, if it holds one (no query)."""
    return instance._state.fields_cache.get(name)


def _on_write(
    sender: type[Model],
    instance: Model,
    update_fields: frozenset[str] | None = None,
    signal: Any = None,
    **kwargs: Any,
) -> None:
    # A save of nothing any page shows (a user's last sign-in time) changes nothing kept.
    if update_fields and update_fields <= getattr(sender, "data_version_ignored_fields", set()):
        return
    scope = scope_of(instance)
    changed(scope)
    structure = structure_scope(scope)
    if structure is not None and not _is_progress_alone(
        sender, instance, deleted=signal is post_delete
    ):
        changed(structure)


def _on_links_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and _is_watched(type(instance)):
        scope = scope_of(instance)
        changed(scope)
        structure = structure_scope(scope)
        if structure is not None:
            changed(structure)


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


def current(
    *, local_authority_id: int | None, scopes: Iterable[str] = (), version: str = ""
) -> str:
    """The version of the authority's data, every-authority writes included, and of any other
    `scopes` named (`NATIONAL`): one query. `version=STRUCTURE` reads its structure version
    instead of the version of all its data."""
    own = EVERY_AUTHORITY if local_authority_id is None else str(local_authority_id)
    if version:
        own = structure_scope(own) or own
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
    name: str,
    local_authority_id: int | None,
    parts: Iterable[object],
    scopes: Iterable[str] = (),
    version: str = "",
) -> str:
    scopes = sorted(set(scopes))
    number = current(local_authority_id=local_authority_id, scopes=scopes, version=version)
    # Hashed: a part may be an officer's search words, which no cache key should carry as is.
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    named = "+".join(scopes)
    of = f"~{version}" if version else ""
    return f"{name}:{local_authority_id}{'+' if named else ''}{named}{of}:{number}:{digest}"


def cached(
    name: str,
    *,
    local_authority_id: int | None,
    parts: Iterable[object],
    make: Callable[[], T],
    scopes: Iterable[str] = (),
    version: str = "",
) -> T:
    """`make()`, kept in the cache until the authority's data changes, or that of any other
    `scopes` named (`NATIONAL`); with `version=STRUCTURE`, until its structure changes (for a
    result that reads nothing of progress).

    `parts` is everything else the result depends on (the plans, the user, today's date,
    filters): each becomes part of the key. Inside a transaction the result is made but not
    kept (`_keeping`)."""
    if not _keeping():
        return make()
    key = _key_prefix(name, local_authority_id, parts, scopes, version)
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
    version: str = "",
) -> dict[int, T]:
    """`make(ids)`, each id's result kept on its own until the authority's data changes (its
    structure, with `version=STRUCTURE`): a page asking for one plan's summary reuses what a
    page asking for all of them made, and only the ids not kept are worked out (in one call).
    One query and one cache read."""
    ids = list(ids)
    if not _keeping():
        return make(ids)
    prefix = _key_prefix(name, local_authority_id, parts, version=version)
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
