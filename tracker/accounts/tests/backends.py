"""Sign-in throttling for the test settings."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class RequestOptionalAxesBackend(AxesStandaloneBackend):
    """django-axes' check, skipped when `authenticate()` is called without a request.

    The test client's `login()` and tests that call `authenticate()` directly pass no request,
    which django-axes refuses; every sign-in through a page still passes one and is throttled
    as in production.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
