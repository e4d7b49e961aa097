"""Test settings: only what tests need differs from base."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_HTTPS", "false")

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# django-axes stays on, so sign-in throttling is tested; only calls without a request (the test
# client's login(), direct authenticate()) skip its check.
AUTHENTICATION_BACKENDS = [
    "tracker.accounts.tests.backends.RequestOptionalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
