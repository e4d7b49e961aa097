"""The one place the environment is read. Defaults are safe for local use."""

from __future__ import annotations

import os
from typing import Any

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


# Evidence files -----------------------------------------------------------------------------------

STORAGE_CHOICES = ("local", "s3")


def evidence_storage() -> dict[str, object]:
    """`STORAGES["default"]`, where evidence files are kept (docs/decisions/0007).

    `EVIDENCE_STORAGE=local` (the default): the file system under `MEDIA_ROOT`
    (`DJANGO_MEDIA_ROOT`).
    `EVIDENCE_STORAGE=s3`: an S3-compatible object store through django-storages, named by
    `AWS_STORAGE_BUCKET_NAME` (required), `AWS_S3_ENDPOINT_URL` (for a store other than
    Amazon's), `AWS_S3_REGION_NAME`, and `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (or the
    machine's role when they are unset). Objects are private (no ACL is set, so the bucket's
    own policy applies) and any URL the storage made would be signed and short-lived; the
    service never hands one out: files are only sent through the download view.
    """
    kind = env_str("EVIDENCE_STORAGE", "local").strip().lower() or "local"
    if kind not in STORAGE_CHOICES:
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE must be local or s3, not {kind!r}")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_S3_LOCATION", ""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }


# The cache ----------------------------------------------------------------------------------------

CACHE_SCHEMES = ("redis", "rediss", "unix")


def cache_backend() -> dict[str, object]:
    """`CACHES["default"]`, where pages kept under an authority's data version live
    (docs/decisions/0022).

    `CACHE_URL` empty (the default): each process's own memory. Right for one process; with
    several, each works out and keeps its own copy of every page.
    `CACHE_URL=redis://host:6379/1` (or `rediss://` with TLS, `unix:///path.sock?db=1`): one
    Redis every web instance shares, so a page worked out by one is served by all. Waits on
    Redis are short (`CACHE_TIMEOUT_MS`): a cache that does not answer makes pages slower,
    never an error (`tracker.core.data_version` works them out afresh).
    """
    url = env_str("CACHE_URL").strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.partition("://")[0].lower()
    if scheme not in CACHE_SCHEMES:
        raise ImproperlyConfigured(
            f"CACHE_URL must start redis://, rediss:// or unix://, not {url.partition(':')[0]!r}"
        )
    seconds = env_int("CACHE_TIMEOUT_MS", 250) / 1000
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        # Several deployments may share one Redis; a key names the service it is of.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "improvement-tracker"),
        "OPTIONS": {"socket_connect_timeout": seconds, "socket_timeout": seconds},
    }


def remove_cache_keys(client: Any, prefix: str) -> int:
    """Remove the keys a shared Redis cache holds under `prefix` (`CACHE_KEY_PREFIX`: Django
    writes `prefix:version:key`), and only those: `cache.clear()` would empty the whole
    database under everyone else using it. `client` is a redis-py client. How many went."""
    removed = 0
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        removed += client.delete(key)
    return removed
