"""Values every page template needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Which service-navigation item is current, from the URL namespace."""
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    return {"nav_section": namespace}
