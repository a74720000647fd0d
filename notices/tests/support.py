"""Helpers of the reminder tests (filing a case: cases/tests/support.py)."""

import json
from typing import Any

from notices.models import REMINDER_KINDS, Notice


def notices(unit_id: int, kind: str | None = None) -> list[Notice]:
    qs = Notice.objects.filter(unit_id=unit_id).order_by("pk")
    return list(qs.filter(kind=kind) if kind else qs)


def reminders(unit_id: int | None = None) -> list[Notice]:
    """The daily job's reminders only (the decisions that built the test's cases wrote their own)."""
    qs = Notice.objects.filter(kind__in=REMINDER_KINDS).order_by("pk")
    return list(qs if unit_id is None else qs.filter(unit_id=unit_id))


def put(client: Any, path: str, body: Any) -> Any:
    """PUT for the conftest `Api` client (it has get, post and patch)."""
    return client.client.put(
        "/api/v1" + path, json.dumps(body), content_type="application/json", **client._headers()
    )
