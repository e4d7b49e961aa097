"""The sign-in record, written from Django's sign-in signals.

Signals suit this: every way of signing in or out (the sign-in page, the platform operator's
admin, a password set from an emailed link) sends them, and recording is a concern of its own
that must not change how signing in works.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from tracker.accounts.http import client_ip_address
from tracker.accounts.models import SignInEvent, User
from tracker.accounts.services import sign_in_event_record


def _where(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return client_ip_address(request), request.META.get("HTTP_USER_AGENT", "")


def _record_signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    ip_address, user_agent = _where(request)
    # `authenticate()` notes on the user which backend let them in.
    by_work_account = getattr(user, "backend", "") == settings.SSO_BACKEND
    sign_in_event_record(
        kind=SignInEvent.Kind.SIGNED_IN_SSO if by_work_account else SignInEvent.Kind.SIGNED_IN,
        username=user.get_username(),
        user=user,
        ip_address=ip_address,
        user_agent=user_agent,
    )


def _record_signed_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is None:  # signing out when not signed in
        return
    ip_address, user_agent = _where(request)
    sign_in_event_record(
        kind=SignInEvent.Kind.SIGNED_OUT,
        username=user.get_username(),
        user=user,
        ip_address=ip_address,
        user_agent=user_agent,
    )


def _record_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if "username" not in credentials:
        # A work account the identity provider vouched for but the service refused: the
        # single sign-on backend recorded why (tracker/accounts/sso/backends.py).
        return
    ip_address, user_agent = _where(request)
    # django-axes' handler runs first (its app comes first) and marks a request it locked out.
    locked_out = bool(getattr(request, "axes_locked_out", False))
    sign_in_event_record(
        kind=SignInEvent.Kind.LOCKED_OUT if locked_out else SignInEvent.Kind.FAILED,
        username=str(credentials.get("username") or ""),
        user=None,
        ip_address=ip_address,
        user_agent=user_agent,
    )


def connect() -> None:
    user_logged_in.connect(_record_signed_in, dispatch_uid="accounts_sign_in_event_signed_in")
    user_logged_out.connect(_record_signed_out, dispatch_uid="accounts_sign_in_event_signed_out")
    user_login_failed.connect(_record_failed, dispatch_uid="accounts_sign_in_event_failed")
