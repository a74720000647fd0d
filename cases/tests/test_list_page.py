"""A page of GET /applications is the cases as each one reads alone (decision 6: without `eligibility`,
ID and phone numbers masked), however varied the page — types, statuses, a permit and its holder, a
permit held elsewhere, history, uploaded copies, materials asked for — read in the same number of
queries for 2 cases as for all of them (cases.presenters.case_summaries, issue 14)."""

import copy
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actor import Actor
from accounts.models import User
from cases.tests.support import employer_change, file_case
from core.crypto import mask_id, mask_phone
from documents.tests.pdf_support import scan_pdf
from documents.uploads import document_upload
from ops.demo import id_number, new_application

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _masked(data):
    """R-S02 as a list shows `data`: every ID number masked, and the applicant's phone."""
    out = copy.deepcopy(data)
    if "person" in out:
        person = out["person"]
        person.update(id_number=mask_id(person["id_number"]), phone=mask_phone(person["phone"]))
    deps = out.get("dependents") or {}
    for person in [deps.get("spouse") or {}, *deps.get("children", [])]:
        if person:
            person["id_number"] = mask_id(person["id_number"])
    return out


def _upload(unit_id: int, case_id: int, item_code: str, filename: str) -> None:
    operator = User.objects.get(unit_id=unit_id)
    document_upload(Actor(user=operator, role=operator.role), case_id, item_code=item_code, filename=filename,
                    content=scan_pdf())


@pytest.fixture
def page(make_unit, file_new_case, officials, clock):
    """Haidian's unit with an approved `new` case (its permit), a dependents change on that permit, a
    draft with two copies uploaded, a case asked for more materials; Chaoyang's unit with an employer
    change of the same permit (held elsewhere): (haidian client, chaoyang client, the cases' ids)."""
    clock(TODAY)
    haidian, haidian_id = make_unit("haidian")
    chaoyang, _ = make_unit("chaoyang")
    issued = file_new_case(haidian, until="approved")
    permit_no = issued["permit_no"]
    change = file_case(haidian, {"type": "dependents_change", "permit_no": permit_no,
                                 "dependents": new_application(TODAY)["dependents"]})
    family = new_application(TODAY)
    family["dependents"] = {
        "marital_status": "married", "custody_judgment": False,
        "spouse": {"name": "李丽", "id_number": id_number(dt.date(1991, 2, 2), "F"),
                   "beijing_employment_contract": True},
        "children": [{"name": "张小", "id_number": id_number(dt.date(2015, 3, 3)),
                      "school_level": "primary"}],
    }
    draft = file_new_case(haidian, family, until="draft")
    _upload(haidian_id, draft["id"], "NEW-07", "学位证书.pdf")
    _upload(haidian_id, draft["id"], "NEW-03", "身份证.pdf")
    asked = file_new_case(haidian, until="submitted")
    codes = [i["code"] for i in asked["checklist"]]
    reviewed = officials["haidian"].post(
        f"/applications/{asked['id']}/review", {"decision": "request_supplement", "missing": codes[:2]}
    )
    assert reviewed.status_code == 200, reviewed.content
    moving = file_case(chaoyang, employer_change(permit_no, TODAY - dt.timedelta(days=3), TODAY))
    return haidian, chaoyang, [issued["id"], change["id"], draft["id"], asked["id"], moving["id"]]


def _queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/applications", **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()["items"]


def test_each_listed_case_is_the_case_as_read_alone(page, officials):
    haidian, chaoyang, ids = page
    for reader in (haidian, chaoyang, officials["haidian"], officials["city"]):
        _, items = _queries(reader, limit=50)
        assert items, "every reader sees some of the cases"
        for item in items:
            alone = reader.get(f"/applications/{item['id']}").json()
            eligibility = alone.pop("eligibility")
            assert "eligibility" not in item and "eligible" in eligibility
            assert item == {**alone, "data": _masked(alone["data"])}
    listed = {item["id"]: item for item in _queries(officials["city"], limit=50)[1]}
    assert set(ids) <= set(listed)
    issued, change, draft, asked, moving = (listed[i] for i in ids)
    assert [e["to_status"] for e in issued["history"]] == [
        "draft", "draft", "submitted", "district_passed", "approved"
    ]
    assert [(d["item_code"], d["original_name"]) for d in draft["documents"]] == [
        ("NEW-03", "身份证.pdf"), ("NEW-07", "学位证书.pdf")
    ]
    assert issued["documents"] == [] and len(asked["materials_missing"]) == 2
    assert "*" in draft["data"]["dependents"]["spouse"]["id_number"]
    assert "*" in draft["data"]["dependents"]["children"][0]["id_number"]
    assert change["permit_no"] == moving["permit_no"] == issued["permit_no"]
    mine = {item["id"]: item for item in _queries(chaoyang, limit=50)[1]}
    assert mine[moving["id"]]["applicant_name"] != moving["applicant_name"]  # masked: held elsewhere
    assert "*" in mine[moving["id"]]["applicant_name"]


def test_a_page_costs_the_same_queries_for_2_cases_as_for_all(page, officials):
    haidian, chaoyang, ids = page
    for reader in (haidian, officials["city"]):
        small, two = _queries(reader, limit=2)
        large, every = _queries(reader, limit=50)
        assert len(two) == 2 and len(every) > 2
        assert small == large
