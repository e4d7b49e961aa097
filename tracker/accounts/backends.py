"""How a signed-in user is loaded for each request.

Almost every page asks whether the user is of a partner organisation (`User.is_partner`), which
reads their organisation: loading it with the user saves that query on every request.

The read is the same on every request but for the id, and the ORM compiling it (two models'
columns and their join) cost more than running it: about half of a signed-in request that does
nothing else (1.3 ms against 0.7 ms in-process on SQLite, `bench/README.md`). It is compiled
once per database (`tracker.core.compiled.CompiledGet`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from tracker.accounts.models import User
from tracker.core.compiled import CompiledGet

_USER_WITH_ORGANISATION: CompiledGet[User] = CompiledGet(
    lambda: User._default_manager.select_related("organisation")
)


def user_for_session(user_id: Any) -> User | None:
    """The user a session names, with their organisation, or None (no such user, or an id
    that is not one)."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if pk is None:
        return None
    try:
        return _USER_WITH_ORGANISATION.get(pk)
    except User.DoesNotExist:
        return None


class PasswordBackend(ModelBackend):
    """Django's username-and-password backend; the user of a session comes with their
    organisation (`user_for_session`)."""

    def get_user(self, user_id: Any) -> User | None:
        user = user_for_session(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
