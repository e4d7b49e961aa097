"""Who must give a second factor."""

from __future__ import annotations

from tracker.accounts.models import User


def needs_second_factor_after_password(user: User) -> bool:
    """ "Administrators signing in with a password also enter a code from an authenticator
    app." Anyone else, and anyone signing in with a work account (the identity provider asks
    for its own second factor), does not."""
    return user.is_authority_administrator
