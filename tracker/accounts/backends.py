"""How a signed-in user is loaded for each request.

Almost every page asks whether the user is of a partner organisation (`User.is_partner`), which
reads their organisation: loading it with the user saves that query on every request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from tracker.accounts.models import User


def user_for_session(user_id: Any) -> User | None:
    """The user a session names, with their organisation, or None."""
    return User._default_manager.select_related("organisation").filter(pk=user_id).first()


class PasswordBackend(ModelBackend):
    """Django's username-and-password backend; the user of a session comes with their
    organisation (`user_for_session`)."""

    def get_user(self, user_id: Any) -> User | None:
        user = user_for_session(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
