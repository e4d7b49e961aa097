"""Settings for Improvement Tracker. Production differs from local use by environment only."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from config.env import cache_backend, env_bool, env_int, env_list, env_str, evidence_storage

# Classes Django's type stubs declare generic (ModelAdmin[Plan], ModelChoiceField[Meeting])
# can then be subscripted at run time too, as the typed admin and forms do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development only)."
        )
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105
# Earlier keys, comma-separated, still accepted after a rotation: sessions, password reset links
# and administrators' recovery codes made under them keep working until they are dropped.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, for the platform operator only (superusers): tracker/core/admin_site.py.
    "tracker.core.admin_site.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # Before the tracker apps: its sign-in signal handlers must run before the sign-in record's.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tracker.core",
    "tracker.accounts",
    "tracker.inspections",
    "tracker.plans",
    "tracker.programme",
    "tracker.performance",
    "tracker.governance",
    "tracker.schedule",
    "tracker.reminders",
    "tracker.reporting",
    "tracker.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tracker.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tracker.core.data_version.DataVersionMiddleware",
    "tracker.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # An adviser's opened authority, for the access helpers; and no change made by an adviser.
    "tracker.accounts.advisers.middleware.AdviserMiddleware",
    # Administrators who signed in with a password reach nothing but the second-factor pages
    # until they have entered a code (tracker/accounts/two_factor/).
    "tracker.accounts.two_factor.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the "locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

# The REST API (tracker/api). Its views let Django's LoginRequiredMiddleware pass and answer
# who is not signed in themselves (401 JSON). An API token class joins the session here.
REST_FRAMEWORK = {
    # A personal API token (`Authorization: Bearer it_...`) first, else the signed-in session;
    # the first class names the 401's challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracker.accounts.tokens.authentication.TokenAuthentication",
        "tracker.api.authentication.SessionAuthentication",
    ],
    # A read-only token may only read.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "tracker.accounts.tokens.authentication.TokenScopePermission",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tracker.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Improvement Tracker API",
    "DESCRIPTION": (
        "Read the improvement plans, their actions and progress, and the council's own "
        "records; record progress, re-baseline due dates and record measures' values. "
        "Everything is as the pages show it to you: another local authority's records are "
        "not found, and partner organisations see only the plans shared with them. Lists "
        "are paged (?page=, ?page_size= up to 200). A record's ETag is its version: send it "
        "in If-Match with every change (428 without it, 412 if someone changed the record "
        "meanwhile). Every error is JSON of one shape, the Error component."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "DeliveryStatusEnum": "tracker.plans.models.DeliveryStatus",
        "BragEnum": "tracker.plans.models.Brag",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.postprocess",
    ],
}
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.core.context_processors.navigation",
                "tracker.accounts.advisers.context_processors.adviser",
            ],
            "builtins": ["tracker.core.templatetags.tracker"],
        },
    }
]


def _database() -> dict[str, Any]:
    url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and IMMEDIATE transactions let several officers save at once without
        # "database is locked" errors (see docs/decisions/0002-sqlite-by-default.md).
        # Connections are kept (DB_CONN_MAX_AGE) as on PostgreSQL: a new SQLite connection
        # parses the whole schema (over 600 tables and indexes) on its first query, 3 ms
        # or more, which was most of a trivial signed-in request under gunicorn
        # (`bench/peer.py --compare-connections`). Keeping one changes no locking: Django
        # runs in autocommit, so no transaction or read snapshot outlives a request.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
# Pages kept under each authority's data version: each process's memory, or one Redis every
# web instance shares (CACHE_URL; config/env.py).
CACHES = {"default": cache_backend()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# The first backend refuses sign-in while too many recent attempts have failed (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tracker.accounts.backends.PasswordBackend",
]
# Single sign-on through OpenID Connect (tracker/accounts/sso/, mozilla-django-oidc). The
# deployment's default provider is on when a client id is set; local authorities may also have
# providers of their own, kept in the database by the platform operator, each naming the
# environment variable (SSO_SECRET_...) that holds its client secret (docs/decisions/0017).
# The provider's endpoints are named one by one (no discovery), so any OpenID Connect provider
# works; Microsoft Entra ID's are in .env.example.
SSO_ENABLED = bool(env_str("SSO_OIDC_CLIENT_ID"))
SSO_PROVIDER_NAME = env_str("SSO_PROVIDER_NAME", "Microsoft Entra ID")
SSO_OIDC_ISSUER = env_str("SSO_OIDC_ISSUER")
OIDC_RP_CLIENT_ID = env_str("SSO_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("SSO_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("SSO_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("SSO_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("SSO_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("SSO_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env_str("SSO_OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
SSO_BACKEND = "tracker.accounts.sso.backends.WorkAccountBackend"
if SSO_ENABLED:
    _sso_missing = [
        name
        for name in (
            "SSO_OIDC_CLIENT_SECRET",
            "SSO_OIDC_ISSUER",
            "SSO_OIDC_AUTHORIZATION_ENDPOINT",
            "SSO_OIDC_TOKEN_ENDPOINT",
            "SSO_OIDC_USERINFO_ENDPOINT",
            "SSO_OIDC_JWKS_ENDPOINT",
        )
        if not env_str(name)
    ]
    if _sso_missing:
        raise ImproperlyConfigured(
            "Single sign-on (SSO_OIDC_CLIENT_ID is set) also needs " + ", ".join(_sso_missing)
        )
# Always there, for the providers kept in the database: it answers only the callback of a
# sign-in the service started (tracker/accounts/sso/backends.py).
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, SSO_BACKEND]
# The second factor administrators give after their password (tracker/accounts/two_factor/).
OTP_TOTP_ISSUER = "Improvement Tracker"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after SIGN_IN_FAILURE_LIMIT wrong passwords for one username
# from one address, that username is locked there for SIGN_IN_LOCKOUT_MINUTES, counted from the
# lock (further tries do not extend it). A password reset by email lifts the lock.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tracker.accounts.views.sign_in_locked_out"
AXES_CLIENT_IP_CALLABLE = "tracker.accounts.http.client_ip_address"
# Sign-ins, failures and sign-outs are kept in the service's own record (accounts.SignInEvent).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# How many reverse proxies (load balancer, nginx) put the client's address in X-Forwarded-For
# in front of the app; 0 trusts only the connection's own address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Invitations and password reset links work for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_LINK_DAYS", 3) * 24 * 60 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
# Evidence files (docs/decisions/0007-evidence-files.md): on disk under MEDIA_ROOT, or in an
# S3-compatible store (EVIDENCE_STORAGE=s3). Never served from MEDIA_URL: no URL pattern or
# web server route serves MEDIA_ROOT, and files are sent only by the permission-checked
# download view.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
EVIDENCE_MAX_UPLOAD_MB = env_int("EVIDENCE_MAX_UPLOAD_MB", 20)
STORAGES = {
    "default": evidence_storage(),
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security headers. HTTPS-only settings default on unless explicitly turned off for local use.
_HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = _HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
# Preloading is a commitment for the whole parent domain (usually the council's), so it is the
# domain owner's choice, not the application's.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Background work: a database-backed queue that needs no extra service and works on SQLite and
# PostgreSQL; run `manage.py db_worker` beside the web process (docs/decisions/0004-task-runner.md).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The address officers use, for links in emails and calendar feeds sent outside a request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "improvement-tracker@localhost")

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; the board paper job reports its own progress.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Each authority's data version moves on as a write's transaction commits
# (tracker/core/data_version.py); the test settings move it at once, inside the transaction,
# since a test's transaction never commits.
DATA_VERSION_AFTER_COMMIT = True
