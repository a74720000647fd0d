"""POST /inspections/unit and /inspections/persons (api.md "Annual inspection"), R-I01, R-U03."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from inspections.models import InspectionSource, PersonInspection, UnitInspection

pytestmark = pytest.mark.django_db


def _rules(response):
    return [e.get("rule") for e in response.json()["errors"]]


# unit inspection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"), [("2026-03-31", 422), ("2026-04-01", 201), ("2026-05-01", 201), ("2026-05-02", 422)]
)
def test_r_i01_unit_inspection_only_in_the_season(make_unit, clock, today, status):
    client, unit_id = make_unit("haidian")
    clock(today)
    response = client.post("/inspections/unit", {})
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json() == {"year": 2026, "unit_id": unit_id, "status": "approved"}
        assert UnitInspection.objects.get(unit_id=unit_id).source == InspectionSource.UNIT
    else:
        assert _rules(response) == ["R-I01"]
        assert not UnitInspection.objects.exists()


def test_r_i01_unit_inspection_again_in_the_same_year_is_409_next_year_201(make_unit, clock):
    client, unit_id = make_unit("haidian")
    clock("2026-04-01")
    assert client.post("/inspections/unit").status_code == 201
    clock("2026-05-01")
    assert client.post("/inspections/unit").status_code == 409
    clock("2027-04-15")
    assert client.post("/inspections/unit").json() == {"year": 2027, "unit_id": unit_id, "status": "approved"}
    assert list(UnitInspection.objects.order_by("year").values_list("year", flat=True)) == [2026, 2027]


def test_r_i01_unit_inspection_is_audited(make_unit, clock):
    client, unit_id = make_unit("haidian")
    clock("2026-04-20")
    client.post("/inspections/unit")
    event = AuditEvent.objects.get(action="inspection.unit")
    assert (event.object_id, event.after) == (str(unit_id), {"year": 2026, "status": "approved"})


def test_r_u03_a_pending_unit_cannot_file_its_inspection(make_unit, clock):
    client, _ = make_unit("haidian", active=False)
    clock("2026-04-20")
    response = client.post("/inspections/unit")
    assert response.status_code == 422 and _rules(response) == ["R-U03"]


def test_r_u03_and_r_i01_are_both_named_out_of_season(make_unit, clock):
    client, _ = make_unit("haidian", active=False)
    clock("2026-06-20")
    assert sorted(_rules(client.post("/inspections/unit"))) == ["R-I01", "R-U03"]


def test_officials_may_not_file_inspections(officials, clock):
    clock("2026-04-20")
    for who in ("haidian", "city", "admin"):
        assert officials[who].post("/inspections/unit").status_code == 403
        assert (
            officials[who].post("/inspections/persons", {"permit_nos": ["BJ20260000001"]}).status_code == 403
        )


# person inspections --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"), [("2026-03-31", 422), ("2026-04-01", 200), ("2026-05-01", 200), ("2026-05-02", 422)]
)
def test_r_i01_person_inspections_only_in_the_season(make_unit, file_new_case, clock, today, status):
    clock("2026-03-01")
    client, _ = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    clock("2026-04-15")
    assert client.post("/inspections/unit").status_code == 201  # the unit is not frozen on 2 May
    clock(today)
    response = client.post("/inspections/persons", {"permit_nos": [permit_no]})
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json() == {"results": [{"permit_no": permit_no, "status": "approved"}]}
    else:
        assert _rules(response) == ["R-I01"]
        assert not PersonInspection.objects.exists()


def test_r_i01_batch_answers_each_number_in_order_and_one_bad_number_spoils_nothing(
    make_unit, file_new_case, clock, sweep
):
    # given: a permit frozen for a missed 2025 inspection, two good permits, one inspected already,
    # one cancelled, and another unit's permit
    clock("2025-03-01")
    client, unit_id = make_unit("haidian")
    frozen = file_new_case(client)["permit_no"]
    clock("2025-04-15")
    assert client.post("/inspections/unit").status_code == 201  # only the permit misses 2025's
    sweep("2025-05-02")
    clock("2026-03-02")
    good, again, cancelled = (file_new_case(client)["permit_no"] for _ in range(3))
    other_client, _ = make_unit("haidian")
    others = file_new_case(other_client)["permit_no"]
    leaving = client.post(
        "/applications", {"type": "cancellation", "permit_no": cancelled, "left_on": "2026-03-02"}
    )
    assert client.post(f"/applications/{leaving.json()['id']}/submit").json()["status"] == "approved"
    clock("2026-04-15")
    assert client.post("/inspections/persons", {"permit_nos": [again]}).status_code == 200
    # when
    numbers = [good, others, "BJ20269999999", again, frozen, cancelled, good]
    response = client.post("/inspections/persons", {"permit_nos": numbers})
    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["permit_no"] for r in results] == numbers
    assert [r.get("status") or r["error"]["status"] for r in results] == [
        "approved",
        404,
        404,
        409,
        409,
        409,
        409,
    ]
    assert results[4]["error"]["rule"] == "R-I05"
    assert all(r["error"]["message"] for r in results[1:])
    inspected = PersonInspection.objects.filter(year=2026).values_list("permit__permit_no", flat=True)
    assert sorted(inspected) == sorted([good, again])
    assert not PersonInspection.objects.filter(permit__permit_no=others).exists()
    event = AuditEvent.objects.filter(action="inspection.persons").latest("pk")
    assert event.object_id == str(unit_id)
    assert event.after["approved"] == [good] and event.after["year"] == 2026
    assert event.after["refused"][frozen] == 409


def test_r_i01_batch_limits(make_unit, clock):
    client, _ = make_unit("haidian")
    clock("2026-04-15")
    assert client.post("/inspections/persons", {"permit_nos": []}).status_code == 400
    too_many = [f"BJ2026{n:07d}" for n in range(2001)]
    assert client.post("/inspections/persons", {"permit_nos": too_many}).status_code == 400
    answered = client.post("/inspections/persons", {"permit_nos": too_many[:2000]})
    assert answered.status_code == 200 and len(answered.json()["results"]) == 2000


def test_r_i01_batch_issues_the_same_queries_whatever_its_size(make_unit, file_new_case, clock):
    clock("2026-03-02")
    client, _ = make_unit("haidian")
    numbers = [file_new_case(client)["permit_no"] for _ in range(6)]
    clock("2026-04-15")

    def count(batch):
        with CaptureQueriesContext(connection) as ctx:
            assert client.post("/inspections/persons", {"permit_nos": batch}).status_code == 200
        return len(ctx.captured_queries)

    assert count(numbers[:1]) == count(numbers[1:])
    assert PersonInspection.objects.count() == 6


def test_permit_lists_its_inspected_years_in_constant_queries(make_unit, file_new_case, clock):
    clock("2026-03-02")
    client, _ = make_unit("haidian")
    numbers = [file_new_case(client)["permit_no"] for _ in range(4)]
    for day in ("2026-04-15", "2027-04-15"):
        clock(day)
        assert client.post("/inspections/unit").status_code == 201
        client.post(
            "/inspections/persons", {"permit_nos": numbers[:3] if day.startswith("2026") else numbers}
        )
    assert client.get(f"/permits/{numbers[0]}").json()["inspected_years"] == [2026, 2027]
    # the 4th missed 2026's: frozen since 2 May 2026 (R-I03, the job never ran), so 2027's is refused
    assert client.get(f"/permits/{numbers[3]}").json()["inspected_years"] == []
    assert client.get(f"/permits/{numbers[3]}").json()["status"] == "frozen"

    def count(limit):
        with CaptureQueriesContext(connection) as ctx:
            items = client.get("/permits", limit=limit).json()["items"]
        assert len(items) == limit
        return len(ctx.captured_queries), {i["permit_no"]: i["inspected_years"] for i in items}

    small, large = count(1), count(4)
    assert small[0] == large[0]
    assert large[1][numbers[1]] == [2026, 2027]
