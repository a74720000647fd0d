"""The unit's inbox and preferences (GET/POST /api/v1/notices…): unit role only, scoped to the
caller's unit (another unit's notice is 404), newest first, preference changes audited."""

import pytest

from audit.models import AuditEvent
from notices.models import Notice
from notices.tests.support import put

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(make_unit, remind):
    """Two active units, each with the season's two inspection reminders of 2027 (and, older, the
    notice of its verification: notices.unit_decisions)."""
    mine, mine_id = make_unit("haidian")
    theirs, theirs_id = make_unit("chaoyang")
    remind("2027-04-01")
    remind("2027-04-25")
    return mine, mine_id, theirs, theirs_id


def test_inbox_lists_the_units_own_newest_first_and_filters_unread(two_units):
    mine, mine_id, _, _ = two_units
    body = mine.get("/notices").json()
    assert [n["kind"] for n in body["items"]] == ["inspection_last_week", "inspection_season_open",
                                                  "unit_verified"]
    assert body["next_cursor"] is None
    first = body["items"][1]
    fields = {"id", "kind", "title", "body", "title_en", "body_en", "due_on", "created_at", "read_at"}
    assert fields <= set(first)
    assert first["due_on"] == "2027-05-01" and first["read_at"] is None

    read = mine.post(f"/notices/{first['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = mine.post(f"/notices/{first['id']}/read").json()
    assert again["read_at"] == read.json()["read_at"]  # idempotent: the first reading time stays
    unread = [body["items"][0]["id"], body["items"][2]["id"]]
    assert [n["id"] for n in mine.get("/notices", unread="true").json()["items"]] == unread
    assert [n["id"] for n in mine.get("/notices", unread="false").json()["items"]] == [first["id"]]
    paged = mine.get("/notices", limit=1).json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]


def test_another_units_notice_is_404(two_units):
    mine, _, _, theirs_id = two_units
    theirs_notice = Notice.objects.filter(unit_id=theirs_id).first()
    assert mine.post(f"/notices/{theirs_notice.pk}/read").status_code == 404
    assert Notice.objects.get(pk=theirs_notice.pk).read_at is None
    assert theirs_notice.pk not in [n["id"] for n in mine.get("/notices").json()["items"]]


def test_officials_may_not_use_the_inbox(two_units, officials):
    for who in ("haidian", "city", "admin"):
        assert officials[who].get("/notices").status_code == 403
        assert officials[who].get("/notices/preferences").status_code == 403


def test_preferences_default_on_and_a_change_is_audited(make_unit):
    client, unit_id = make_unit("haidian")
    items = client.get("/notices/preferences").json()["items"]
    assert [i["kind"] for i in items] == [
        "renewal_window_open",
        "inspection_season_open",
        "inspection_last_week",
        "employer_change_deadline",
        "cancellation_deadline",
        "supplement_nearing_timeout",
        "case_supplement_requested",
        "case_approved",
        "case_rejected",
        "ready_for_collection",
        "unit_verified",
        "unit_frozen",
        "penalty_imposed",
    ]
    assert all(i["enabled"] and i["title"] for i in items)
    assert {i["kind"] for i in items if i["always"]} == {
        "ready_for_collection", "case_supplement_requested", "unit_frozen", "penalty_imposed"
    }

    changed = put(client, "/notices/preferences", {"kind": "cancellation_deadline", "enabled": False})
    assert changed.status_code == 200
    assert {i["kind"]: i["enabled"] for i in changed.json()["items"]}["cancellation_deadline"] is False
    event = AuditEvent.objects.filter(action="notice.preference").latest("pk")
    assert event.before == {"kind": "cancellation_deadline", "enabled": True}
    assert event.after == {"kind": "cancellation_deadline", "enabled": False}
    assert event.actor_role == "unit"

    back = put(client, "/notices/preferences", {"kind": "cancellation_deadline", "enabled": True})
    assert all(i["enabled"] for i in back.json()["items"])
    assert put(client, "/notices/preferences", {"kind": "nonsense", "enabled": True}).status_code == 400
