"""Which authority an adviser opened, for the access helpers; and nothing changed by one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from tracker.accounts.access import (
    ADVISER_AUTHORITY_SESSION_KEY,
    ADVISER_REQUESTED_ATTRIBUTE,
    ADVISERS_READ_ONLY,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# What an adviser may send a form to: signing in and out, their own password, the open pages
# whose emailed token is the credential, and Django's admin (which refuses them itself).
ADVISER_MAY_POST = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:account",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "accounts:invitation_accept",
        "accounts:two_factor_set_up",
        "accounts:two_factor_verify",
    }
)


class AdviserMiddleware:
    """For a signed-in adviser: puts the authority their session names on the user, for
    `tracker.accounts.access.local_authority_for_user` to check against their grants (this
    middleware decides nothing about access); and refuses (403) every request that could
    change something, whatever the page, as a second line behind the access helpers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_adviser:
            requested = request.session.get(ADVISER_AUTHORITY_SESSION_KEY)
            setattr(user, ADVISER_REQUESTED_ATTRIBUTE, requested)
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_adviser:
            return None
        if request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in ADVISER_MAY_POST or name.startswith("admin:"):
            return None
        if request.path.startswith("/api/"):
            error = {"field": None, "code": "permission_denied", "message": ADVISERS_READ_ONLY}
            return JsonResponse({"errors": [error]}, status=403)
        raise PermissionDenied(ADVISERS_READ_ONLY)
