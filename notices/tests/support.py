"""Helpers of the reminder tests (filing a case: cases/tests/support.py)."""

import json
from typing import Any

from notices.models import REMINDER_KINDS, Notice, NoticeKind

# The notices of a decision on a case (notices.decisions); a unit that make_unit verified also holds
# its `unit_verified` (notices.unit_decisions).
CASE_KINDS = frozenset({NoticeKind.CASE_SUPPLEMENT_REQUESTED, NoticeKind.CASE_APPROVED,
                        NoticeKind.CASE_REJECTED, NoticeKind.READY_FOR_COLLECTION})


def notices(unit_id: int, kind: str | None = None) -> list[Notice]:
    qs = Notice.objects.filter(unit_id=unit_id).order_by("pk")
    return list(qs.filter(kind=kind) if kind else qs)


def case_notices(unit_id: int, kind: str | None = None) -> list[Notice]:
    """The notices of the decisions on the unit's cases only."""
    return [n for n in notices(unit_id, kind) if n.kind in CASE_KINDS]


def reminders(unit_id: int | None = None) -> list[Notice]:
    """The daily job's reminders only (the decisions that built the test's cases wrote their own)."""
    qs = Notice.objects.filter(kind__in=REMINDER_KINDS).order_by("pk")
    return list(qs if unit_id is None else qs.filter(unit_id=unit_id))


def put(client: Any, path: str, body: Any) -> Any:
    """PUT for the conftest `Api` client (it has get, post and patch)."""
    return client.client.put(
        "/api/v1" + path, json.dumps(body), content_type="application/json", **client._headers()
    )
