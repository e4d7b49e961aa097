"""The one place the environment is read. Defaults are safe for local use."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# The secret key ---------------------------------------------------------------------------------

MISSING_KEY_ADVICE = (
    "set DJANGO_SECRET_KEY to a long random value (or DJANGO_DEBUG=true for local development only)"
)
# Set only where the app is deployed: a production server must name the hosts it answers to.
PRODUCTION_MARKERS = ("DJANGO_ALLOWED_HOSTS", "DJANGO_CSRF_TRUSTED_ORIGINS")


def secret_key_missing() -> bool:
    """Whether the settings would refuse to load: no DJANGO_SECRET_KEY and not debugging."""
    return not env_str("DJANGO_SECRET_KEY") and not env_bool("DJANGO_DEBUG")


def looks_like_production() -> bool:
    return any(env_str(name) for name in PRODUCTION_MARKERS)


def use_throwaway_secret_key() -> None:
    """Give this process, and only this process, a random secret key.

    For management commands run locally (`manage.py import_ofsted_report ...`) in a shell that
    has none: anything they sign is useless outside the process, never forgeable.
    """
    import secrets

    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
