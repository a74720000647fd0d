"""Penalties imposed and lifted by officials (R-B01…R-B05), through the HTTP contract."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from cases.tests.support import draft_new, refused_rules
from core.crypto import mask_id
from core.tests.support import inspect_every_year
from ops.demo import id_number
from penalties.models import Penalty, PenaltyKind, PenaltyNotDeletable

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(clock):
    clock("2026-06-15")
    return dt.date(2026, 6, 15)


def test_r_b01_a_disqualified_person_cannot_be_submitted_by_any_unit(make_unit, impose, today):
    # given a person disqualified for false materials
    number = id_number(dt.date(1990, 5, 17))
    response = impose({"kind": "person_false_materials", "id_number": number, "note": "学历证书伪造"})
    assert response.status_code == 201, response.content
    penalty = response.json()
    assert penalty["id_number"] == mask_id(number) != number
    assert penalty["unit_id"] is None and penalty["ends_on"] is None
    # when units of two districts submit a new case for that person, then R-P07 refuses both
    for district in ("haidian", "chaoyang"):
        client, _ = make_unit(district)
        case = draft_new(client, number)
        assert "R-P07" in refused_rules(client.post(f"/applications/{case['id']}/submit"))
        assert client.post(f"/applications/{case['id']}/withdraw").status_code == 200
    # and another person is not affected
    client, _ = make_unit("haidian")
    case = draft_new(client)
    assert client.post(f"/applications/{case['id']}/submit").status_code == 200


def test_r_b01_a_person_penalty_needs_a_valid_id_number_and_no_unit(make_unit, impose, today):
    _, unit_id = make_unit("haidian")
    good = id_number(dt.date(1990, 5, 17))
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert refused_rules(impose({"kind": "person_false_materials", "id_number": bad})) == {"R-B01"}
    assert refused_rules(impose({"kind": "person_false_materials"})) == {"R-B01"}
    wrong = impose({"kind": "person_false_materials", "id_number": good, "unit_id": unit_id})
    assert [e["field"] for e in wrong.json()["errors"]] == ["unit_id"]
    assert Penalty.objects.count() == 0


def test_r_b01_a_person_penalty_takes_the_id_number_as_typed_in_full_width(make_unit, impose, today):
    """The ID number typed in full width with spaces is the same person's (core.crypto.normalise_id):
    the penalty is imposed, and it refuses that person's submission as R-P07."""
    number = id_number(dt.date(1990, 5, 17))
    typed = " " + number.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}) + " "
    response = impose({"kind": "person_false_materials", "id_number": typed, "note": "学历证书伪造"})
    assert response.status_code == 201, response.content
    assert Penalty.objects.get().id_number == number
    client, _ = make_unit("haidian")
    case = draft_new(client, number)
    assert "R-P07" in refused_rules(client.post(f"/applications/{case['id']}/submit"))


def test_r_b02_suspension_is_in_force_on_its_last_day_and_not_the_next(make_unit, impose, clock, today, api):
    client, unit_id = make_unit("haidian")
    response = impose({"kind": "unit_negligent_review", "unit_id": unit_id}, by="haidian")
    assert response.status_code == 201, response.content
    assert response.json()["starts_on"] == "2026-06-15" and response.json()["ends_on"] == "2028-06-14"
    inspect_every_year(client, clock, range(2027, 2029), [])  # else frozen from 2 May 2027 (R-I02)
    clock("2028-06-14")
    unit = client.get(f"/units/{unit_id}").json()
    assert unit["new_applications_blocked"] is True and not unit["disqualified"]
    assert [r["kind"] for r in unit["restrictions"]] == ["unit_negligent_review"]
    assert "R-U06" in refused_rules(client.post(f"/applications/{draft_new(client)['id']}/submit"))
    clock("2028-06-15")
    unit = client.get(f"/units/{unit_id}").json()
    assert unit["new_applications_blocked"] is False and unit["restrictions"] == []


def test_r_b02_r_b04_unit_kinds_need_a_unit_and_no_id_number(impose, today):
    for kind, rule in (("unit_negligent_review", "R-B02"), ("unit_false_declaration", "R-B03"),
                       ("unit_review_failure", "R-B04")):
        assert refused_rules(impose({"kind": kind})) == {rule}
        with_id = impose({"kind": kind, "unit_id": None, "id_number": id_number(dt.date(1990, 1, 1))})
        assert {e["field"] for e in with_id.json()["errors"]} == {"unit_id", "id_number"}


def test_r_b03_a_disqualified_unit_may_only_cancel(make_unit, file_new_case, impose, today):
    client, unit_id = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    assert impose({"kind": "unit_false_declaration", "unit_id": unit_id}).status_code == 201
    unit = client.get(f"/units/{unit_id}").json()
    assert unit["disqualified"] is True and unit["new_applications_blocked"] is False
    # a new case and a change are refused by R-U07
    assert "R-U07" in refused_rules(client.post(f"/applications/{draft_new(client)['id']}/submit"))
    change = client.post("/applications", {
        "type": "address_change", "permit_no": permit_no,
        "residence": {"address": "北京市海淀区学院路1号", "district": "haidian", "housing_type": "owned"},
    })
    assert change.status_code == 201, change.content
    assert "R-U07" in refused_rules(client.post(f"/applications/{change.json()['id']}/submit"))
    # a cancellation goes through
    cancel = client.post("/applications", {"type": "cancellation", "permit_no": permit_no,
                                           "left_on": "2026-06-14"})
    assert cancel.status_code == 201, cancel.content
    assert client.post(f"/applications/{cancel.json()['id']}/submit").status_code == 200


def test_r_b04_review_failure_suspends_until_lifted(make_unit, impose, officials, clock, today):
    client, unit_id = make_unit("chaoyang")
    penalty = impose({"kind": "unit_review_failure", "unit_id": unit_id}, by="chaoyang").json()
    assert penalty["ends_on"] is None
    clock("2030-01-01")
    assert client.get(f"/units/{unit_id}").json()["new_applications_blocked"] is True
    assert officials["city"].post(f"/penalties/{penalty['id']}/lift", {"note": "已整改"}).status_code == 200
    assert client.get(f"/units/{unit_id}").json()["new_applications_blocked"] is False


def test_r_b05_a_note_is_required_to_impose(make_unit, impose, today):
    _, unit_id = make_unit("haidian")
    for note in ("", "   "):
        response = impose({"kind": "unit_review_failure", "unit_id": unit_id, "note": note})
        assert refused_rules(response) == {"R-B05"}
        assert response.json()["errors"][0]["field"] == "note"
    assert Penalty.objects.count() == 0


def test_r_b05_lift_by_city_only_with_a_note_and_once(make_unit, impose, officials, today):
    _, unit_id = make_unit("haidian")
    penalty = impose({"kind": "unit_review_failure", "unit_id": unit_id}, by="haidian").json()
    path = f"/penalties/{penalty['id']}/lift"
    assert officials["haidian"].post(path, {"note": "已整改"}).status_code == 403
    assert officials["admin"].post(path, {"note": "已整改"}).status_code == 403
    assert refused_rules(officials["city"].post(path, {"note": " "})) == {"R-B05"}
    assert refused_rules(officials["city"].post(path, {})) == {"R-B05"}
    lifted = officials["city"].post(path, {"note": "单位已整改到位"})
    assert lifted.status_code == 200, lifted.content
    assert lifted.json()["lifted_at"] and lifted.json()["lift_note"] == "单位已整改到位"
    row = Penalty.objects.get(pk=penalty["id"])
    assert row.lifted_by is not None and row.lifted_by.username == "city_approver"
    assert officials["city"].post(path, {"note": "再次"}).status_code == 409
    assert officials["city"].post("/penalties/999999/lift", {"note": "x"}).status_code == 404
    assert AuditEvent.objects.filter(action="penalty.lifted", object_id=str(penalty["id"])).count() == 1


def test_r_b05_a_penalty_that_has_ended_cannot_be_lifted(make_unit, impose, officials, clock, today):
    _, unit_id = make_unit("haidian")
    penalty = impose({"kind": "unit_negligent_review", "unit_id": unit_id}).json()
    clock("2028-06-15")
    assert officials["city"].post(f"/penalties/{penalty['id']}/lift", {"note": "x"}).status_code == 409


def test_r_b05_penalties_are_never_deleted(make_unit, impose, officials, today):
    _, unit_id = make_unit("haidian")
    penalty_id = impose({"kind": "unit_review_failure", "unit_id": unit_id}).json()["id"]
    with pytest.raises(PenaltyNotDeletable):
        Penalty.objects.get(pk=penalty_id).delete()
    with pytest.raises(PenaltyNotDeletable):
        Penalty.objects.filter(pk=penalty_id).delete()
    assert officials["city"].client.delete(
        f"/api/v1/penalties/{penalty_id}", HTTP_AUTHORIZATION=f"Bearer {officials['city'].token}"
    ).status_code in (404, 405)
    assert Penalty.objects.filter(pk=penalty_id).exists()


def test_r_b05_imposing_is_audited_with_the_number_masked(impose, today):
    number = id_number(dt.date(1985, 2, 3), "F")
    penalty_id = impose({"kind": "person_false_materials", "id_number": number}).json()["id"]
    event = AuditEvent.objects.get(action="penalty.imposed", object_id=str(penalty_id))
    assert event.actor_role == "city_approver"
    assert event.after["id_number"] == mask_id(number) and number not in str(event.after)
    assert Penalty.objects.get(pk=penalty_id).id_number == number


def test_only_district_reviewers_and_city_approvers_impose(make_unit, officials, today):
    unit_client, unit_id = make_unit("haidian")
    body = {"kind": "unit_review_failure", "unit_id": unit_id, "note": "x"}
    assert unit_client.post("/penalties", body).status_code == 403
    assert officials["admin"].post("/penalties", body).status_code == 403


def test_another_districts_unit_or_application_is_404(make_unit, file_new_case, impose, today):
    client, unit_id = make_unit("chaoyang")
    case = file_new_case(client, until="submitted", reviewer="chaoyang")
    assert impose({"kind": "unit_review_failure", "unit_id": unit_id}, by="haidian").status_code == 404
    number = id_number(dt.date(1990, 5, 17))
    response = impose({"kind": "person_false_materials", "id_number": number, "application_id": case["id"]},
                      by="haidian")
    assert response.status_code == 404
    assert impose({"kind": "unit_review_failure", "unit_id": unit_id, "application_id": case["id"]},
                  by="chaoyang").status_code == 201


def test_the_application_cited_must_be_the_units_or_the_persons(make_unit, file_new_case, impose, today):
    client, unit_id = make_unit("haidian")
    _, other_unit = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    assert refused_rules(impose({"kind": "unit_negligent_review", "unit_id": other_unit,
                                 "application_id": case["id"]})) == {"R-B02"}
    other_person = id_number(dt.date(1991, 1, 1))
    assert refused_rules(impose({"kind": "person_false_materials", "id_number": other_person,
                                 "application_id": case["id"]})) == {"R-B01"}


def test_an_unknown_kind_or_the_automatic_kind_is_400(make_unit, impose, today):
    _, unit_id = make_unit("haidian")
    assert impose({"kind": "supplement_timeout", "unit_id": unit_id}).status_code == 400
    assert impose({"kind": "banished", "unit_id": unit_id}).status_code == 400


def test_penalty_list_is_scoped_and_masks_id_numbers(make_unit, impose, officials, today):
    _, haidian_unit = make_unit("haidian")
    _, chaoyang_unit = make_unit("chaoyang")
    number = id_number(dt.date(1990, 5, 17))
    person = impose({"kind": "person_false_materials", "id_number": number}).json()["id"]
    in_haidian = impose({"kind": "unit_review_failure", "unit_id": haidian_unit}).json()["id"]
    in_chaoyang = impose({"kind": "unit_review_failure", "unit_id": chaoyang_unit}).json()["id"]

    def ids(who, **params):
        response = officials[who].get("/penalties", **params)
        assert response.status_code == 200, response.content
        return [p["id"] for p in response.json()["items"]]

    assert ids("haidian") == [in_haidian, person]
    assert ids("chaoyang") == [in_chaoyang, person]
    assert ids("city") == [in_chaoyang, in_haidian, person]
    assert ids("haidian", unit_id=chaoyang_unit) == []
    assert ids("city", unit_id=chaoyang_unit) == [in_chaoyang]
    looked_up = officials["chaoyang"].post("/penalties/lookup", {"id_number": number})  # security 15
    assert [p["id"] for p in looked_up.json()["items"]] == [person]
    assert ids("city", limit=1) == [in_chaoyang]
    items = officials["city"].get("/penalties").json()["items"]
    assert items[-1]["id_number"] == mask_id(number)
    assert number not in str(items)
    assert officials["admin"].get("/penalties").status_code == 403


def test_penalty_kinds_cover_the_official_choices():
    assert {k.value for k in PenaltyKind} == {
        "person_false_materials", "unit_negligent_review", "unit_false_declaration", "unit_review_failure",
        "supplement_timeout",
    }
