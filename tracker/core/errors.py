"""Errors shared by every app's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError

CONCURRENT_EDIT_MESSAGE = (
    "This {thing} was changed by someone else while you were editing it. "
    "Check the changes and try again."
)


class ConcurrentEditError(ValidationError):
    """Raised when a record's version moved between reading it and saving it."""

    def __init__(self, thing: str = "record") -> None:
        super().__init__(CONCURRENT_EDIT_MESSAGE.format(thing=thing), code="concurrent_edit")


def check_version(*, thing: str, current: int, expected: int | None) -> None:
    """Refuse a save made from a stale copy of the record."""
    if expected is not None and current != expected:
        raise ConcurrentEditError(thing)
