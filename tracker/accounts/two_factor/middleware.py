"""Keeps an administrator who has given their password but not yet a code on the code pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tracker.accounts.two_factor import session

# What someone half signed in may reach.
OPEN_VIEWS = frozenset(
    {"accounts:two_factor_set_up", "accounts:two_factor_verify", "accounts:logout"}
)


class SecondFactorRequiredMiddleware:
    """Sends an administrator whose second factor is pending to the code page, from anywhere
    but the code pages and signing out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not session.is_pending(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        return redirect("accounts:two_factor_verify")
