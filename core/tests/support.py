"""Test helpers every app's tests use (test code only: the wheel leaves `*.tests` out)."""

import datetime as dt
import os
from typing import Any


def inspect_every_year(client: Any, set_clock: Any, years: range, permit_nos: list[str]) -> None:
    """A unit that misses no annual inspection: on 15 April of each year (in the season, R-I01) it
    files its own inspection and its staff's over the API (a missed one freezes from 2 May on,
    R-I02, R-I03). Leaves the clock on the last of these days."""
    for year in years:
        set_clock(dt.date(year, 4, 15))
        unit = client.post("/inspections/unit")
        done: list[dict[str, Any]] = []
        if permit_nos:
            done = client.post("/inspections/persons", {"permit_nos": permit_nos}).json().get("results") or []
        if unit.status_code != 201 or len(done) != len(permit_nos) or any("error" in r for r in done):
            raise AssertionError(f"{year}: the inspections were refused: {unit.content!r}, {done}")


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production start (config.settings.production) for tests that start one
    in a subprocess: every required variable set to a sample, none of this run's test-only ones; an
    override of "" removes that variable."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "Q7v!kL2#pZ9@xR4$mN8^wT1&yB6*cH3(dF5)gJ0-hSuV8%eW2+aK4=",  # noqa: S105 (a sample)
        "FIELD_ENCRYPTION_KEY": "A" * 43 + "=",
        "BLIND_INDEX_KEY": "B" * 43 + "=",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/none",
        "ALLOWED_HOSTS": "permit.example.gov.cn",
        "PUBLIC_BASE_URL": "https://permit.example.gov.cn",
        "SIGNING_KEY_DIR": "/srv/shared/bjpermit-keys",
        "AUDIT_ANCHOR_DIR": "/srv/shared/bjpermit-audit-anchors",
        "VAR_DIR": "/srv/bjpermit/var",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
    }
    for leaked in ("CLOCK_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_BACKEND"):  # this test run's own
        env.pop(leaked, None)
    return {k: v for k, v in {**env, **overrides}.items() if v != ""}
