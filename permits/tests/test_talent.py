"""R-V03: three continuous years of holding make a holder eligible for talent introduction (人才引进),
shown on the permit and filterable in GET /permits."""

import datetime as dt

import pytest

from core.dates import months_between
from core.tests.support import inspect_every_year

pytestmark = pytest.mark.django_db


def test_r_v03_eligible_from_three_years_after_first_issue_through_a_renewal(
    make_unit, file_new_case, clock, officials
):
    clock("2026-06-15")
    client, _ = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    inspect_every_year(client, clock, range(2027, 2030), [permit_no])  # else frozen (R-I02, R-I03)
    clock("2029-06-01")
    months = [
        {"month": m, "payer": "unit"} for m in months_between(dt.date(2026, 6, 15), dt.date(2029, 6, 1))
    ]
    case = client.post(
        "/applications",
        {
            "type": "renewal",
            "permit_no": permit_no,
            "tax_months": months,
            "social_insurance_months": months,
            "employment": {"contract_ends_on": "2032-01-01"},
        },
    ).json()
    case = client.post(f"/applications/{case['id']}/submit").json()
    codes = [i["code"] for i in case["checklist"]]
    officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})

    clock("2029-06-14")  # one day short of three years
    assert client.get(f"/permits/{permit_no}").json()["talent_introduction_eligible"] is False
    assert client.get("/permits", talent_introduction_eligible="true").json()["items"] == []
    clock("2029-06-15")
    permit = client.get(f"/permits/{permit_no}").json()
    assert permit["talent_introduction_eligible"] is True and permit["first_issued_on"] == "2026-06-15"
    listed = client.get("/permits", talent_introduction_eligible="true").json()["items"]
    assert [p["permit_no"] for p in listed] == [permit_no]
    assert client.get("/permits", talent_introduction_eligible="false").json()["items"] == []


def test_r_v03_a_lapsed_permit_is_not_eligible(make_unit, file_new_case, clock):
    clock("2026-06-15")
    client, _ = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    clock("2029-07-16")  # lapsed: never renewed
    permit = client.get(f"/permits/{permit_no}").json()
    assert permit["status"] == "lapsed" and permit["talent_introduction_eligible"] is False
