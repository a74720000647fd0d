"""POST /penalties/lookup (api.md "Penalties and investigations"; security decision 15): a person's
penalties are looked up with the ID number in the body; `GET /penalties?id_number=` is 400, so a
full ID number never travels in a URL (nor reaches a log line)."""

import datetime as dt
import logging

import pytest

from core.crypto import mask_id
from ops.demo import id_number

pytestmark = pytest.mark.django_db


def test_an_official_looks_up_one_persons_penalties_in_the_body(make_unit, impose, officials):
    _, unit_id = make_unit("haidian")
    number, other = id_number(dt.date(1990, 5, 17)), id_number(dt.date(1991, 1, 1))
    first = impose({"kind": "person_false_materials", "id_number": number}).json()["id"]
    impose({"kind": "person_false_materials", "id_number": other})
    impose({"kind": "unit_review_failure", "unit_id": unit_id})
    second = impose({"kind": "person_false_materials", "id_number": number}, by="haidian").json()["id"]

    for who in ("haidian", "chaoyang", "city"):  # a person penalty is seen in every district
        response = officials[who].post("/penalties/lookup", {"id_number": number})
        assert response.status_code == 200, response.content
        items = response.json()["items"]
        assert [p["id"] for p in items] == [second, first]  # newest first
        assert {p["id_number"] for p in items} == {mask_id(number)}
        assert number not in response.content.decode()

    paged = officials["city"].post("/penalties/lookup?limit=1", {"id_number": number}).json()
    assert [p["id"] for p in paged["items"]] == [second] and paged["next_cursor"]
    after = f"/penalties/lookup?limit=1&cursor={paged['next_cursor']}"
    rest = officials["city"].post(after, {"id_number": number})
    assert [p["id"] for p in rest.json()["items"]] == [first]
    nobody = officials["city"].post("/penalties/lookup", {"id_number": id_number(dt.date(1992, 2, 2))})
    assert nobody.json()["items"] == []


def test_only_officials_look_up_and_the_id_number_is_required(make_unit, officials):
    unit_client, _ = make_unit("haidian")
    number = id_number(dt.date(1990, 5, 17))
    assert unit_client.post("/penalties/lookup", {"id_number": number}).status_code == 403
    assert officials["admin"].post("/penalties/lookup", {"id_number": number}).status_code == 403
    missing = officials["city"].post("/penalties/lookup", {})
    assert missing.status_code in (400, 422) and "id_number" in missing.content.decode()


def test_an_id_number_in_the_query_string_is_400_and_is_not_logged(impose, officials, caplog):
    number = id_number(dt.date(1988, 3, 1), "F")
    impose({"kind": "person_false_materials", "id_number": number})

    with caplog.at_level(logging.DEBUG):
        response = officials["city"].get("/penalties", id_number=number)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert [e["field"] for e in problem["errors"]] == ["id_number"]
    assert "/penalties/lookup" in problem["errors"][0]["message"]
    assert number not in response.content.decode()
    assert not [r for r in caplog.records if number in r.getMessage()]
    assert officials["city"].get("/penalties").status_code == 200  # the list without it still answers


def test_verify_and_progress_leave_no_name_in_the_projects_logs(officials, caplog):
    """Django's own request logging names the path only: a wrong look-up (404) logs no holder name."""
    name = "欧阳娜娜"
    with caplog.at_level(logging.DEBUG):
        verify = officials["city"].client.get("/api/v1/verify", {"permit_no": "0000000000", "name": name})
        progress = officials["city"].client.get("/api/v1/progress", {"number": "X-0", "name": name})
    assert verify.status_code in (400, 404) and progress.status_code in (400, 404)
    assert not [r for r in caplog.records if name in r.getMessage() or "name=" in r.getMessage()]
