"""Settings for bench/run.py: the test settings, but served as in production (DEBUG off).

bench/run.py sets DATABASE_URL before Django reads these, so each run gets its own database.
"""

import warnings

from config.env import cache_backend, env_int, env_str
from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The data version moves on as a write commits, as in production.
DATA_VERSION_AFTER_COMMIT = True
# Look static files up once at start-up, as production does, not on every request.
WHITENOISE_AUTOREFRESH = False
# Static files come from the finders; no collectstatic is run for a benchmark.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Persistent database connections for a comparison (`bench/peer.py --compare-connections`):
# seconds a connection is kept, overriding the app's own choice (which is 0 on SQLite).
if env_str("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("BENCH_CONN_MAX_AGE", 0)  # noqa: F405

# One cache the workers share, as in production with CACHE_URL (`bench/national.py --cache-url`);
# otherwise each process's own, as the test settings have it.
if env_str("CACHE_URL"):
    CACHES = {"default": cache_backend()}

# `bench/peer.py --afresh`: no cache at all, so every page is worked out as on the first read
# after a change (pages are otherwise kept under the authority's data version).
if env_str("BENCH_KEEP_NOTHING"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
