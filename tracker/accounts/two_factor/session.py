"""What the session remembers between the password and the code."""

from __future__ import annotations

from django.http import HttpRequest

# Set by the sign-in page when an administrator's password was right; cleared by a right code.
PENDING_KEY = "second_factor_pending"
NEXT_KEY = "second_factor_next"
# The secret of an authenticator app being set up, kept until a right code confirms it.
SET_UP_KEY = "second_factor_set_up_key"


def start(request: HttpRequest, *, next_url: str) -> None:
    request.session[PENDING_KEY] = True
    request.session[NEXT_KEY] = next_url


def is_pending(request: HttpRequest) -> bool:
    return bool(request.session.get(PENDING_KEY)) and not request.user.is_verified()  # type: ignore[union-attr]  # django-otp adds is_verified


def finish(request: HttpRequest) -> str:
    """Forget the pending second factor; the address to go on to."""
    request.session.pop(PENDING_KEY, None)
    request.session.pop(SET_UP_KEY, None)
    return str(request.session.pop(NEXT_KEY, "") or "")
