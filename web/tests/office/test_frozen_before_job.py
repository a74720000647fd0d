"""The workbench's frozen lists show what R-I02 / R-I03 freeze on 2 May even when the daily job has
not run (lifecycle.md: reads never depend on the job), and the district can unfreeze from them."""

import pytest

from units.models import Unit

pytestmark = pytest.mark.django_db


def test_r_i02_r_i03_frozen_lists_before_the_job_ran(office, make_unit, file_new_case, clock):
    clock("2026-03-02")
    client, unit_id = make_unit("haidian")  # verified before the season, never inspected
    permit_no = file_new_case(client)["permit_no"]
    clock("2026-05-01")
    assert f"/office/units/{unit_id}/" not in office["haidian"].get("/office/frozen-units/").content.decode()
    row = f"/office/frozen-permits/{permit_no}/unfreeze"  # the row's form
    assert row not in office["haidian"].get("/office/frozen-permits/").content.decode()

    clock("2026-05-02")
    assert f"/office/units/{unit_id}/" in office["haidian"].get("/office/frozen-units/").content.decode()
    assert row in office["haidian"].get("/office/frozen-permits/").content.decode()
    assert permit_no not in office["chaoyang"].get("/office/frozen-permits/").content.decode()
    page = office["haidian"].get(f"/office/units/{unit_id}/").content.decode()
    assert "解除冻结" in page
    response = office["haidian"].post(f"/office/units/{unit_id}/unfreeze", {"note": "已出示营业执照"})
    assert response.status_code == 302
    assert f"/office/units/{unit_id}/" not in office["haidian"].get("/office/frozen-units/").content.decode()
    assert Unit.objects.get(pk=unit_id).status == "active"

    response = office["haidian"].post(row, {"note": "单位书面申请"})
    assert response.status_code == 302
    assert row not in office["haidian"].get("/office/frozen-permits/").content.decode()
