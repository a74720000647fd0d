"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()  # lets model fields be subscripted for type checking

# The folder holding the apps, templates/, static/ and locale/: the repository, or site-packages where
# `pip install .` put them (pyproject.toml). VAR_DIR (data) defaults inside it only for development.
BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = False
# True only in config.settings.production: commands that would make demo data or known passwords
# refuse to run there (core.production, security decision 16).
PRODUCTION = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' Swagger UI from the project's own static files (no CDN)
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "audit",
    "reference",
    "units",
    "people",
    "penalties",
    "inspections",
    "notices",
    "permits",
    "cases",
    "enforcement",
    "rules",
    "verification",
    "search",  # the officials' search: reads cases, permits and cards (between verification and documents)
    "documents",
    "web",
    "ops",  # the top layer: the daily job, backup, probes, demo data (imports every app, none imports it)
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before the https redirect and the host check (ops/health.py)
    "ops.health.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.BodyLimitMiddleware",
    "core.bad_bytes.BadBytesMiddleware",  # security decision 20
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.denials.DenialAuditMiddleware",  # security decision 18: refusals of signed-in actors
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: one writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that costs no round trip (core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    # No JIT compilation: it starts above an estimated cost that a permit's status (correlated
    # subqueries) passes on short queries, and compiling took 0.1–3 s of requests that run in
    # milliseconds (docs/performance.md).
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    db_options["options"] = f"{db_options.get('options', '')} -c jit=off".strip()
    # A statement is prepared at its first run — but only on a cursor that binds on the server, which
    # only core.prepared makes (Django's cursors bind on the client and never prepare): verification's
    # lookup is planned once per connection, not per request (issue 14). Prepared statements live on
    # the connection, so no transaction-pooling proxy may stand between the app and PostgreSQL
    # (docs/decisions.md 116).
    db_options.setdefault("prepare_threshold", 0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Security decision 1: Argon2id first; validators per role live in accounts.validators.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator"},
    {"NAME": "accounts.validators.OfficialPasswordValidator"},
]

# Security decision 2: five failures lock the username for 30 minutes, whatever the address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Security decision 4: 30 minutes idle, 12 hours absolute.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "/login"

# Security decision 8: a Content-Security-Policy in every environment, so that tests catch an
# inline script; styles may be inline (Swagger UI and htmx's indicator style need it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"], "object-src": ["'none'"], "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"], "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"

# Security decision 3: officials need TOTP in production only.
REQUIRE_OFFICIAL_OTP = False

# Security decision 10: body limits (uploads 10 MB, everything else 1 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_BYTES = 2 * 1024 * 1024

# Rate limits (security decision 10; api.md: /verify allows at least 60 a minute per address).
RATELIMIT_VERIFY = os.environ.get("RATELIMIT_VERIFY", "120/m")
RATELIMIT_TOKEN = os.environ.get("RATELIMIT_TOKEN", "30/m")
RATELIMIT_VIEW = "core.errors.ratelimited_view"
# The client's address (accounts.actor.client_ip): REMOTE_ADDR, or — only where the app servers are
# reachable through the proxy alone — the header the proxy sets, as a META key (HTTP_X_REAL_IP).
CLIENT_IP_META_KEY = os.environ.get("CLIENT_IP_META_KEY", "")
RATELIMIT_IP_META_KEY = "accounts.actor.client_ip"
AXES_CLIENT_IP_CALLABLE = "accounts.actor.client_ip"

# The cache that rate limits count in (django-ratelimit uses "default"; axes keeps its failures in the
# database). Redis when REDIS_URL is set; CACHE_BACKEND=database chooses Django's database cache
# instead (the table `manage.py createcachetable` makes); otherwise a per-process memory cache, which
# production refuses (security decision 14: limits hold across every process and host).
_redis_url = os.environ.get("REDIS_URL", "")
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "redis" if _redis_url else "locmem")
_CACHE_BACKENDS: dict[str, dict[str, Any]] = {
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url,
              # an unreachable Redis fails a request (and /readyz) in seconds instead of hanging it
              "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3}},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bjpermit_cache"},
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if CACHE_BACKEND not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be redis, database or locmem, not {CACHE_BACKEND!r}")
if CACHE_BACKEND == "redis" and not _redis_url:
    raise ImproperlyConfigured("CACHE_BACKEND=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
CACHES = {"default": {**_CACHE_BACKENDS[CACHE_BACKEND], "KEY_PREFIX": "bjpermit"}}

# Security decision 5: keys come from the environment (dev/test settings supply fixed dev keys).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
BLIND_INDEX_KEY = os.environ.get("BLIND_INDEX_KEY", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "core.storage.EncryptedFileSystemStorage"},  # encrypted at rest (decision 75)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads go through Django's storage API: the filesystem by default, any S3-compatible store when
# S3_BUCKET is set (install the `s3` extra: pip install -e ".[s3]").
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "core.storage_s3.EncryptedS3Storage",
        "OPTIONS": {"bucket_name": os.environ["S3_BUCKET"], "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
                    "region_name": os.environ.get("S3_REGION"), "default_acl": "private",
                    "querystring_auth": True, "file_overwrite": False},
    }
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are never served directly (security decision 9): no URL pattern serves this prefix; it
# exists only because parts of Django (the test live server) expect a string.
MEDIA_URL = "/_uploads-are-not-served/"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "notices.channels.LoggingSmsGateway")  # notices/channels.py

# Test clock (api.md): a file holding the ISO date that is "today".
CLOCK_FILE = os.environ.get("CLOCK_FILE", "")

# Ed25519 keys that sign permit-card QR codes (verification.signing); never in the repository.
# Development and tests make the first key on first use; production (production.py) demands the
# folder be named explicitly (shared storage) and makes keys only by `manage.py rotate_signing_key`.
SIGNING_KEY_DIR = Path(os.environ.get("SIGNING_KEY_DIR", VAR_DIR / "keys"))
SIGNING_KEY_AUTOCREATE = True

# The audit chain's head (last id and hash) is anchored outside the database every day by the daily
# job, as one line appended to a file in this folder (security decision 18); production names it.
AUDIT_ANCHOR_DIR = Path(os.environ.get("AUDIT_ANCHOR_DIR", VAR_DIR / "audit-anchors"))

# Mail (reminders' email channel): SMTP from the environment; the console backend when unset.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@permit.local")

# The address the public reaches the system at: every permit card's QR code points there. Production
# demands an https:// one (production.py); this default serves development only.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Security decision 2 locks the username whatever the client address, so axes' advice to add the
# address to the lockout parameters is deliberately not followed (docs/decisions.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The case queue's covering index (INCLUDE, cases.models) is PostgreSQL's; SQLite builds it on its
    # key columns alone, as intended. Said on every `make run` (migrate), it read as a fault.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
