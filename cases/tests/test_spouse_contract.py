"""R-D01 (spec 1.1) through the HTTP contract: the spouse's optional `contract_ends_on` (api.md
"Fields by type"), the renewed contract it asks for at the window (NEW-10AR, DEP-04R) on both sides
of the 2-month boundary, and the permit that keeps it."""

import datetime as dt

import pytest

from cases.tests.support import file_case, submit
from core.dates import add_months
from ops.demo import id_number, new_application

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
LAST_DAY = add_months(TODAY, 2) - dt.timedelta(days=1)  # 2026-08-14: less than 2 months left


def _spouse(contract_ends_on=None):
    spouse = {"name": "李娜", "id_number": id_number(dt.date(1992, 1, 1), "F"),
              "beijing_employment_contract": True}
    return spouse if contract_ends_on is None else {**spouse, "contract_ends_on": str(contract_ends_on)}


def _codes(case):
    return [i["code"] for i in case["checklist"]]


def test_r_d01_new_case_lists_new_10ar_for_a_contract_ending_within_2_months(make_unit, clock, officials):
    clock(TODAY)
    client, _ = make_unit("haidian")
    body = {"type": "new", **new_application(TODAY)}
    body["dependents"] = {"marital_status": "married", "spouse": _spouse(LAST_DAY), "children": []}
    case = file_case(client, body)
    assert _codes(case)[_codes(case).index("NEW-10A") + 1] == "NEW-10AR"
    assert case["data"]["dependents"]["spouse"]["contract_ends_on"] == "2026-08-14"
    patched = client.patch(f"/applications/{case['id']}", {"dependents": {
        "marital_status": "married", "spouse": _spouse(add_months(TODAY, 2)), "children": []}}).json()
    assert "NEW-10A" in _codes(patched) and "NEW-10AR" not in _codes(patched)
    patched = client.patch(f"/applications/{case['id']}", {"dependents": {
        "marital_status": "married", "spouse": _spouse(), "children": []}}).json()  # optional
    assert "NEW-10AR" not in _codes(patched)
    assert "contract_ends_on" not in patched["data"]["dependents"]["spouse"]


def test_r_d01_the_renewed_contract_must_be_received_and_the_permit_keeps_the_date(
    make_unit, file_new_case, clock, officials
):
    clock(TODAY)
    client, _ = make_unit("haidian")
    data = new_application(TODAY)
    data["dependents"] = {"marital_status": "married", "spouse": _spouse(LAST_DAY), "children": []}
    case = file_new_case(client, data, until="submitted")
    without = [c for c in _codes(case) if c != "NEW-10AR"]
    refused = officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": without}
    )
    assert refused.status_code == 422 and "NEW-10AR" in refused.json()["errors"][0]["message"]
    passed = officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": _codes(case)}
    )
    assert passed.json()["status"] == "district_passed"
    approved = officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"}).json()
    permit = client.get(f"/permits/{approved['permit_no']}").json()
    assert permit["dependents"]["spouse"]["contract_ends_on"] == "2026-08-14"


def test_r_d01_dependents_change_lists_dep_04r_for_a_contract_ending_within_2_months(
    make_unit, file_new_case, clock
):
    clock(TODAY)
    client, _ = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    body = {"type": "dependents_change", "permit_no": permit_no,
            "dependents": {"marital_status": "married", "spouse": _spouse(LAST_DAY), "children": []}}
    case = file_case(client, body)
    later = {**body["dependents"], "spouse": _spouse(add_months(TODAY, 2))}
    assert "DEP-04R" not in _codes(client.patch(f"/applications/{case['id']}", {"dependents": later}).json())
    codes = _codes(submit(client, client.patch(f"/applications/{case['id']}", body).json()["id"]))
    assert codes[codes.index("DEP-04") + 1] == "DEP-04R"


def test_r_d01_a_malformed_contract_end_is_400(make_unit, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    body = {"type": "new", **new_application(TODAY)}
    body["dependents"] = {"marital_status": "married", "spouse": _spouse("2026-02-30"), "children": []}
    response = client.post("/applications", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "dependents.spouse.contract_ends_on"
