"""A permit's status is right on any date, whether or not the daily job ran (lifecycle.md, R-V01,
R-V02), and the permit endpoints show it."""

import datetime as dt

import pytest

from core.tests.support import inspect_every_year
from permits.models import Permit
from verification.tests.factories import stamp_frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(make_unit, file_new_case, clock):
    def issue(on: dt.date):
        clock(on)
        client, _ = make_unit("haidian")
        case = file_new_case(client)
        return client, case["permit_no"]

    return issue


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2026-06-15", "valid"),
        ("2029-06-15", "valid"),  # valid up to and including the expiry date
        ("2029-06-16", "expired"),
        ("2029-07-15", "expired"),  # expired, renewable for 1 month
        ("2029-07-16", "lapsed"),  # R-V02: lapsed the day after expiry + 1 month
    ],
)
def test_r_v01_r_v02_status_on_any_date(issued, clock, api, today, status):
    client, permit_no = issued(dt.date(2026, 6, 15))
    inspect_every_year(client, clock, range(2027, int(today[:4]) + 1), [permit_no])  # else frozen (R-I03)
    clock(today)
    permit = client.get(f"/permits/{permit_no}").json()
    assert permit["expiry_date"] == "2029-06-15"
    assert permit["status"] == status
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == status


def test_r_v01_issued_on_29_february_expires_28_february(issued):
    client, permit_no = issued(dt.date(2028, 2, 29))
    assert client.get(f"/permits/{permit_no}").json()["expiry_date"] == "2031-02-28"


def test_precedence_cancelled_over_lapsed_over_frozen(issued, clock, officials):
    client, permit_no = issued(dt.date(2026, 6, 15))
    stamp_frozen(permit_no, dt.datetime(2027, 5, 2, tzinfo=dt.UTC))
    assert client.get(f"/permits/{permit_no}").json()["status"] == "frozen"
    clock("2029-08-01")
    assert client.get(f"/permits/{permit_no}").json()["status"] == "lapsed"
    Permit.objects.filter(permit_no=permit_no).update(cancelled_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    assert client.get(f"/permits/{permit_no}").json()["status"] == "cancelled"


def test_r_i05_district_unfreezes_a_frozen_permit(issued, officials):
    client, permit_no = issued(dt.date(2026, 6, 15))
    assert officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": ""}).status_code == 409
    stamp_frozen(permit_no, dt.datetime(2027, 5, 2, tzinfo=dt.UTC))
    response = officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": "单位书面申请"})
    assert response.status_code == 200 and response.json()["status"] == "valid"


def test_permit_list_filters_by_status_and_masks_id_numbers_r_s02(issued, clock):
    client, permit_no = issued(dt.date(2026, 6, 15))
    listed = client.get("/permits", status="valid").json()["items"]
    assert [p["permit_no"] for p in listed] == [permit_no]
    number = client.get(f"/permits/{permit_no}").json()["holder"]["id_number"]
    assert listed[0]["holder"]["id_number"] == number[:6] + "********" + number[-4:]
    assert client.get("/permits", status="expired").json()["items"] == []
    inspect_every_year(client, clock, range(2027, 2030), [permit_no])
    clock("2029-06-20")
    assert [p["permit_no"] for p in client.get("/permits", status="expired").json()["items"]] == [permit_no]


def test_r_s02_full_view_is_audited(issued):
    from audit.models import AuditEvent

    client, permit_no = issued(dt.date(2026, 6, 15))
    client.get(f"/permits/{permit_no}")
    assert (
        AuditEvent.objects.filter(
            action="permit.viewed", object_id=str(Permit.objects.get(permit_no=permit_no).pk)
        ).count()
        == 1
    )


def test_r_u04_the_sixth_new_case_of_a_branch_is_refused(make_unit, file_new_case, clock, officials):
    clock(dt.date(2026, 6, 15))
    client, unit_id = make_unit("haidian", entity_type="branch")
    file_new_case(client)  # one live permit
    for _ in range(4):
        file_new_case(client, until="submitted")  # four open cases: 5 held
    sixth = file_new_case(client, until="draft")
    from ops.demo import photo

    client.upload(f"/applications/{sixth['id']}/photo", "p.jpg", photo())
    response = client.post(f"/applications/{sixth['id']}/submit")
    assert response.status_code == 422 and [e["rule"] for e in response.json()["errors"]] == ["R-U04"]
    officials["city"].post(f"/units/{unit_id}/cap", {"permit_cap": 6, "note": "市级批准"})
    assert client.post(f"/applications/{sixth['id']}/submit").status_code == 200
