"""Test settings: only what tests need differs from base."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_HTTPS", "false")

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Evidence files written by tests go to a folder of this process's own, never the project's
# media/ folder (tests that look at files set their own with the `settings` fixture).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tracker-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A test's transaction never commits, so its writes move the data version on at once.
DATA_VERSION_AFTER_COMMIT = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# django-axes stays on, so sign-in throttling is tested; only calls without a request (the test
# client's login(), direct authenticate()) skip its check.
AUTHENTICATION_BACKENDS = [
    "tracker.accounts.tests.backends.RequestOptionalAxesBackend",
    "tracker.accounts.backends.PasswordBackend",
    "tracker.accounts.sso.backends.WorkAccountBackend",
]

# An OpenID Connect provider (django-oauth-toolkit) for the single sign-on tests to sign in
# against over real HTTP: its tables exist in every test database, but its pages are mounted
# only by the urlconf those tests ask for (`tests/oidc_provider.py`). Its signing key is made
# afresh each run.
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]


def _provider_signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _provider_signing_key(),
    "SCOPES": {"openid": "OpenID Connect", "email": "Email address", "profile": "Name"},
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.ProviderValidator",
    "PKCE_REQUIRED": True,
}
