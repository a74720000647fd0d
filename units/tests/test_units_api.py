"""Units over HTTP: registration (R-U01, R-U02, R-P09), window verification (R-U03, R-W02),
unfreezing (R-I04) and the branch cap (R-U04)."""

import datetime as dt

import pytest

from ops.demo import new_application, photo, registration
from units.models import Unit, UnitStatus

pytestmark = pytest.mark.django_db


def test_registration_creates_a_pending_unit_and_its_operator(api):
    response = api.post("/units/register", registration("hr_one"))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending" and body["district"] == "haidian"
    assert body["permit_cap"] is None and body["restrictions"] == []
    assert (
        api.as_user("hr_one", "Unit-pass-2026").get(f"/units/{body['id']}").json()["name"]
        == "北京示例科技有限公司"
    )


def test_r_u01_only_the_five_entity_types_may_register(api):
    response = api.post("/units/register", {**registration("hr_two"), "entity_type": "individual_business"})
    assert response.status_code == 422
    assert [e["rule"] for e in response.json()["errors"]] == ["R-U01"]


def test_r_u02_bad_check_character_and_duplicate_code(api):
    body = registration("hr_three")
    wrong = body["uscc"][:17] + ("0" if body["uscc"][17] != "0" else "1")
    response = api.post("/units/register", {**body, "uscc": wrong})
    assert response.status_code == 422 and response.json()["errors"][0]["rule"] == "R-U02"
    assert api.post("/units/register", body).status_code == 201
    again = api.post("/units/register", {**registration("hr_four"), "uscc": body["uscc"]})
    assert again.status_code == 409 and again.json()["errors"][0]["rule"] == "R-U02"
    taken = api.post("/units/register", {**registration("hr_three")})
    assert taken.status_code == 409


def test_r_p09_operator_id_number_is_checked(api):
    body = registration("hr_five")
    body["operator"]["id_number"] = "110105198803010001"
    response = api.post("/units/register", body)
    assert response.status_code == 422
    assert {e["rule"] for e in response.json()["errors"]} == {"R-P09"}


def test_r_p09_an_operator_id_number_ending_in_a_small_x_is_the_same_number(api):
    from ops.demo import make_id_number

    numbers = (make_id_number(dt.date(1980, 1, 2), "M", "110105", seq=n) for n in range(500))
    number = next(n for n in numbers if n.endswith("X"))  # about one number in eleven
    body = registration("hr_small_x")
    body["operator"]["id_number"] = number.lower()
    response = api.post("/units/register", body)
    assert response.status_code == 201, response.content
    assert Unit.objects.get().operator_id_number == number


def test_an_unknown_district_is_400_naming_the_field(api):
    response = api.post("/units/register", {**registration("hr_nowhere"), "district": "xuanwu"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "district"
    assert not Unit.objects.exists()


def test_registration_lists_every_problem_at_once(api):
    body = {**registration("hr_six"), "entity_type": "shop", "uscc": "123"}
    body["operator"]["id_number"] = "12345"
    response = api.post("/units/register", body)
    assert {e["rule"] for e in response.json()["errors"]} == {"R-U01", "R-U02", "R-P09"}
    assert not Unit.objects.exists()


def test_malformed_registration_is_400(api):
    assert api.post("/units/register", {"name": "x"}).status_code == 400
    assert (
        api.post("/units/register", {**registration("hr_seven"), "employee_count": "many"}).status_code == 400
    )


@pytest.mark.parametrize("phone", ["12345", "abc", "1380013800", "138001380001", "010-8440", "12345678"])
def test_an_operator_phone_that_is_no_telephone_number_is_400_naming_the_field(api, phone):
    body = registration("hr_phone")
    body["operator"]["phone"] = phone
    response = api.post("/units/register", body)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "operator.phone" and "电话号码格式不正确" in error["message"]
    assert not Unit.objects.exists()


@pytest.mark.parametrize(("phone", "kept"), [
    ("13800138000", "13800138000"), ("138 0013 8000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("+8613800138000", "+8613800138000"), ("010-84409410", "010-84409410"), ("84409410", "84409410"),
    ("62624515转21", "62624515转21"),
])
def test_a_mobile_or_landline_operator_phone_registers(api, phone, kept):
    body = registration("hr_phone")
    body["operator"]["phone"] = phone
    assert api.post("/units/register", body).status_code == 201
    assert Unit.objects.get().operator_phone == kept


@pytest.mark.parametrize(("count", "status"), [(0, 400), (1, 201)])
def test_planned_permit_count_is_at_least_one(api, count, status):
    response = api.post("/units/register", {**registration("hr_count"), "planned_permit_count": count})
    assert response.status_code == status, response.content
    if status == 400:
        assert [e["field"] for e in response.json()["errors"]] == ["planned_permit_count"]


def test_r_u03_verification_needs_every_reg_item_r_w02(api, officials):
    unit_id = api.post("/units/register", registration("hr_eight")).json()["id"]
    partial = officials["haidian"].post(
        f"/units/{unit_id}/verification", {"decision": "approve", "materials_received": ["REG-01"]}
    )
    assert partial.status_code == 422
    assert (
        partial.json()["errors"][0]["rule"] == "R-W02" and "REG-02" in partial.json()["errors"][0]["message"]
    )
    done = officials["haidian"].post(
        f"/units/{unit_id}/verification",
        {"decision": "approve", "materials_received": ["REG-01", "REG-02", "REG-03"]},
    )
    assert done.json()["status"] == "active"
    again = officials["haidian"].post(
        f"/units/{unit_id}/verification",
        {"decision": "approve", "materials_received": ["REG-01", "REG-02", "REG-03"]},
    )
    assert again.status_code == 409


def test_verification_rejection_needs_a_reason(api, officials):
    unit_id = api.post("/units/register", registration("hr_nine")).json()["id"]
    reviewer = officials["haidian"]
    assert reviewer.post(f"/units/{unit_id}/verification", {"decision": "reject"}).status_code == 422
    rejected = reviewer.post(f"/units/{unit_id}/verification", {"decision": "reject", "note": "营业执照过期"})
    assert rejected.json()["status"] == "rejected"


def test_r_u03_a_pending_unit_cannot_submit(make_unit, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian", active=False)
    case = client.post("/applications", {"type": "new", **new_application(dt.date(2026, 6, 15))}).json()
    client.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    response = client.post(f"/applications/{case['id']}/submit")
    assert response.status_code == 422 and [e["rule"] for e in response.json()["errors"]] == ["R-U03"]


def test_r_i04_unfreeze_only_a_frozen_unit(make_unit, officials):
    _, unit_id = make_unit("haidian")
    assert officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": ""}).status_code == 409
    Unit.objects.filter(pk=unit_id).update(status=UnitStatus.FROZEN)
    response = officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": "已出示营业执照"})
    assert response.status_code == 200 and response.json()["status"] == "active"


def test_r_u04_branch_cap_shown_and_raised_by_the_city(make_unit, officials):
    _, unit_id = make_unit("haidian", entity_type="branch")
    assert officials["haidian"].get(f"/units/{unit_id}").json()["permit_cap"] == 5
    assert (
        officials["haidian"].post(f"/units/{unit_id}/cap", {"permit_cap": 8, "note": "x"}).status_code == 403
    )
    raised = officials["city"].post(f"/units/{unit_id}/cap", {"permit_cap": 8, "note": "重点外资机构"})
    assert raised.json()["permit_cap"] == 8
    assert officials["city"].post(f"/units/{unit_id}/cap", {"permit_cap": 8}).status_code == 400


def test_the_operators_email_is_optional_validated_and_stored(api):
    from accounts.models import User

    body = registration("hr_mail")
    body["operator"]["email"] = "Li.HR@Example.com"
    assert api.post("/units/register", body).status_code == 201
    assert User.objects.get(username="hr_mail").email == "Li.HR@example.com"
    assert api.post("/units/register", registration("hr_nomail")).status_code == 201
    assert User.objects.get(username="hr_nomail").email == ""
    bad = registration("hr_badmail")
    bad["operator"]["email"] = "li.hr@"
    response = api.post("/units/register", bad)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["operator.email"]
    assert not User.objects.filter(username="hr_badmail").exists()
    assert not Unit.objects.filter(uscc=bad["uscc"]).exists()
