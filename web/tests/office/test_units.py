"""Unit verification (R-U03 with the REG checklist), frozen units and permits and their unfreezing
(R-I04, R-I05) on the workbench."""

import pytest
from django.utils import timezone

from core.crypto import mask_id
from inspections.models import PersonInspection, UnitInspection
from ops.demo import registration
from permits.models import Permit
from units.models import Unit
from verification.tests.factories import stamp_frozen
from web.tests.summary import error_summary

pytestmark = pytest.mark.django_db
REG = ["REG-01", "REG-02", "REG-03"]


def test_r_u03_pending_units_of_the_district_are_listed_oldest_first(office, make_unit):
    _, first = make_unit("haidian", active=False)
    _, second = make_unit("haidian", active=False)
    _, elsewhere = make_unit("chaoyang", active=False)
    html = office["haidian"].get("/office/units/").content.decode()
    assert html.index(f"/office/units/{first}/") < html.index(f"/office/units/{second}/")
    assert f"/office/units/{elsewhere}/" not in html


def test_r_u03_verification_with_every_reg_item_activates_the_unit(office, make_unit):
    _, unit_id = make_unit("haidian", active=False)
    html = office["haidian"].get(f"/office/units/{unit_id}/").content.decode()
    for code in REG:
        assert f'name="materials_received" value="{code}"' in html
    response = office["haidian"].post(
        f"/office/units/{unit_id}/verify", {"decision": "approve", "materials_received": REG}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit_id).status == "active"
    assert (
        "核验通过"
        not in office["haidian"].get(f"/office/units/{unit_id}/").content.decode().split("</dl>")[1]
    )  # no more decision once active


def test_r_w02_verification_with_an_item_missing_is_refused_beside_the_checklist(office, make_unit):
    _, unit_id = make_unit("haidian", active=False)
    response = office["haidian"].post(
        f"/office/units/{unit_id}/verify", {"decision": "approve", "materials_received": REG[:2]}
    )
    assert response.status_code == 422
    error = response.content.decode().split('id="checklist-error"')[1].split("</div>")[0]
    assert "R-W02" in error and "REG-03" in error
    assert Unit.objects.get(pk=unit_id).status == "pending"


def test_r_w07_rejecting_a_registration_needs_a_reason(office, make_unit):
    _, unit_id = make_unit("haidian", active=False)
    response = office["haidian"].post(f"/office/units/{unit_id}/verify", {"decision": "reject"})
    assert response.status_code == 422
    assert "R-W07" in response.content.decode().split('id="verify-note-error"')[1].split("</div>")[0]
    done = office["haidian"].post(
        f"/office/units/{unit_id}/verify", {"decision": "reject", "note": "材料不全"}
    )
    assert done.status_code == 302 and Unit.objects.get(pk=unit_id).status == "rejected"


def test_unit_pages_are_isolated_by_district_and_refused_to_units(office, make_unit, unit_web):
    _, unit_id = make_unit("haidian", active=False)
    assert office["chaoyang"].get(f"/office/units/{unit_id}/").status_code == 404
    assert (
        office["chaoyang"]
        .post(f"/office/units/{unit_id}/verify", {"decision": "approve", "materials_received": REG})
        .status_code
        == 404
    )
    assert office["city"].get("/office/units/").status_code == 403  # the district's job
    web, _, _ = unit_web()
    assert web.get(f"/office/units/{unit_id}/").status_code == 403


def test_r_s02_unit_page_masks_the_operators_id_number(office, api, officials):
    body = registration("masked_unit")
    unit_id = api.post("/units/register", body).json()["id"]
    html = office["haidian"].get(f"/office/units/{unit_id}/").content.decode()
    number = body["operator"]["id_number"]
    assert number not in html and number[:6] in html and number[-4:] in html


def test_r_i04_district_unfreezes_a_frozen_unit(office, make_unit, clock):
    _, unit_id = make_unit("haidian")
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    listed = office["haidian"].get("/office/frozen-units/").content.decode()
    assert f"/office/units/{unit_id}/" in listed
    assert "解除冻结" in office["haidian"].get(f"/office/units/{unit_id}/").content.decode()
    response = office["haidian"].post(f"/office/units/{unit_id}/unfreeze", {"note": "已出示营业执照"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit_id).status == "active"
    assert UnitInspection.objects.filter(unit_id=unit_id, year=2026).exists()
    again = office["haidian"].post(f"/office/units/{unit_id}/unfreeze", {})
    assert again.status_code == 409 and "当前状态不允许这个操作" in again.content.decode()


def test_r_i05_district_unfreezes_a_frozen_permit(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client)
    stamp_frozen(case["permit_no"], timezone.now())  # the 2 May job
    assert case["permit_no"] not in office["chaoyang"].get("/office/frozen-permits/").content.decode()
    html = office["haidian"].get("/office/frozen-permits/").content.decode()
    holder_id = Permit.objects.get(permit_no=case["permit_no"]).holder.id_number
    assert case["permit_no"] in html and mask_id(holder_id) in html and holder_id not in html
    url = f"/office/frozen-permits/{case['permit_no']}/unfreeze"
    assert office["chaoyang"].post(url, {}).status_code == 404
    response = office["haidian"].post(url, {"note": "单位书面申请"})
    assert response.status_code == 302
    assert Permit.objects.get(permit_no=case["permit_no"]).frozen_at is None
    assert PersonInspection.objects.filter(permit__permit_no=case["permit_no"]).exists()
    refused = office["haidian"].post(url, {})
    assert refused.status_code == 409
    top = error_summary(refused.content.decode())  # the permit left the list: the refusal on top
    assert top.title == f"证件 {case['permit_no']} 未能解冻" and [i.target for i in top.items] == [""]
