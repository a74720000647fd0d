"""R-U05 on the reminder settings: a frozen unit's operator may still set the own email address
(decision 47) but no reminder kind changes; the page says why (423)."""

import pytest

from accounts.models import User
from notices.models import NoticeKind, NoticePreference

pytestmark = pytest.mark.django_db


def test_r_u05_frozen_unit_keeps_its_kinds_but_may_set_its_email(portal, clock):
    clock("2026-03-02")
    client, unit_id, _ = portal()  # verified before the season, never inspected: frozen on 2 May
    clock("2026-05-02")
    kinds = [k for k in NoticeKind.values if k != "cancellation_deadline"]
    response = client.post("/unit/inbox/settings", {"kind": kinds, "email": "hr@example.com"})
    assert response.status_code == 423
    assert "单位因未按时年检已被冻结" in response.content.decode()
    assert not NoticePreference.objects.filter(unit_id=unit_id, enabled=False).exists()
    assert User.objects.get(unit_id=unit_id).email == "hr@example.com"
