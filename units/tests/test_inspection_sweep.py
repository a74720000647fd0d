"""Freezing on 2 May for a missed annual inspection (R-I02 units, R-I03 permits), what a frozen unit
may still do (R-U05), and unfreezing by the district (R-I04, R-I05)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, User
from audit.models import AuditEvent
from core.clock import today
from core.tests.support import inspect_every_year
from inspections.models import InspectionSource, PermitFreezeCompleted, PersonInspection, UnitInspection
from ops.demo import new_application
from permits.models import Permit
from units.models import Unit, UnitStatus
from units.sweep import freeze_permits
from units.tests.inspection_support import sign_in_again, verified_at

pytestmark = pytest.mark.django_db


def _status(unit_id):
    return Unit.objects.get(pk=unit_id).status


def _frozen(permit_no):
    return Permit.objects.get(permit_no=permit_no).frozen_at is not None


@pytest.fixture
def units(make_unit, clock):
    """Three active units of Haidian: verified on 31 March (23:30 in Beijing), on 1 April (00:10 in
    Beijing, still 31 March in UTC) and on 15 March but inspected in the season."""
    made = {"missed": make_unit("haidian")[1], "april": make_unit("haidian")[1]}
    inspected, made["inspected"] = make_unit("haidian")
    verified_at(made["missed"], "2026-03-31", "23:30")
    verified_at(made["april"], "2026-04-01", "00:10")
    verified_at(made["inspected"], "2026-03-15")
    clock("2026-04-10")
    assert inspected.post("/inspections/unit").status_code == 201
    return made


@pytest.fixture
def permits(make_unit, file_new_case, clock):
    """Permits of one unit issued on 31 March and on 1 April 2026, and one of 31 March inspected."""
    client, _ = make_unit("haidian")
    made = {}
    for key, day in (("march", "2026-03-31"), ("april", "2026-04-01"), ("inspected", "2026-03-31")):
        clock(day)
        made[key] = file_new_case(client)["permit_no"]
    clock("2026-05-01")
    assert client.post("/inspections/persons", {"permit_nos": [made["inspected"]]}).status_code == 200
    return made


def test_r_i02_sweep_on_1_may_freezes_no_unit_on_2_may_the_uninspected_one(units, sweep):
    assert sweep("2026-05-01")["inspections.freeze_units"] == 0
    assert {_status(u) for u in units.values()} == {UnitStatus.ACTIVE}
    assert sweep("2026-05-02")["inspections.freeze_units"] == 1
    assert _status(units["missed"]) == UnitStatus.FROZEN
    assert _status(units["april"]) == UnitStatus.ACTIVE  # verified on 1 April, Beijing time
    assert _status(units["inspected"]) == UnitStatus.ACTIVE
    event = AuditEvent.objects.get(action="inspection.units_frozen")
    assert (event.actor_role, event.after) == (
        "system",
        {"year": 2026, "count": 1, "unit_ids": [units["missed"]]},
    )


def test_r_i03_sweep_freezes_the_permit_issued_31_march_not_1_april(permits, sweep, api, officials):
    assert sweep("2026-05-01")["inspections.freeze_permits"] == 0
    assert not any(_frozen(p) for p in permits.values())
    assert sweep("2026-05-02")["inspections.freeze_permits"] == 1
    assert _frozen(permits["march"])
    assert not _frozen(permits["april"]) and not _frozen(permits["inspected"])
    # verification then answers `frozen` (R-I03); the permit object says so too
    assert api.get("/verify", permit_no=permits["march"], name="张伟").json()["result"] == "frozen"
    assert api.get("/verify", permit_no=permits["april"], name="张伟").json()["result"] == "valid"
    shown = officials["haidian"].get(f"/permits/{permits['march']}").json()
    assert (shown["status"], shown["frozen"], shown["inspected_years"]) == ("frozen", True, [])
    event = AuditEvent.objects.get(action="inspection.permits_frozen")
    assert event.after == {"year": 2026, "count": 1, "permit_nos": [permits["march"]]}


def test_r_i02_r_i03_the_job_run_twice_gives_the_same_state(units, permits, sweep):
    first = sweep("2026-05-02")
    state = (
        list(Unit.objects.order_by("pk").values_list("status", flat=True)),
        list(Permit.objects.order_by("pk").values_list("freeze__frozen_at", flat=True)),
        list(User.objects.order_by("pk").values_list("auth_generation", flat=True)),
    )
    second = sweep("2026-05-02")
    third = sweep("2026-05-03")
    assert (first["inspections.freeze_units"], first["inspections.freeze_permits"]) == (1, 1)
    for again in (second, third):
        assert (again["inspections.freeze_units"], again["inspections.freeze_permits"]) == (0, 0)
    assert state == (
        list(Unit.objects.order_by("pk").values_list("status", flat=True)),
        list(Permit.objects.order_by("pk").values_list("freeze__frozen_at", flat=True)),
        list(User.objects.order_by("pk").values_list("auth_generation", flat=True)),
    )
    assert (
        AuditEvent.objects.filter(action__in=["inspection.units_frozen", "inspection.permits_frozen"]).count()
        == 2
    )


def test_r_i03_a_rerun_once_the_years_freezing_completed_does_not_select_again(permits, clock):
    """The first run of 2 May anti-joins every unstamped permit with the year's inspections and records
    the year done (inspections.models.PermitFreezeCompleted); a rerun reads that record and runs no
    selection over permits (issue 14: the rerun's cost). The next enforced year selects again."""
    day = dt.date(2026, 5, 2)
    clock(day)
    with CaptureQueriesContext(connection) as first:
        assert freeze_permits(day) == 1
    assert any("inspections_personinspection" in q["sql"] for q in first.captured_queries)
    assert PermitFreezeCompleted.objects.filter(year=2026).exists()
    for rerun_day in (day, dt.date(2026, 5, 3), dt.date(2027, 2, 15)):
        clock(rerun_day)
        with CaptureQueriesContext(connection) as rerun:
            assert freeze_permits(rerun_day) == 0
        assert [q["sql"] for q in rerun.captured_queries if "permits_permit" in q["sql"]] == []
        assert len(rerun.captured_queries) == 1  # the look-up of the year's record
    clock("2027-05-02")
    with CaptureQueriesContext(connection) as next_year:
        assert freeze_permits(dt.date(2027, 5, 2)) == 2  # the two not stamped, neither inspected for 2027
    assert any("inspections_personinspection" in q["sql"] for q in next_year.captured_queries)


def test_r_i02_r_i03_first_run_on_10_june_catches_up_as_of_2_may(
    units, permits, make_unit, file_new_case, clock, sweep
):
    # a permit issued on 20 May 2023 expires on 20 May 2026: valid at the end of 1 May, so it is frozen too
    clock("2023-05-20")
    client, _ = make_unit("haidian")
    expiring = file_new_case(client)["permit_no"]
    inspect_every_year(client, clock, range(2024, 2027), [])  # the unit's own: it is not frozen
    summary = sweep("2026-06-10")
    assert (summary["inspections.freeze_units"], summary["inspections.freeze_permits"]) == (1, 2)
    assert _status(units["missed"]) == UnitStatus.FROZEN and _status(units["april"]) == UnitStatus.ACTIVE
    assert _frozen(permits["march"]) and _frozen(expiring) and not _frozen(permits["april"])


def test_r_i02_r_i03_a_run_on_15_february_2027_after_a_gap_freezes_2026s_misses(units, permits, sweep):
    summary = sweep("2027-02-15")
    assert (summary["inspections.freeze_units"], summary["inspections.freeze_permits"]) == (1, 1)
    assert _status(units["missed"]) == UnitStatus.FROZEN
    assert _frozen(permits["march"]) and not _frozen(permits["april"])


def test_r_i03_a_permit_cancelled_before_the_catch_up_run_is_not_frozen(permits, clock, sweep, api):
    client = sign_in_again(api, Permit.objects.get(permit_no=permits["march"]).unit_id)
    clock("2026-05-10")
    case = client.post(
        "/applications", {"type": "cancellation", "permit_no": permits["march"], "left_on": "2026-05-08"}
    )
    assert client.post(f"/applications/{case.json()['id']}/submit").status_code == 200
    assert sweep("2026-06-10")["inspections.freeze_permits"] == 0


# R-U05: what a frozen unit may still do ------------------------------------------------------------


def test_r_u05_freezing_revokes_the_units_tokens_then_it_reads_but_every_change_is_423(
    make_unit, file_new_case, clock, sweep, api
):
    # given: a unit verified in March with a permit and a draft
    clock("2026-03-02")
    client, unit_id = make_unit("haidian")
    verified_at(unit_id, "2026-03-01")
    permit_no = file_new_case(client)["permit_no"]
    draft = client.post("/applications", {"type": "new", **new_application(today())}).json()
    other_users_tokens = (
        ApiToken.objects.exclude(user__unit_id=unit_id).filter(revoked_at__isnull=True).count()
    )
    generation = User.objects.get(unit_id=unit_id).auth_generation
    # when: it misses the inspection
    sweep("2026-05-02")
    # then: its sessions and token end at once (others' do not), signing in again works
    assert User.objects.get(unit_id=unit_id).auth_generation == generation + 1
    assert client.get(f"/units/{unit_id}").status_code == 401
    assert not ApiToken.objects.filter(user__unit_id=unit_id, revoked_at__isnull=True).exists()
    assert (
        ApiToken.objects.exclude(user__unit_id=unit_id).filter(revoked_at__isnull=True).count()
        == other_users_tokens
    )
    frozen = sign_in_again(api, unit_id)
    assert frozen.get(f"/units/{unit_id}").json()["status"] == "frozen"
    assert frozen.get("/applications").status_code == 200
    assert frozen.get(f"/applications/{draft['id']}").status_code == 200
    assert frozen.get(f"/permits/{permit_no}").status_code == 200
    changes = [
        frozen.post("/applications", {"type": "new", **new_application(today())}),
        frozen.patch(f"/applications/{draft['id']}", {"person": draft["data"]["person"]}),
        frozen.post(f"/applications/{draft['id']}/submit"),
        frozen.post(f"/applications/{draft['id']}/withdraw"),
        frozen.post("/inspections/unit"),
        frozen.post("/inspections/persons", {"permit_nos": [permit_no]}),
    ]
    assert [r.status_code for r in changes] == [423] * 6
    assert changes[-1].json()["errors"][0]["rule"] == "R-U05"
    # in next year's season too: frozen until the district unfreezes it
    clock("2027-04-15")
    assert frozen.post("/inspections/unit").status_code == 423


# R-I04, R-I05: the district unfreezes ---------------------------------------------------------------


def test_r_i04_the_district_unfreezes_the_unit_and_records_its_inspection(
    units, sweep, officials, api, clock
):
    sweep("2026-05-02")
    clock("2026-05-20")
    response = officials["haidian"].post(f"/units/{units['missed']}/unfreeze", {"note": "已出示营业执照"})
    assert response.status_code == 200 and response.json()["status"] == "active"
    inspection = UnitInspection.objects.get(unit_id=units["missed"])
    assert (inspection.year, inspection.source) == (2026, InspectionSource.DISTRICT_UNFREEZE)
    assert sweep("2026-05-21")["inspections.freeze_units"] == 0
    assert _status(units["missed"]) == UnitStatus.ACTIVE
    client = sign_in_again(api, units["missed"])
    assert client.post("/applications", {"type": "new", **new_application(today())}).status_code == 201


def test_r_i04_unfreezing_before_2_may_records_last_years_inspection(make_unit, sweep, officials, clock, api):
    client, unit_id = make_unit("haidian")
    verified_at(unit_id, "2026-03-01")
    sweep("2026-05-02")
    clock("2027-04-20")  # the 2027 season is not over: the missed inspection is 2026's
    assert officials["haidian"].post(f"/units/{unit_id}/unfreeze", {"note": "x"}).status_code == 200
    assert list(UnitInspection.objects.values_list("year", "source")) == [(2026, "district_unfreeze")]
    assert sign_in_again(api, unit_id).post("/inspections/unit").json()["year"] == 2027


def test_r_i05_the_district_unfreezes_the_permit_and_records_its_inspection(
    permits, sweep, officials, api, clock
):
    sweep("2026-05-02")
    clock("2026-06-01")
    response = officials["haidian"].post(f"/permits/{permits['march']}/unfreeze", {"note": "单位书面申请"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["inspected_years"]) == ("valid", [2026])
    inspection = PersonInspection.objects.get(permit__permit_no=permits["march"])
    assert (inspection.year, inspection.source) == (2026, InspectionSource.DISTRICT_UNFREEZE)
    assert sweep("2026-06-02")["inspections.freeze_permits"] == 0
    assert api.get("/verify", permit_no=permits["march"], name="张伟").json()["result"] == "valid"
