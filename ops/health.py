"""Liveness and readiness probes for load balancers (api.md "Operations").

`GET /healthz` answers while the process serves and touches nothing else. `GET /readyz` checks what a
request needs — the database, the shared cache, every migration applied, the card-signing key — and
answers 503 naming what failed. Both are public and reveal nothing but "ok" or "failed": no version,
no host, no exception text (a failure's detail goes to the server's log).

`ProbeMiddleware`, first in MIDDLEWARE, answers them before anything else runs, because a load
balancer probes each backend over plain http by its address: no redirect to https, no ALLOWED_HOSTS
check (the answer does not depend on the Host header and never echoes it), no session, no rate limit.
"""

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from verification import signing

logger = logging.getLogger(__name__)

OK, FAILED = "ok", "failed"


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    """The cache that rate limits count in stores and returns a value."""
    cache = caches["default"]
    key, value = f"readyz-{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        raise RuntimeError("the cache did not return the value just stored")


def _migrations() -> None:
    """Every migration this code has is applied to the database."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")


def _signing_key() -> None:
    """Production: the current card-signing key loads from SIGNING_KEY_DIR (none is made here).
    Development and tests make the first key on first use, so there it is ready by definition."""
    if settings.SIGNING_KEY_AUTOCREATE:
        return
    if signing.public_key_pem() is None:
        raise RuntimeError("no current signing key in SIGNING_KEY_DIR")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "migrations": _migrations,
    "signing_key": _signing_key,
}


def _answer(body: dict[str, object], status: int = 200) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _answer({"status": OK})


@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not ready"; its detail is for the log, not the answer
            logger.warning("readiness check %r failed", name, exc_info=True)
            checks[name] = FAILED
        else:
            checks[name] = OK
    ready = all(result == OK for result in checks.values())
    return _answer({"status": OK if ready else FAILED, "checks": checks}, status=200 if ready else 503)


PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """First in MIDDLEWARE: answers /healthz and /readyz before the https redirect, the host check,
    sessions and everything else; any other path goes on untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        return probe(request) if probe is not None else self.get_response(request)
