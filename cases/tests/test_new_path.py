"""The whole `new` path over HTTP (api.md): register → verify → draft → photo → submit → review →
approval → collection → verify. Then each refusal code of api.md."""

import datetime as dt

import pytest

from ops.demo import new_application, photo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def unit(make_unit, clock):
    clock(TODAY)
    return make_unit("haidian")


def _draft(client, data=None):
    response = client.post("/applications", {"type": "new", **(data or new_application(TODAY))})
    assert response.status_code == 201, response.content
    return response.json()


def test_whole_new_path_issues_a_verifiable_permit(unit, officials, api):
    client, unit_id = unit
    case = _draft(client)
    assert case["status"] == "draft" and case["number"].startswith("XB20260615")
    assert [f["rule"] for f in case["eligibility"]["failures"]] == ["R-W09"]  # only the photo is missing

    assert client.upload(f"/applications/{case['id']}/photo", "me.jpg", photo()).status_code == 200
    submitted = client.post(f"/applications/{case['id']}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    codes = [i["code"] for i in submitted.json()["checklist"] if i["required"]]
    passed = officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "pass", "materials_received": codes, "note": "材料齐全"},
    )
    assert passed.status_code == 200, passed.content
    assert passed.json()["status"] == "district_passed"

    approved = officials["city"].post(
        f"/applications/{case['id']}/approval", {"decision": "approve", "note": ""}
    )
    assert approved.status_code == 200, approved.content
    permit_no = approved.json()["permit_no"]
    assert approved.json()["status"] == "approved" and permit_no
    # R-P08: the permit this case issued is not "another live permit" of the applicant
    assert approved.json()["eligibility"]["failures"] == []

    permit = client.get(f"/permits/{permit_no}").json()
    assert permit["status"] == "valid"
    assert permit["issue_date"] == "2026-06-15" and permit["expiry_date"] == "2029-06-15"
    assert permit["holder"]["name"] == "张伟"

    collected = officials["haidian"].post(
        f"/applications/{case['id']}/collection", {"collected_by": "holder"}
    )
    assert collected.json()["status"] == "collected"
    history = [(h["action"], h["to_status"]) for h in collected.json()["history"]]
    assert history == [
        ("create", "draft"),
        ("photo", "draft"),
        ("submit", "submitted"),
        ("review.pass", "district_passed"),
        ("approval.approve", "approved"),
        ("collection", "collected"),
    ]

    verified = api.get("/verify", permit_no=permit_no, name="张伟")
    assert verified.status_code == 200
    assert verified.json()["result"] == "valid" and verified.json()["holder_name_masked"] == "张*"


def test_submit_lists_every_failing_rule_and_changes_nothing(unit):
    client, _ = unit
    data = new_application(TODAY)
    data["tax_months"] = []
    data["residence"]["lease_ends_on"] = "2026-06-14"
    data["person"]["shortage_catalogue_code"] = "NOPE"
    case = _draft(client, data)
    response = client.post(f"/applications/{case['id']}/submit")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    rules = {e["rule"] for e in response.json()["errors"]}
    assert {"R-P04", "R-P05", "R-P10", "R-W09"} <= rules
    assert client.get(f"/applications/{case['id']}").json()["status"] == "draft"


def test_refusal_codes(unit, officials, make_unit, api):
    client, unit_id = unit
    # 400: malformed body, unknown enum value
    assert client.post("/applications", {"type": "nonsense"}).status_code == 400
    bad = new_application(TODAY)
    bad["residence"]["housing_type"] = "castle"
    response = client.post("/applications", {"type": "new", **bad})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].startswith("residence.housing_type")
    # 401: no token
    assert api.get("/applications").status_code == 401
    # 403: a unit calling an official's endpoint
    case = _draft(client)
    assert client.post(f"/applications/{case['id']}/review", {"decision": "pass"}).status_code == 403
    # 404: another unit's case
    other, _ = make_unit("haidian")
    assert other.get(f"/applications/{case['id']}").status_code == 404
    # 409: approving a draft; R-W05 submitting a second case for the same person while the first is
    # submitted (the second draft itself is created: a draft blocks nobody, spec 1.1)
    assert (
        officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"}).status_code
        == 409
    )
    second = _draft(client, client.get(f"/applications/{case['id']}").json()["data"])
    for draft in (case, second):
        client.upload(f"/applications/{draft['id']}/photo", "me.jpg", photo())
    assert client.post(f"/applications/{case['id']}/submit").status_code == 200
    response = client.post(f"/applications/{second['id']}/submit")
    assert response.status_code == 409 and response.json()["errors"][0]["rule"] == "R-W05"
    # 422: a rule refuses it (tested above); 423: a frozen unit
    from units.models import Unit, UnitStatus

    Unit.objects.filter(pk=unit_id).update(status=UnitStatus.FROZEN)
    frozen = client.post(f"/applications/{second['id']}/submit")
    assert frozen.status_code == 423
    assert client.get(f"/applications/{second['id']}").status_code == 200  # reading still works (R-U05)


def test_withdraw_until_a_decision_r_w06(unit, officials):
    client, _ = unit
    case = _draft(client)
    client.upload(f"/applications/{case['id']}/photo", "me.jpg", photo())
    client.post(f"/applications/{case['id']}/submit")
    assert client.post(f"/applications/{case['id']}/withdraw").json()["status"] == "withdrawn"
    second = _draft(client)
    client.upload(f"/applications/{second['id']}/photo", "me.jpg", photo())
    client.post(f"/applications/{second['id']}/submit")
    officials["haidian"].post(
        f"/applications/{second['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-08"], "note": "个税证明缺公章"},
    )
    response = client.post(f"/applications/{second['id']}/withdraw")
    assert response.status_code == 409 and response.json()["errors"][0]["rule"] == "R-W06"


def test_supplement_round_trip_and_rejection_need_reasons_r_w07(unit, officials):
    client, _ = unit
    case = _draft(client)
    client.upload(f"/applications/{case['id']}/photo", "me.jpg", photo())
    client.post(f"/applications/{case['id']}/submit")
    reviewer = officials["haidian"]
    assert reviewer.post(f"/applications/{case['id']}/review", {"decision": "reject"}).status_code == 422
    no_missing = reviewer.post(f"/applications/{case['id']}/review", {"decision": "request_supplement"})
    assert no_missing.status_code == 422 and no_missing.json()["errors"][0]["rule"] == "R-W07"
    asked = reviewer.post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-08"], "note": "缺公章"},
    )
    assert asked.json()["status"] == "supplement_requested"
    assert (
        client.patch(
            f"/applications/{case['id']}",
            {"employment": {"started_on": "2024-12-01", "contract_ends_on": "2028-12-31"}},
        ).status_code
        == 200
    )
    assert client.post(f"/applications/{case['id']}/submit").json()["status"] == "submitted"
    rejected = reviewer.post(f"/applications/{case['id']}/review", {"decision": "reject", "note": "材料不实"})
    assert rejected.json()["status"] == "rejected"
    assert client.patch(f"/applications/{case['id']}", {"residence": None}).status_code == 409


def test_review_pass_needs_every_required_item_r_w02(unit, officials):
    client, _ = unit
    case = _draft(client)
    client.upload(f"/applications/{case['id']}/photo", "me.jpg", photo())
    client.post(f"/applications/{case['id']}/submit")
    response = officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": ["NEW-01"]}
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["rule"] == "R-W02" and "NEW-02" in error["message"]


def test_special_talent_needs_explicit_confirmation_r_p03(unit, officials):
    client, _ = unit
    data = new_application(TODAY)
    data["person"].update(
        degree="associate",
        title_level="none",
        special_talent_justification="国家级科技奖获得者，填补本市集成电路领域空白",
    )
    case = _draft(client, data)
    assert case["eligibility"]["needs_discretion"] == ["R-P03"]
    client.upload(f"/applications/{case['id']}/photo", "me.jpg", photo())
    submitted = client.post(f"/applications/{case['id']}/submit").json()
    codes = [i["code"] for i in submitted["checklist"] if i["required"]]
    assert "NEW-13" in codes
    officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    refused = officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["rule"] == "R-P03"
    approved = officials["city"].post(
        f"/applications/{case['id']}/approval", {"decision": "approve", "confirm_special_talent": True}
    )
    assert approved.status_code == 200 and approved.json()["permit_no"]


def test_r_u04_r_p08_an_approved_case_does_not_count_its_own_permit_against_itself(
    make_unit, file_new_case, clock
):
    """A branch at its cap of 5 through its own fifth case: that case still reads eligible (the cap
    and R-P08 count the permits it did not issue); a sixth is refused."""
    clock(TODAY)
    client, _ = make_unit("haidian", entity_type="branch")
    cases = [file_new_case(client) for _ in range(5)]
    fifth = client.get(f"/applications/{cases[-1]['id']}").json()
    assert fifth["status"] == "approved" and fifth["eligibility"]["failures"] == []
    sixth = client.post("/applications", {"type": "new", **new_application(TODAY)}).json()
    assert "R-U04" in [f["rule"] for f in sixth["eligibility"]["failures"]]
