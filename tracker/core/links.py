"""Addresses of the service's pages for reading outside the browser: emails, calendar feeds and
the terminal. They all come from the SITE_URL setting (e.g. https://tracker.example.gov.uk;
`make run` sets it from HOST and PORT), never from the request or a fixed port."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str = "/") -> str:
    """The full address of a path of the service: SITE_URL + "/plans/3/"."""
    if path.startswith(("http://", "https://")):
        return path
    base = str(settings.SITE_URL).rstrip("/")
    return f"{base}/{path.lstrip('/')}"
