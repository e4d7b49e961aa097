"""The admin for models with history: django-simple-history's `SimpleHistoryAdmin`, typed.

django-simple-history ships no type hints, so to mypy its admin is `Any` and a class built on
it would lose every check. To mypy, `HistoryAdmin[Plan]` is the `ModelAdmin[Plan]` that
`SimpleHistoryAdmin` extends; at run time it is `SimpleHistoryAdmin` itself (subscripting it
works once `django_stubs_ext.monkeypatch()` has run, in the settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model

_ModelT = TypeVar("_ModelT", bound=Model)

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    class HistoryAdmin(ModelAdmin[_ModelT]):
        """`SimpleHistoryAdmin`: the model admin with a history page for each record."""

else:
    from simple_history.admin import SimpleHistoryAdmin as HistoryAdmin

__all__ = ["HistoryAdmin"]
