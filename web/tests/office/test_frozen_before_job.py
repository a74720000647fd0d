"""The workbench's frozen lists show what R-I02 / R-I03 freeze on 2 May even when the daily job has
not run (lifecycle.md: reads never depend on the job), and the district can unfreeze from them."""

import pytest

from cases.tests.support import file_case, pass_employer_change, submit
from core.tests.support import inspect_every_year
from permits.models import Permit
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


def test_r_i03_frozen_list_before_and_after_the_job_and_a_permit_brought_back_after_it(
    office, officials, make_unit, file_new_case, clock, sweep
):
    """Before the job of 2 May the list finds the missed permit by R-I03's condition; after it completed,
    by the stamp alone. A permit cancelled on 2 May (after 1 May: it was valid then) and brought back by
    an employer change after the job is frozen, and listed: the employer change stamped it."""
    clock("2026-03-02")
    client, _ = make_unit("haidian")
    missed, moved = file_new_case(client)["permit_no"], file_new_case(client)["permit_no"]
    inspect_every_year(client, clock, range(2026, 2027), [])  # the unit's own, not its staff's

    def listed(permit_no):
        return f"/office/frozen-permits/{permit_no}/unfreeze" in office["haidian"].get(
            "/office/frozen-permits/").content.decode()

    clock("2026-05-02")
    cancel = {"type": "cancellation", "permit_no": moved, "left_on": "2026-04-28"}
    assert submit(client, file_case(client, cancel)["id"])["status"] == "approved"
    assert listed(missed) and not listed(moved)  # the job has not run
    assert sweep("2026-05-02")["inspections.freeze_permits"] == 1
    assert listed(missed) and not listed(moved)
    clock("2026-05-06")
    new, _ = make_unit("haidian")
    pass_employer_change(new, officials["haidian"], moved, "2026-04-28", "2026-05-06")
    assert listed(missed) and listed(moved)
    assert Permit.objects.get(permit_no=moved).frozen_at is not None


def test_r_i03_a_stamped_permit_moved_to_another_district_is_listed_and_counted_there(
    office, officials, make_unit, file_new_case, clock, sweep
):
    """A permit the job stamped, cancelled on leaving and taken on by a unit of another district, stays
    frozen (R-I05: only the district unfreezes it) and moves with its stamp: the new district's frozen
    list shows and counts it, the old's no longer does. While it is cancelled, it is not frozen and not
    counted. The count reads the stamps' copies of their permits' unit and cancellation
    (`frozen_permits_for`, decision 121), which the cancellation and the employer change keep right."""
    clock("2026-03-02")
    client, _ = make_unit("haidian")
    kept, moved = file_new_case(client)["permit_no"], file_new_case(client)["permit_no"]
    inspect_every_year(client, clock, range(2026, 2027), [])  # the unit's own, not its staff's
    clock("2026-05-02")
    assert sweep("2026-05-02")["inspections.freeze_permits"] == 2

    def frozen_list(district):
        return office[district].get("/office/frozen-permits/").content.decode()

    assert "冻结证件：共 2 张" in frozen_list("haidian") and "冻结证件：共 0 张" in frozen_list("chaoyang")
    clock("2026-05-06")
    cancel = {"type": "cancellation", "permit_no": moved, "left_on": "2026-05-05"}
    assert submit(client, file_case(client, cancel)["id"])["status"] == "approved"
    assert "冻结证件：共 1 张" in frozen_list("haidian")
    new, _ = make_unit("chaoyang")
    pass_employer_change(new, officials["chaoyang"], moved, "2026-05-05", "2026-05-06")

    haidian, chaoyang = frozen_list("haidian"), frozen_list("chaoyang")
    assert "冻结证件：共 1 张" in haidian and kept in haidian and moved not in haidian
    assert "冻结证件：共 1 张" in chaoyang and moved in chaoyang
    assert Permit.objects.get(permit_no=moved).freeze.unit.district_id == "chaoyang"
