"""Request types for views behind sign-in."""

from __future__ import annotations

from django.http import HttpRequest

from tracker.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user: `LoginRequiredMiddleware` lets no other reach a view."""

    user: User
