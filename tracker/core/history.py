"""Writes that record who made them in the record's history (django-simple-history)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model


def save_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Save a record, naming `user` as the one who changed it in its history."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.save()


def delete_with_history(obj: Model, user: AbstractBaseUser | None) -> None:
    """Delete a record, naming `user` in the history row that keeps what it held."""
    obj._history_user = user  # type: ignore[attr-defined]
    obj.delete()
