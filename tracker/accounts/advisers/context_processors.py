"""What every page shows an adviser: the authority they are reading, if any."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from tracker.accounts.access import local_authority_for_user


def adviser(request: HttpRequest) -> dict[str, Any]:
    """For an adviser, `adviser_reading`: the authority they opened while it lets them in
    (None otherwise), for the banner that says they read it and cannot change it. Nothing for
    anyone else, so their pages read nothing more."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_adviser", False):
        return {}

    def reading() -> Any:
        try:
            return local_authority_for_user(user=user)
        except Http404:  # the adviser has no authority open, or it stopped letting them in
            return None

    return {"adviser_reading": reading, "is_adviser": True}
