"""Strict types at the JSON boundary (issue 10, defect 7; core.strict): a body field declared boolean,
integer or date takes only that JSON type — `enabled: 0` is a 400 naming `enabled`, not "off" —
while dates written as JSON strings still work and query parameters, strings on the wire, stay lax."""

import datetime as dt

import pytest

from ops.demo import new_application, registration

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def refused_fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [e.get("field") for e in response.json()["errors"]]


@pytest.mark.parametrize("enabled", [0, 1, "true", "yes", "off", None])
def test_a_preference_is_turned_off_only_by_false(make_unit, enabled):
    client, _ = make_unit("haidian")
    response = client.client.put(
        "/api/v1/notices/preferences", {"kind": "renewal_window_open", "enabled": enabled},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {client.token}")
    assert refused_fields(response) == ["enabled"]
    kinds = {i["kind"]: i["enabled"] for i in client.get("/notices/preferences").json()["items"]}
    assert kinds["renewal_window_open"] is True  # unchanged


def test_false_turns_a_preference_off(make_unit):
    client, _ = make_unit("haidian")
    response = client.client.put(
        "/api/v1/notices/preferences", {"kind": "renewal_window_open", "enabled": False},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {client.token}")
    assert response.status_code == 200
    assert {i["kind"]: i["enabled"] for i in response.json()["items"]}["renewal_window_open"] is False


@pytest.mark.parametrize(("field", "value"), [
    ("employee_count", "120"),  # an integer written as text
    ("employee_count", 120.5),
    ("last_year_tax_cny", True),
    ("high_tech", 1),
    ("high_tech", "true"),
    ("name", 12345),  # a string field takes no number
    ("registered_capital_cny", "10000000"),
])
def test_registration_refuses_look_alike_types(api, field, value):
    body = registration("strict_unit")
    body[field] = value
    assert refused_fields(api.post("/units/register", body)) == [field]


def test_registration_with_proper_types_is_created(api):
    assert api.post("/units/register", registration("strict_unit")).status_code == 201


def test_a_case_refuses_look_alike_types_by_their_dotted_path(make_unit, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    data = new_application(TODAY)
    data["dependents"] = {"marital_status": "married", "custody_judgment": "false",
                          "spouse": {"name": "李丽", "id_number": "110105199001010023",
                                     "beijing_employment_contract": 1}}
    data["employment"]["started_on"] = 1767225600  # seconds since 1970, not a date
    response = client.post("/applications", {"type": "new", **data})
    assert sorted(refused_fields(response)) == ["dependents.custody_judgment",
                                                 "dependents.spouse.beijing_employment_contract",
                                                 "employment.started_on"]


def test_dates_written_as_json_strings_still_work(make_unit, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    data = new_application(TODAY)
    data["dependents"] = {"marital_status": "single", "custody_judgment": False, "children": []}
    response = client.post("/applications", {"type": "new", **data})
    assert response.status_code == 201, response.content
    assert response.json()["data"]["employment"]["started_on"] == data["employment"]["started_on"]


def test_a_unit_info_change_takes_an_integer_capital_and_a_boolean(make_unit, clock):
    clock(TODAY)
    client, _ = make_unit("haidian")
    bad = client.post("/applications", {"type": "unit_info_change",
                                        "changes": {"registered_capital_cny": "5000000", "high_tech": "no"}})
    assert sorted(refused_fields(bad)) == ["changes.high_tech", "changes.registered_capital_cny"]
    good = client.post("/applications", {"type": "unit_info_change",
                                         "changes": {"registered_capital_cny": 5000000, "high_tech": False}})
    assert good.status_code == 201, good.content


def test_officials_bodies_are_strict_too(officials, make_unit):
    _, unit_id = make_unit("haidian")
    city, reviewer = officials["city"], officials["haidian"]
    cap = city.post(f"/units/{unit_id}/cap", {"permit_cap": "10", "note": "扩编"})
    assert refused_fields(cap) == ["permit_cap"]
    approval = city.post("/applications/1/approval", {"decision": "approve", "confirm_special_talent": "yes"})
    assert refused_fields(approval) == ["confirm_special_talent"]
    penalty = {"kind": "unit_false_declaration", "unit_id": str(unit_id), "note": "虚假申报"}
    assert refused_fields(reviewer.post("/penalties", penalty)) == ["unit_id"]
    assert refused_fields(reviewer.post("/investigations", {"size": 2.0})) == ["size"]
    assert refused_fields(reviewer.post("/permits/BJ20260000001/unfreeze", {"note": 5})) == ["note"]


def test_query_parameters_stay_lax(make_unit):
    client, _ = make_unit("haidian")
    assert client.get("/notices", unread="1").status_code == 200
    assert client.get("/applications", late="true", limit="5").status_code == 200
