"""R-U05: a frozen unit cannot change its reminder preferences (423) — frozen by the daily job or,
before the job ran, by R-I02's condition; the operator's own email address stays its own to change
(decision 47)."""

import pytest

from audit.models import AuditEvent
from notices.tests.support import put
from units.models import Unit

pytestmark = pytest.mark.django_db
BODY = {"kind": "cancellation_deadline", "enabled": False}


def _enabled(client):
    return {i["kind"]: i["enabled"] for i in client.get("/notices/preferences").json()["items"]}


def test_r_u05_frozen_unit_cannot_change_its_preferences(make_unit):
    client, unit_id = make_unit("haidian")
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # as the 2 May job leaves it
    refused = put(client, "/notices/preferences", BODY)
    assert refused.status_code == 423
    assert [e["rule"] for e in refused.json()["errors"]] == ["R-U05"]
    assert _enabled(client)["cancellation_deadline"] is True  # reading is still allowed
    assert not AuditEvent.objects.filter(action="notice.preference").exists()


def test_r_u05_frozen_before_the_job_ran_then_unfrozen(make_unit, officials, clock):
    clock("2026-03-02")
    client, unit_id = make_unit("haidian")  # verified before the season, never inspected
    clock("2026-05-01")
    assert put(client, "/notices/preferences", BODY).status_code == 200
    clock("2026-05-02")
    assert put(client, "/notices/preferences", {**BODY, "enabled": True}).status_code == 423
    assert _enabled(client)["cancellation_deadline"] is False
    assert officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": "营业执照"}).status_code == 200
    assert put(client, "/notices/preferences", {**BODY, "enabled": True}).status_code == 200
    assert _enabled(client)["cancellation_deadline"] is True
