"""Writes that record who made them in the record's history (django-simple-history)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model

from tracker.core.errors import check_version
from tracker.core.models import VersionedModel

V = TypeVar("V", bound=VersionedModel)


def save_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Save a record, naming `user` as the one who changed it in its history."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.save()


def delete_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Delete a record, naming `user` in the history row that keeps what it held."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.delete()


def lock_for_edit(obj: V, *, thing: str, expected_version: int | None) -> V:
    """The record's current row, locked until the transaction ends, refusing a stale edit.

    `expected_version` is the version the officer's form was loaded with; when someone else
    saved the record since, `ConcurrentEditError` names `thing` ("This action was changed by
    someone else while you were editing it"). `None` skips the check (a command or import).
    Call inside `transaction.atomic`.
    """
    current = type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    check_version(thing=thing, current=current.version, expected=expected_version)
    return current


def save_changes(obj: V, *, user: AbstractBaseUser | None, **fields: Any) -> V:
    """Write `fields` to a versioned record, move its version on and save it with history.

    The one way an update service writes a record's own columns: every save moves `version`
    on, so a form loaded before it is refused, and the history row names `user`.
    """
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version += 1
    save_with_history(obj, user)
    return obj
