"""Every case type other than `new`, through the HTTP contract (lifecycle.md, api.md)."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from cases.models import Case
from cases.tests.support import employer_change
from cases.tests.support import file_case as _file
from cases.tests.support import submit as _submit
from conftest import HELD_ISSUED_ON
from core.dates import months_between
from inspections.models import PersonInspection
from penalties.models import Penalty, PenaltyKind

# `held`'s unit also inspects itself and the permit every year to the expiry (the tests run into 2029)
pytestmark = [pytest.mark.django_db, pytest.mark.held(inspected_through=2029)]
ISSUED = HELD_ISSUED_ON  # expiry 2029-06-15


def _pass(reviewer, case):
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    response = reviewer.post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    assert response.status_code == 200, response.content
    return response.json()


def _months(start, today):
    return [{"month": m, "payer": "unit"} for m in months_between(start, today)]


def _renewal(permit_no, today):
    months = _months(ISSUED, today)
    return {
        "type": "renewal",
        "permit_no": permit_no,
        "employment": {"contract_ends_on": "2031-12-31"},
        "tax_months": months,
        "social_insurance_months": months,
    }


# renewal (续签) ----------------------------------------------------------------------------------


def test_r_r01_renewal_the_day_before_the_window_is_too_early(held, clock):
    client, _, permit_no, _ = held
    clock("2029-05-14")
    case = _file(client, _renewal(permit_no, dt.date(2029, 5, 14)))
    response = _submit(client, case["id"], 422)
    assert [e["rule"] for e in response["errors"]] == ["R-R01"]


def test_r_r05_renewal_path_district_then_city_extends_expiry_by_3_years(held, clock, officials, api):
    client, _, permit_no, _ = held
    clock("2029-05-15")  # first day of the window (R-R01)
    case = _file(client, _renewal(permit_no, dt.date(2029, 5, 15)))
    assert case["permit_no"] == permit_no and [i["code"] for i in case["checklist"]][:2] == [
        "REN-01",
        "REN-02",
    ]
    submitted = _submit(client, case["id"])
    assert _pass(officials["haidian"], submitted)["status"] == "district_passed"
    approved = officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert approved.json()["status"] == "approved"
    assert client.get(f"/permits/{permit_no}").json()["expiry_date"] == "2032-06-15"
    pdf = client.get(f"/applications/{case['id']}/form.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_r_r03_an_agency_month_in_the_holding_period_fails(held, clock):
    client, _, permit_no, _ = held
    clock("2029-06-01")
    body = _renewal(permit_no, dt.date(2029, 6, 1))
    body["tax_months"][3]["payer"] = "agency"
    case = _file(client, body)
    assert [e["rule"] for e in _submit(client, case["id"], 422)["errors"]] == ["R-R03"]


def test_r_v02_an_open_renewal_submitted_in_time_keeps_the_permit_from_lapsing(held, clock, officials):
    client, _, permit_no, _ = held
    clock("2029-07-15")  # last day of the window: expiry + 1 month
    case = _file(client, _renewal(permit_no, dt.date(2029, 7, 15)))
    _submit(client, case["id"])
    clock("2029-08-01")
    assert client.get(f"/permits/{permit_no}").json()["status"] == "expired"
    officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "reject", "note": "个税不连续"}
    )
    assert client.get(f"/permits/{permit_no}").json()["status"] == "lapsed"


def test_r_w05_one_submitted_renewal_per_permit_judged_at_submission(held, clock):
    """Spec 1.1: a second renewal draft of the permit is created and reads eligible while the first is
    a draft too; once the first is submitted, the second's panel shows R-W05 and its submission is a
    409; once the first is withdrawn, it is submitted."""
    client, _, permit_no, _ = held
    clock("2029-06-01")
    first = _file(client, _renewal(permit_no, dt.date(2029, 6, 1)))
    second = _file(client, _renewal(permit_no, dt.date(2029, 6, 1)))
    assert second["eligibility"] == {"eligible": True, "failures": []}
    _submit(client, first["id"])
    shown = client.get(f"/applications/{second['id']}").json()["eligibility"]
    assert [f["rule"] for f in shown["failures"]] == ["R-W05"]
    again = _submit(client, second["id"], 409)
    assert [e["rule"] for e in again["errors"]] == ["R-W05"]
    assert client.get(f"/applications/{second['id']}").json()["status"] == "draft"
    assert client.post(f"/applications/{first['id']}/withdraw").status_code == 200
    assert _submit(client, second["id"])["status"] == "submitted"


# employer change (聘用单位变更) -------------------------------------------------------------------


def test_employer_change_moves_the_permit_across_districts(held, make_unit, clock, officials, api):
    old, _, permit_no, _ = held
    clock("2026-09-01")
    new, new_unit_id = make_unit("chaoyang")
    case = _file(new, employer_change(permit_no, "2026-07-03", "2026-07-10"))  # day 60 (R-E01)
    submitted = _submit(new, case["id"])
    assert (
        officials["haidian"].post(f"/applications/{case['id']}/review", {"decision": "pass"}).status_code
        == 404
    )
    approved = _pass(officials["chaoyang"], submitted)
    assert approved["status"] == "approved"
    permit = new.get(f"/permits/{permit_no}").json()
    assert (
        permit["unit_id"] == new_unit_id
        and permit["status"] == "valid"
        and permit["expiry_date"] == "2029-06-15"
    )
    assert old.get(f"/permits/{permit_no}").status_code == 404
    omitted = officials["haidian"].get("/compliance/omitted-cancellations").json()["items"]
    assert [o["permit_no"] for o in omitted] == [permit_no]
    assert officials["chaoyang"].get("/compliance/omitted-cancellations").json()["items"] == []


def test_r_e01_employer_change_on_day_61_is_refused(held, make_unit, clock):
    permit_no = held.permit_no
    clock("2026-09-02")
    new, _ = make_unit("haidian")
    case = _file(new, employer_change(permit_no, "2026-07-03", "2026-07-10"))
    assert "R-E01" in [e["rule"] for e in _submit(new, case["id"], 422)["errors"]]


def test_r_e01_employer_change_without_the_new_contract_is_refused_at_submit(held, make_unit, clock):
    # given a draft without the employment section (a draft may lack it: 201)
    clock("2026-09-01")
    new, _ = make_unit("haidian")
    body = employer_change(held.permit_no, "2026-07-03", "2026-07-10")
    del body["employment"]
    case = _file(new, body)
    assert {f["field"] for f in case["eligibility"]["failures"]} >= {
        "employment.started_on", "employment.contract_ends_on"}
    # when it is submitted, then R-E01 refuses it naming both dates, and it stays a draft
    errors = _submit(new, case["id"], 422)["errors"]
    assert {(e["rule"], e["field"]) for e in errors} == {
        ("R-E01", "employment.started_on"), ("R-E01", "employment.contract_ends_on")}
    assert new.get(f"/applications/{case['id']}").json()["status"] == "draft"


def test_a_contract_ending_before_it_starts_is_a_400_naming_its_end(held, make_unit, clock):
    clock("2026-09-01")
    new, _ = make_unit("haidian")
    body = employer_change(held.permit_no, "2026-07-03", "2026-07-10")
    body["employment"] = {"started_on": "2026-07-10", "contract_ends_on": "2026-07-09"}
    response = new.post("/applications", body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "employment.contract_ends_on" and "早于入职日期" in error["message"]
    body["employment"]["contract_ends_on"] = "2026-07-10"  # ends the day it starts: a date, not a typo
    assert new.post("/applications", body).status_code == 201


def test_r_e03_a_permit_cancelled_for_leaving_comes_back_with_the_new_unit(
    held, make_unit, clock, officials, api
):
    old, _, permit_no, _ = held
    clock("2026-08-01")
    cancellation = _file(old, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-07-31"})
    assert _submit(old, cancellation["id"])["status"] == "approved"
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "cancelled"
    new, _ = make_unit("haidian")
    case = _submit(new, _file(new, employer_change(permit_no, "2026-07-31", "2026-08-01"))["id"])
    _pass(officials["haidian"], case)
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "valid"
    assert officials["haidian"].get("/compliance/omitted-cancellations").json()["items"] == []


@pytest.fixture
def cancelled_after_expiry(held, clock):
    """The permit expired on 2029-06-15 (it lapses after 2029-07-15, R-V02) and was cancelled on
    2029-07-01 for a holder who left on 2029-06-30: (permit_no)."""
    old, _, permit_no, _ = held
    clock("2029-07-01")
    cancellation = _file(old, {"type": "cancellation", "permit_no": permit_no, "left_on": "2029-06-30"})
    assert _submit(old, cancellation["id"])["status"] == "approved"
    return permit_no


def test_r_e03_a_cancelled_permit_moves_on_its_lapse_date(
    cancelled_after_expiry, make_unit, clock, officials
):
    permit_no = cancelled_after_expiry
    clock("2029-07-15")  # expiry + 1 month: the last day before it lapses
    new, new_unit_id = make_unit("haidian")
    case = _submit(new, _file(new, employer_change(permit_no, "2029-06-30", "2029-07-15"))["id"])
    assert _pass(officials["haidian"], case)["status"] == "approved"
    permit = new.get(f"/permits/{permit_no}").json()
    assert (permit["unit_id"], permit["status"]) == (new_unit_id, "expired")  # renewable, expiry unchanged


def test_r_e03_a_cancelled_permit_past_its_lapse_date_does_not_move(cancelled_after_expiry, make_unit, clock):
    permit_no = cancelled_after_expiry
    clock("2029-07-16")  # within 60 days of leaving (R-E01), but the permit has lapsed
    new, _ = make_unit("haidian")
    case = _file(new, employer_change(permit_no, "2029-06-30", "2029-07-16"))
    refused = _submit(new, case["id"], 422)["errors"]
    assert [e["rule"] for e in refused] == ["R-E03"] and "lapsed" in refused[0]["message_en"]


def test_r_e03_judged_again_at_the_decision_a_permit_lapsed_meanwhile_does_not_move(
    cancelled_after_expiry, make_unit, clock, officials, api
):
    permit_no = cancelled_after_expiry
    clock("2029-07-15")
    new, _ = make_unit("haidian")
    case = _submit(new, _file(new, employer_change(permit_no, "2029-06-30", "2029-07-15"))["id"])
    clock("2029-07-16")
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    refused = officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    assert refused.status_code == 422 and [e["rule"] for e in refused.json()["errors"]] == ["R-E03"]
    assert new.get(f"/applications/{case['id']}").json()["status"] == "submitted"
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "cancelled"


# cancellation (注销) ------------------------------------------------------------------------------


def test_r_c01_cancellation_is_effective_on_submission_and_late_after_5_days(held, clock, officials, api):
    client, _, permit_no, _ = held
    clock("2026-09-07")
    on_time = _file(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-09-02"})
    done = _submit(client, on_time["id"])
    assert done["status"] == "approved" and done["late"] is False and done["checklist"] == []
    assert client.get(f"/permits/{permit_no}").json()["status"] == "cancelled"


def test_r_c01_a_late_cancellation_is_listed_for_the_district(held, clock, officials):
    client, _, permit_no, _ = held
    clock("2026-09-08")
    case = _file(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-09-02"})
    assert _submit(client, case["id"])["late"] is True
    listed = officials["haidian"].get("/applications", type="cancellation", late="true").json()["items"]
    assert [c["id"] for c in listed] == [case["id"]]
    assert officials["chaoyang"].get("/applications", type="cancellation", late="true").json()["items"] == []


# address, dependents, general changes -------------------------------------------------------------


def test_r_a01_address_change_with_a_lease_of_exactly_3_months(held, clock, officials):
    client, _, permit_no, _ = held
    clock("2026-10-10")
    residence = {
        "address": "北京市朝阳区望京街10号",
        "district": "chaoyang",
        "housing_type": "rented",
        "lease_ends_on": "2027-01-09",
    }
    short = _file(client, {"type": "address_change", "permit_no": permit_no, "residence": residence})
    assert [e["rule"] for e in _submit(client, short["id"], 422)["errors"]] == ["R-A01"]
    client.patch(f"/applications/{short['id']}", {"residence": {**residence, "lease_ends_on": "2027-01-10"}})
    case = _submit(client, short["id"])
    assert "ADR-02" in [i["code"] for i in case["checklist"]]
    assert _pass(officials["haidian"], case)["status"] == "approved"
    assert client.get(f"/permits/{permit_no}").json()["residence"]["address"] == "北京市朝阳区望京街10号"


def test_r_d03_dependents_change_children_need_the_spouse(held, clock, officials):
    client, _, permit_no, _ = held
    from ops.demo import id_number

    child = {"name": "张小明", "id_number": id_number(dt.date(2018, 3, 1)), "school_level": "primary"}
    body = {
        "type": "dependents_change",
        "permit_no": permit_no,
        "dependents": {"marital_status": "married", "spouse": None, "children": [child]},
    }
    case = _file(client, body)
    assert "R-D03" in [e["rule"] for e in _submit(client, case["id"], 422)["errors"]]
    spouse = {
        "name": "李丽",
        "id_number": id_number(dt.date(1991, 2, 2), "F"),
        "beijing_employment_contract": True,
    }
    client.patch(f"/applications/{case['id']}", {"dependents": {**body["dependents"], "spouse": spouse}})
    submitted = _submit(client, case["id"])
    codes = [i["code"] for i in submitted["checklist"]]
    assert {"DEP-02", "DEP-03", "DEP-04", "DEP-05"} <= set(codes) and "DEP-06" not in codes
    _pass(officials["haidian"], submitted)
    assert officials["haidian"].get(f"/permits/{permit_no}").json()["dependents"]["spouse"]["name"] == "李丽"


def test_r_g01_a_name_change_takes_effect_in_verification(held, clock, officials, api):
    client, _, permit_no, _ = held
    case = _file(client, {"type": "general_change", "permit_no": permit_no, "changes": {"name": "张维"}})
    submitted = _submit(client, case["id"])
    assert "GEN-05" in [i["code"] for i in submitted["checklist"]]
    _pass(officials["haidian"], submitted)
    assert api.get("/verify", permit_no=permit_no, name="张维").json()["result"] == "valid"
    assert api.get("/verify", permit_no=permit_no, name="张伟").status_code == 404


def test_r_g01_a_bad_new_id_number_is_refused(held):
    client, _, permit_no, _ = held
    case = _file(
        client,
        {"type": "general_change", "permit_no": permit_no, "changes": {"id_number": "110105199001010000"}},
    )
    assert "R-G01" in [e["rule"] for e in _submit(client, case["id"], 422)["errors"]]


def _general_change(client, permit_no):
    body = {"type": "general_change", "permit_no": permit_no, "changes": {"hukou": "北京市海淀区"}}
    return _file(client, body)


def test_r_g01_a_frozen_permit_takes_a_general_change_only_once_unfrozen(held, clock, officials):
    client, _, permit_no, _ = held
    # as if the unit had not filed the permit's inspection of 2027: it reads frozen from 2 May (R-I03)
    PersonInspection.objects.filter(permit__permit_no=permit_no, year=2027).delete()
    clock("2027-05-02")
    case = _general_change(client, permit_no)
    refused = _submit(client, case["id"], 422)["errors"]
    assert [e["rule"] for e in refused] == ["R-G01"] and "R-I05" in refused[0]["message_en"]
    unfrozen = officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": "单位书面申请"})
    assert unfrozen.json()["status"] == "valid"
    assert _pass(officials["haidian"], _submit(client, case["id"]))["status"] == "approved"


def test_r_g01_judged_again_at_the_decision_on_the_last_valid_day_and_the_day_after(held, clock, officials):
    client, _, permit_no, _ = held
    clock("2029-06-15")  # the expiry date: valid up to and including it (R-V01)
    on_time = _submit(client, _general_change(client, permit_no)["id"])
    assert _pass(officials["haidian"], on_time)["status"] == "approved"
    late = _submit(client, _file(client, {"type": "general_change", "permit_no": permit_no,
                                          "changes": {"name": "张维"}})["id"])
    clock("2029-06-16")  # expired before the district decided
    codes = [i["code"] for i in late["checklist"] if i["required"]]
    refused = officials["haidian"].post(
        f"/applications/{late['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    errors = refused.json()["errors"]
    assert refused.status_code == 422 and [e["rule"] for e in errors] == ["R-G01"]
    assert "R-R01" in errors[0]["message_en"]
    assert client.get(f"/applications/{late['id']}").json()["status"] == "submitted"


# replacement (证件补办) ---------------------------------------------------------------------------


def test_r_x01_replacement_collection_supersedes_the_old_card(held, clock, officials, api):
    client, _, permit_no, _ = held
    bad = _file(client, {"type": "replacement", "permit_no": permit_no, "reason": "other"})
    assert [e["rule"] for e in _submit(client, bad["id"], 422)["errors"]] == ["R-X01"]
    client.patch(f"/applications/{bad['id']}", {"reason": "lost"})
    case = _pass(officials["haidian"], _submit(client, bad["id"]))
    assert case["status"] == "district_passed"
    officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert api.get("/verify", permit_no=permit_no, name="张伟", card_version=1).json()["result"] == "valid"
    collected = officials["haidian"].post(
        f"/applications/{case['id']}/collection", {"collected_by": "operator"}
    )
    assert collected.json()["status"] == "collected"
    assert client.get(f"/permits/{permit_no}").json()["card_version"] == 2
    assert (
        api.get("/verify", permit_no=permit_no, name="张伟", card_version=1).json()["result"] == "superseded"
    )
    assert api.get("/verify", permit_no=permit_no, name="张伟", card_version=2).json()["result"] == "valid"


# unit information change (单位信息变更) ------------------------------------------------------------


def test_r_ui01_a_district_change_moves_the_unit_its_cases_and_permits(held, officials):
    client, unit_id, permit_no, _ = held
    case = _file(
        client, {"type": "unit_info_change", "changes": {"district": "chaoyang", "address": "朝阳区1号"}}
    )
    submitted = _submit(client, case["id"])
    assert {"UIC-02", "UIC-03"} <= {i["code"] for i in submitted["checklist"]}
    _pass(officials["haidian"], submitted)
    assert officials["chaoyang"].get(f"/units/{unit_id}").json()["district"] == "chaoyang"
    assert officials["chaoyang"].get(f"/permits/{permit_no}").status_code == 200
    assert officials["chaoyang"].get(f"/applications/{case['id']}").status_code == 200
    assert officials["haidian"].get(f"/permits/{permit_no}").status_code == 404
    assert officials["haidian"].get(f"/units/{unit_id}").status_code == 404
    assert officials["haidian"].get(f"/applications/{case['id']}").status_code == 404
    # every case of the unit moved with it (cases.districts), in one audited step
    cases = Case.objects.filter(unit_id=unit_id)
    assert set(cases.values_list("district_id", flat=True)) == {"chaoyang"}
    moved = AuditEvent.objects.get(action="unit.cases_moved", object_id=str(unit_id))
    assert moved.before == {"district": ["haidian"]}
    assert moved.after == {"district": "chaoyang", "cases": cases.count(), "case": case["number"]}


# restrictions (R-U06, R-U07) and isolation ---------------------------------------------------------


def test_r_u06_a_suspended_unit_may_renew_but_not_file_new(held, clock, file_new_case):
    client, unit_id, permit_no, _ = held
    Penalty.objects.create(
        kind=PenaltyKind.UNIT_NEGLIGENT_REVIEW,
        unit_id=unit_id,
        starts_on=ISSUED,
        ends_on=dt.date(2028, 6, 14),
        note="未尽审核义务",
    )
    draft = file_new_case(client, until="draft")
    from ops.demo import photo

    client.upload(f"/applications/{draft['id']}/photo", "p.jpg", photo())
    assert "R-U06" in [e["rule"] for e in _submit(client, draft["id"], 422)["errors"]]
    clock("2029-06-01")
    _submit(client, _file(client, _renewal(permit_no, dt.date(2029, 6, 1)))["id"])


def test_r_u07_a_disqualified_unit_may_only_cancel(held, clock):
    client, unit_id, permit_no, _ = held
    Penalty.objects.create(
        kind=PenaltyKind.UNIT_FALSE_DECLARATION, unit_id=unit_id, starts_on=ISSUED, note="虚假申报"
    )
    replacement = _file(client, {"type": "replacement", "permit_no": permit_no, "reason": "lost"})
    assert "R-U07" in [e["rule"] for e in _submit(client, replacement["id"], 422)["errors"]]
    client.post(f"/applications/{replacement['id']}/withdraw")
    cancellation = _file(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-15"})
    assert _submit(client, cancellation["id"])["status"] == "approved"


@pytest.mark.parametrize(
    "case_type",
    ["renewal", "address_change", "dependents_change", "general_change", "replacement", "cancellation"],
)
def test_another_units_permit_is_404_for_every_permit_type(held, make_unit, case_type):
    permit_no = held.permit_no
    stranger, _ = make_unit("haidian")
    response = stranger.post("/applications", {"type": case_type, "permit_no": permit_no})
    assert response.status_code in (400, 404)
    body = {
        "renewal": {},
        "address_change": {},
        "dependents_change": {},
        "general_change": {"changes": {"name": "X"}},
        "replacement": {"reason": "lost"},
        "cancellation": {"left_on": "2026-06-15"},
    }[case_type]
    assert (
        stranger.post("/applications", {"type": case_type, "permit_no": permit_no, **body}).status_code == 404
    )


def test_a_change_of_a_cancelled_permit_is_409(held, clock):
    client, _, permit_no, _ = held
    clock("2026-07-01")
    case = _file(
        client,
        {
            "type": "address_change",
            "permit_no": permit_no,
            "residence": {"address": "x", "district": "haidian", "housing_type": "owned"},
        },
    )
    _submit(
        client, _file(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-30"})["id"]
    )
    assert client.post(f"/applications/{case['id']}/submit").status_code == 409


def _bodies(permit_no, today):
    residence = {"address": "北京市海淀区学院路1号", "district": "haidian", "housing_type": "owned"}
    return {
        "renewal": _renewal(permit_no, today),
        "replacement": {"type": "replacement", "permit_no": permit_no, "reason": "damaged"},
        "address_change": {"type": "address_change", "permit_no": permit_no, "residence": residence},
        "dependents_change": {
            "type": "dependents_change",
            "permit_no": permit_no,
            "dependents": {"marital_status": "single", "children": []},
        },
        "general_change": {
            "type": "general_change",
            "permit_no": permit_no,
            "changes": {"hukou": "北京市海淀区"},
        },
        "unit_info_change": {"type": "unit_info_change", "changes": {"legal_representative": "赵新"}},
    }


@pytest.mark.parametrize(
    ("case_type", "after_review"),
    [
        ("renewal", "district_passed"),
        ("replacement", "district_passed"),
        ("address_change", "approved"),
        ("dependents_change", "approved"),
        ("general_change", "approved"),
        ("unit_info_change", "approved"),
    ],
)
def test_r_w01_r_w03_each_type_goes_to_its_units_district_and_then_where_its_route_says(
    held, make_unit, clock, officials, case_type, after_review
):
    client, _, permit_no, _ = held
    clock("2029-06-01")
    case = _submit(client, _file(client, _bodies(permit_no, dt.date(2029, 6, 1))[case_type])["id"])
    stranger, _ = make_unit("haidian")
    assert stranger.get(f"/applications/{case['id']}").status_code == 404
    assert officials["chaoyang"].get(f"/applications/{case['id']}").status_code == 404
    assert (
        officials["chaoyang"].post(f"/applications/{case['id']}/review", {"decision": "pass"}).status_code
        == 404
    )
    assert _pass(officials["haidian"], case)["status"] == after_review


def test_r_w04_only_new_and_replacement_are_collected_at_the_window(held, clock, officials):
    client, _, permit_no, _ = held
    case = _pass(
        officials["haidian"],
        _submit(client, _file(client, _bodies(permit_no, ISSUED)["address_change"])["id"]),
    )
    assert case["status"] == "approved"
    response = officials["haidian"].post(f"/applications/{case['id']}/collection", {"collected_by": "holder"})
    assert response.status_code == 409
