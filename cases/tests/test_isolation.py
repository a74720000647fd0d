"""Tenant and district isolation: another unit's or another district's object is 404, never 403;
a unit calling an official's endpoint is 403 (api.md, security)."""

import datetime as dt

import pytest

from ops.demo import new_application, photo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def world(make_unit, officials, file_new_case, clock):
    clock(TODAY)
    owner, unit_id = make_unit("haidian")
    stranger, _ = make_unit("haidian")
    case = file_new_case(owner)
    draft = file_new_case(owner, until="draft")
    return {
        "owner": owner,
        "unit_id": unit_id,
        "stranger": stranger,
        "case": case["id"],
        "draft": draft["id"],
        "permit_no": case["permit_no"],
        "other_district": officials["chaoyang"],
    }


def unit_calls(w):
    c, d, p = w["case"], w["draft"], w["permit_no"]
    return [
        ("get", f"/units/{w['unit_id']}", None),
        ("get", f"/applications/{c}", None),
        ("get", f"/applications/{c}/form.pdf", None),
        ("get", f"/applications/{c}/photo", None),
        ("patch", f"/applications/{d}", {"residence": None}),
        ("post", f"/applications/{d}/submit", {}),
        ("post", f"/applications/{d}/withdraw", {}),
        ("get", f"/permits/{p}", None),
    ]


def official_calls(w):
    c, p = w["case"], w["permit_no"]
    return [
        ("get", f"/units/{w['unit_id']}", None),
        ("get", f"/applications/{c}", None),
        ("get", f"/applications/{c}/form.pdf", None),
        ("get", f"/applications/{c}/photo", None),
        ("post", f"/units/{w['unit_id']}/verification", {"decision": "approve"}),
        ("post", f"/units/{w['unit_id']}/unfreeze", {"note": "x"}),
        ("post", f"/applications/{w['draft']}/review", {"decision": "pass"}),
        ("post", f"/applications/{c}/collection", {"collected_by": "holder"}),
        ("get", f"/permits/{p}", None),
        ("post", f"/permits/{p}/unfreeze", {"note": "x"}),
    ]


def _call(client, method, path, body):
    if method == "get":
        return client.get(path)
    if method == "patch":
        return client.patch(path, body)
    return client.post(path, body)


def test_another_unit_gets_404_on_every_object_endpoint(world):
    for method, path, body in unit_calls(world):
        assert _call(world["stranger"], method, path, body).status_code == 404, path


def test_another_districts_reviewer_gets_404_on_every_object_endpoint(world):
    for method, path, body in official_calls(world):
        assert _call(world["other_district"], method, path, body).status_code == 404, path


def test_photo_upload_to_another_units_case_is_404(world):
    assert (
        world["stranger"].upload(f"/applications/{world['draft']}/photo", "p.jpg", photo()).status_code == 404
    )


def test_lists_show_only_what_is_yours(world):
    assert world["stranger"].get("/applications").json()["items"] == []
    assert world["stranger"].get("/permits").json()["items"] == []
    assert world["other_district"].get("/applications").json()["items"] == []
    assert len(world["owner"].get("/applications").json()["items"]) == 2


def test_a_unit_calling_an_officials_endpoint_gets_403(world):
    owner = world["owner"]
    for path, body in [
        (f"/applications/{world['case']}/review", {"decision": "pass"}),
        (f"/applications/{world['case']}/approval", {"decision": "approve"}),
        (f"/applications/{world['case']}/collection", {"collected_by": "holder"}),
        (f"/units/{world['unit_id']}/verification", {"decision": "approve"}),
        (f"/units/{world['unit_id']}/unfreeze", {"note": ""}),
        (f"/units/{world['unit_id']}/cap", {"permit_cap": 9, "note": "x"}),
        (f"/permits/{world['permit_no']}/unfreeze", {"note": ""}),
    ]:
        assert owner.post(path, body).status_code == 403, path


def test_an_official_may_not_file_for_a_unit(world, officials):
    response = officials["haidian"].post("/applications", {"type": "new", **new_application(TODAY)})
    assert response.status_code == 403
