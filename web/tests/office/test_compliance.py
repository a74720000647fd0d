"""Late cancellations and omitted cancellations (R-C01), listed for the district."""

import pytest

pytestmark = pytest.mark.django_db


def _filed(client, body):
    case = client.post("/applications", body).json()
    assert client.post(f"/applications/{case['id']}/submit").status_code == 200
    return case


def test_r_c01_late_cancellation_on_day_6_is_listed_for_its_district(held, office, clock):
    client, _, permit_no, _ = held
    clock("2026-09-08")  # left on 2 September: day 6
    case = _filed(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-09-02"})
    html = office["haidian"].get("/office/late-cancellations/").content.decode()
    row = html.split(case["number"])[1].split("</tr>")[0]
    assert permit_no in row and "2026-09-02" in row and ">6<" in row
    assert case["number"] not in office["chaoyang"].get("/office/late-cancellations/").content.decode()


def test_r_c01_cancellation_on_day_5_is_not_late(held, office, clock):
    client, _, permit_no, _ = held
    clock("2026-09-07")
    case = _filed(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-09-02"})
    assert case["number"] not in office["haidian"].get("/office/late-cancellations/").content.decode()


def test_r_c01_omitted_cancellation_is_listed_for_the_former_units_district(
    held, office, officials, make_unit, clock
):
    permit_no = held.permit_no
    clock("2026-09-01")
    new, _ = make_unit("chaoyang")
    case = _filed(
        new,
        {
            "type": "employer_change",
            "permit_no": permit_no,
            "left_previous_on": "2026-07-03",
            "starts_on": "2026-07-10",
            "employment": {"started_on": "2026-07-10", "contract_ends_on": "2030-12-31"},
        },
    )
    codes = [i["code"] for i in new.get(f"/applications/{case['id']}").json()["checklist"]]
    officials["chaoyang"].post(
        f"/applications/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    html = office["haidian"].get("/office/omitted-cancellations/").content.decode()
    assert permit_no in html and "2026-07-03" in html
    assert permit_no not in office["chaoyang"].get("/office/omitted-cancellations/").content.decode()
    assert permit_no in office["city"].get("/office/omitted-cancellations/").content.decode()
