"""Production settings: chosen explicitly (DJANGO_SETTINGS_MODULE=config.settings.production)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

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
PRODUCTION = True  # load_demo and every command that makes known passwords refuse (core.production)
SECRET_KEY = _required("SECRET_KEY")
FIELD_ENCRYPTION_KEY = _required("FIELD_ENCRYPTION_KEY")
BLIND_INDEX_KEY = _required("BLIND_INDEX_KEY")
_required("DATABASE_URL")
REQUIRE_OFFICIAL_OTP = True

# Printed in every permit card's QR code: the public https:// address, never the development default.
PUBLIC_BASE_URL = _required("PUBLIC_BASE_URL").rstrip("/")
_public = urlsplit(PUBLIC_BASE_URL)
if _public.scheme != "https" or not _public.hostname or _public.hostname in ("localhost", "127.0.0.1"):
    raise ImproperlyConfigured(
        f"PUBLIC_BASE_URL must be the public https:// address of the system (it is printed in every permit "
        f"card's QR code), e.g. https://permit.example.gov.cn — not {PUBLIC_BASE_URL!r}"
    )

# The card-signing keys: on storage shared by every app server (and backed up), named explicitly; a
# server never makes a key of its own — `manage.py rotate_signing_key` makes the first and the next.
SIGNING_KEY_DIR = Path(_required("SIGNING_KEY_DIR"))
SIGNING_KEY_AUTOCREATE = False
# The daily anchor of the audit chain's head: a folder off the database server (security decision 18).
AUDIT_ANCHOR_DIR = Path(_required("AUDIT_ANCHOR_DIR"))

# Files written at run time (collected static files in VAR_DIR/static; uploads in VAR_DIR/media unless
# MEDIA_ROOT or S3_BUCKET says otherwise) live in a folder named explicitly, never beside the installed
# code (base.py's default, meant for a checkout).
_required("VAR_DIR")

# Security decision 14: rate limits and lockouts hold across every process and host, so the cache
# they count in is shared — Redis (REDIS_URL), or Django's database cache where there is no Redis
# (CACHE_BACKEND=database; make its table once with `createcachetable`). A per-process cache is refused.
if CACHE_BACKEND not in ("redis", "database"):  # noqa: F405
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production (e.g. redis://10.0.0.5:6379/0): rate limits need a cache "
        "shared by every server process; without Redis set CACHE_BACKEND=database and run "
        "`bjpermit-manage createcachetable`"
    )

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
