"""Request types for views behind sign-in, and where a request came from."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

from tracker.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user: `LoginRequiredMiddleware` lets no other reach a view."""

    user: User


def client_ip_address(request: HttpRequest) -> str | None:
    """The address the request came from, for sign-in throttling and the sign-in record.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appending the address it was called from
    to X-Forwarded-For, the client's address is that many entries from the end; anything
    further left was sent by the client and could be made up. With no proxies it is the
    connection's own address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return _valid_ip(forwarded[-proxies])
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
