"""The queues of /office/: counts, age, oldest first, filters, pagination and isolation."""

import pytest

from web.office import views

pytestmark = pytest.mark.django_db


def test_queue_shows_the_districts_submitted_cases_with_their_age(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    clock("2026-06-20")
    response = office["haidian"].get("/office/")
    assert response.status_code == 200
    html = response.content.decode()
    assert case["number"] in html
    assert f'href="/office/cases/{case["id"]}/"' in html
    row = html.split(case["number"])[1].split("</tr>")[0]
    assert ">5<" in row  # submitted 2026-06-15, today 2026-06-20
    assert '待初审 <span class="count">1</span>' in html


def test_queue_is_isolated_by_district(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    html = office["chaoyang"].get("/office/").content.decode()
    assert case["number"] not in html
    assert '待初审 <span class="count">0</span>' in html


def test_queue_lists_oldest_submission_first(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    clock("2026-06-10")
    older = file_new_case(client, until="submitted")
    clock("2026-06-12")
    newer = file_new_case(client, until="submitted")
    html = office["haidian"].get("/office/").content.decode()
    assert html.index(older["number"]) < html.index(newer["number"])


def test_queue_filters_by_type_status_and_unit_name(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    reviewer = office["haidian"]
    assert case["number"] in reviewer.get("/office/", {"type": "new", "unit": "示例科技"}).content.decode()
    assert case["number"] not in reviewer.get("/office/", {"type": "renewal"}).content.decode()
    assert case["number"] not in reviewer.get("/office/", {"unit": "没有这家单位"}).content.decode()
    assert case["number"] not in reviewer.get("/office/", {"status": "district_passed"}).content.decode()


def test_queue_tabs_of_a_district_reviewer(office, make_unit, file_new_case, officials, clock):
    client, _ = make_unit("haidian")
    waiting = file_new_case(client, until="approved")
    supplement = file_new_case(client, until="submitted")
    codes = [i["code"] for i in supplement["checklist"]]
    officials["haidian"].post(
        f"/applications/{supplement['id']}/review", {"decision": "request_supplement", "missing": codes[:1]}
    )
    reviewer = office["haidian"]
    html = reviewer.get("/office/").content.decode()
    assert '待补充材料 <span class="count">1</span>' in html
    assert '待领证 <span class="count">1</span>' in html
    assert waiting["number"] in reviewer.get("/office/", {"status": "awaiting_collection"}).content.decode()
    assert (
        supplement["number"] in reviewer.get("/office/", {"status": "supplement_requested"}).content.decode()
    )


def test_city_queue_is_district_passed_cases_city_wide(office, make_unit, file_new_case, clock):
    haidian, _ = make_unit("haidian")
    chaoyang, _ = make_unit("chaoyang")
    a = file_new_case(haidian, until="district_passed")
    b = file_new_case(chaoyang, until="district_passed", reviewer="chaoyang")
    html = office["city"].get("/office/").content.decode()
    assert '待审批 <span class="count">2</span>' in html
    assert a["number"] in html and b["number"] in html
    assert "待初审" not in html.split('id="queue-results"')[1].split("</ul>")[0]


def test_queue_is_paginated(office, make_unit, file_new_case, clock, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    client, _ = make_unit("haidian")
    cases = [file_new_case(client, until="submitted") for _ in range(3)]
    first = office["haidian"].get("/office/").content.decode()
    second = office["haidian"].get("/office/", {"page": 2}).content.decode()
    assert cases[2]["number"] not in first and cases[2]["number"] in second
    assert "第 1 页，共 2 页" in first and 'rel="next"' in first


def test_queue_refuses_units_and_sends_the_anonymous_to_sign_in(unit_web, client):
    web, _, _ = unit_web()
    assert web.get("/office/").status_code == 403
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/login")


def test_a_unit_moving_district_takes_its_waiting_cases_and_their_counts_along(
    office, make_unit, file_new_case, officials, clock
):
    # given: a haidian unit's case waiting for review, and its change of district (R-UI01)
    client, _ = make_unit("haidian")
    waiting = file_new_case(client, until="submitted")
    changes = {"district": "chaoyang", "address": "朝阳区1号"}
    move = client.post("/applications", {"type": "unit_info_change", "changes": changes}).json()
    move = client.post(f"/applications/{move['id']}/submit").json()
    assert '待初审 <span class="count">2</span>' in office["haidian"].get("/office/").content.decode()
    # when: haidian passes the change, which takes effect at once
    codes = [i["code"] for i in move["checklist"] if i["required"]]
    passed = officials["haidian"].post(
        f"/applications/{move['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    assert passed.json()["status"] == "approved"
    # then: the waiting case is chaoyang's, in its queue and its count, and no more haidian's
    chaoyang = office["chaoyang"].get("/office/").content.decode()
    assert waiting["number"] in chaoyang and '待初审 <span class="count">1</span>' in chaoyang
    haidian = office["haidian"].get("/office/").content.decode()
    assert waiting["number"] not in haidian and '待初审 <span class="count">0</span>' in haidian
    assert office["haidian"].get(f"/office/cases/{waiting['id']}/").status_code == 404
    assert office["chaoyang"].get(f"/office/cases/{waiting['id']}/").status_code == 200
    # the change itself moved too: chaoyang finds it by number, haidian no more
    link = f'href="/office/cases/{move["id"]}/"'
    assert link in office["chaoyang"].get("/office/", {"number": move["number"]}).content.decode()
    assert link not in office["haidian"].get("/office/", {"number": move["number"]}).content.decode()
