"""Production settings: chosen explicitly (DJANGO_SETTINGS_MODULE=config.settings.production)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production")
    return value


if os.environ.get("CLOCK_FILE"):
    raise ImproperlyConfigured("CLOCK_FILE is a test clock and must not be set in production")

DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
FIELD_ENCRYPTION_KEY = _required("FIELD_ENCRYPTION_KEY")
BLIND_INDEX_KEY = _required("BLIND_INDEX_KEY")
_required("DATABASE_URL")
REQUIRE_OFFICIAL_OTP = True

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
