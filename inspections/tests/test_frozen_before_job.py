"""Reads never depend on the daily job having run (lifecycle.md): from 2 May on, a missed unit
inspection makes the unit `frozen` (R-I02: GET /units/{id}, the 423 of R-U05) and a missed person
inspection makes the permit `frozen` (R-I03: /verify, GET /permits), with the job NOT run; the
district's unfreezing records the inspection and clears it (R-I04, R-I05)."""

import pytest

from core.clock import today
from ops.demo import new_application
from ops.sweep import run_sweep
from permits.models import Permit
from units.models import Unit, UnitStatus

pytestmark = pytest.mark.django_db


def _create(client):
    return client.post("/applications", {"type": "new", **new_application(today())})


@pytest.fixture
def unit(make_unit, clock):
    """A unit verified on 2 March 2026 (before the season) that never files its unit inspection."""
    clock("2026-03-02")
    return make_unit("haidian")


@pytest.fixture
def permit(unit, file_new_case, clock):
    """A permit issued on 2 March 2026 whose unit files its own inspection but not the person's."""
    client, _ = unit
    permit_no = file_new_case(client)["permit_no"]
    clock("2026-04-15")
    assert client.post("/inspections/unit").status_code == 201
    return client, permit_no


def _verify(api, permit_no):
    return api.get("/verify", permit_no=permit_no, name="张伟").json()["result"]


def test_r_i02_unit_reads_frozen_from_2_may_and_writes_are_423(unit, api, officials, clock):
    client, unit_id = unit
    clock("2026-05-01")  # the season's last day: not yet
    assert client.get(f"/units/{unit_id}").json()["status"] == "active"
    assert _create(client).status_code == 201
    for day in ("2026-05-02", "2026-05-20"):
        clock(day)
        assert officials["haidian"].get(f"/units/{unit_id}").json()["status"] == "frozen"
        refused = _create(client)
        assert refused.status_code == 423
        assert [e["rule"] for e in refused.json()["errors"]] == ["R-U05"]
    assert Unit.objects.get(pk=unit_id).status == UnitStatus.ACTIVE  # the job did not run

    unfrozen = officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": "已出示营业执照"})
    assert unfrozen.status_code == 200 and unfrozen.json()["status"] == "active"
    assert client.get(f"/units/{unit_id}").json()["status"] == "active"
    assert _create(client).status_code == 201
    run_sweep(today())  # the job, run late, leaves the unfrozen unit alone
    assert client.get(f"/units/{unit_id}").json()["status"] == "active"


def test_r_i02_inspected_unit_stays_active(unit, clock):
    client, unit_id = unit
    clock("2026-04-20")
    assert client.post("/inspections/unit").status_code == 201
    clock("2026-05-02")
    assert client.get(f"/units/{unit_id}").json()["status"] == "active"
    assert _create(client).status_code == 201


def test_r_i03_permit_verifies_frozen_from_2_may(permit, api, officials, clock):
    client, permit_no = permit
    clock("2026-05-01")
    assert _verify(api, permit_no) == "valid"
    assert client.get(f"/permits/{permit_no}").json()["status"] == "valid"
    clock("2026-05-02")
    assert _verify(api, permit_no) == "frozen"
    shown = client.get(f"/permits/{permit_no}").json()
    assert shown["status"] == "frozen" and shown["frozen"] is True
    assert [p["permit_no"] for p in client.get("/permits", status="frozen").json()["items"]] == [permit_no]
    assert client.get("/permits", status="valid").json()["items"] == []
    clock("2026-05-20")
    assert _verify(api, permit_no) == "frozen"
    assert Permit.objects.get(permit_no=permit_no).frozen_at is None  # the job did not run

    response = officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": "单位书面申请"})
    assert response.status_code == 200 and response.json()["status"] == "valid"
    assert _verify(api, permit_no) == "valid"
    again = officials["haidian"].post(f"/permits/{permit_no}/unfreeze", {"note": ""})
    assert again.status_code == 409
    run_sweep(today())
    assert _verify(api, permit_no) == "valid"


def test_r_i03_inspected_or_late_issued_permit_stays_valid(unit, file_new_case, api, clock):
    client, _ = unit
    inspected = file_new_case(client)["permit_no"]
    clock("2026-04-01")  # issued on the season's first day: not "before 1 April"
    late = file_new_case(client)["permit_no"]
    clock("2026-04-15")
    assert client.post("/inspections/unit").status_code == 201
    assert client.post("/inspections/persons", {"permit_nos": [inspected]}).status_code == 200
    clock("2026-05-02")
    assert _verify(api, inspected) == "valid" and _verify(api, late) == "valid"


def test_r_i03_a_missed_year_stays_frozen_into_the_next(permit, api, clock):
    """Frozen on 2 May 2026 and never unfrozen: the next season's inspection is refused, and the
    permit is still frozen before and after 2 May 2027."""
    client, permit_no = permit
    clock("2027-04-15")
    assert _verify(api, permit_no) == "frozen"
    refused = client.post("/inspections/persons", {"permit_nos": [permit_no]}).json()["results"]
    assert refused[0]["error"]["rule"] == "R-I05"
    clock("2027-05-02")
    assert _verify(api, permit_no) == "frozen"
