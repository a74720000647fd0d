"""R-I03 (spec 1.1): a permit is frozen on 2 May for a missed person inspection only if it was valid
at the end of 1 May as it stood that day. A renewal or an employer change approved later does not
make it so; a permit valid up to and including 1 May was. Each boundary is read without the daily
job (lifecycle.md: reads never depend on it) and with it (the job stamps the same permits), on
both of its sides."""

import datetime as dt

import pytest

from cases.tests.support import file_case, submit
from core.clock import today
from core.dates import months_between
from core.tests.support import inspect_every_year
from ops.sweep import run_sweep
from permits.models import Permit

pytestmark = pytest.mark.django_db


def _verify(api, permit_no):
    return api.get("/verify", permit_no=permit_no, name="张伟").json()["result"]


def _stamped(permit_no):
    return Permit.objects.get(permit_no=permit_no).frozen_at is not None


def _pass(reviewer, case):
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    body = {"decision": "pass", "materials_received": codes}
    response = reviewer.post(f"/applications/{case['id']}/review", body)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def issued(make_unit, file_new_case, clock):
    """issued("2023-04-15"): a permit issued that day (expiring 3 years later) by a new Haidian unit
    that files every inspection up to 2025 and, in the 2026 season, its own but not the permit's:
    (client, permit_no)."""

    def make(day):
        clock(day)
        client, _ = make_unit("haidian")
        permit_no = file_new_case(client)["permit_no"]
        inspect_every_year(client, clock, range(2024, 2026), [permit_no])
        inspect_every_year(client, clock, range(2026, 2027), [])
        return client, permit_no

    return make


# Expiry: valid up to and including the expiry date (R-V01) -------------------------------------


def test_r_i03_a_permit_expiring_on_1_may_was_valid_that_day_one_expiring_30_april_was_not(
    issued, api, clock
):
    _, on_1_may = issued("2023-05-01")
    _, on_30_april = issued("2023-04-30")
    clock("2026-05-01")
    assert _verify(api, on_1_may) == "valid" and _verify(api, on_30_april) == "expired"
    clock("2026-05-02")  # the job has not run
    assert _verify(api, on_1_may) == "frozen"
    assert _verify(api, on_30_april) == "expired"
    assert run_sweep(today())["inspections.freeze_permits"] == 1
    assert _stamped(on_1_may) and not _stamped(on_30_april)


# A renewal approved after 1 May ----------------------------------------------------------------


@pytest.fixture
def renewing(issued, clock, officials):
    """A permit issued on 15 April 2023 (expired on 15 April 2026, its person inspection of 2026 not
    filed) whose renewal was submitted on 20 April 2026 and passed by the district on 30 April: it
    waits for the city's approval. (client, permit_no, case)."""
    client, permit_no = issued("2023-04-15")
    clock("2026-04-20")
    paid = months_between(dt.date(2023, 4, 15), dt.date(2026, 4, 20))
    months = [{"month": m, "payer": "unit"} for m in paid]
    body = {"type": "renewal", "permit_no": permit_no, "employment": {"contract_ends_on": "2029-12-31"},
            "tax_months": months, "social_insurance_months": months}
    case = submit(client, file_case(client, body)["id"])
    clock("2026-04-30")
    return client, permit_no, _pass(officials["haidian"], case)


def _approve(officials, case, day, clock):
    clock(day)
    approved = officials["city"].post(f"/applications/{case['id']}/approval", {"decision": "approve"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.content


def test_r_i03_a_renewal_approved_on_2_may_does_not_make_the_permit_valid_on_1_may(
    renewing, api, clock, officials
):
    client, permit_no, case = renewing
    clock("2026-05-01")
    assert _verify(api, permit_no) == "expired"  # what the permit was at the end of 1 May
    _approve(officials, case, "2026-05-02", clock)
    shown = client.get(f"/permits/{permit_no}").json()
    assert (shown["expiry_date"], shown["status"], shown["frozen"]) == ("2029-04-15", "valid", False)
    assert _verify(api, permit_no) == "valid"
    assert [p["permit_no"] for p in client.get("/permits", status="valid").json()["items"]] == [permit_no]
    assert client.get("/permits", status="frozen").json()["items"] == []
    for day in ("2026-05-02", "2026-06-10", "2027-02-15"):  # the job on time, late, after a gap
        clock(day)
        assert run_sweep(today())["inspections.freeze_permits"] == 0
        assert _verify(api, permit_no) == "valid" and not _stamped(permit_no)
    # the next season's inspection is the permit's like any other's: missed, it freezes
    clock("2027-05-02")
    assert _verify(api, permit_no) == "frozen"


def test_r_i03_a_renewal_approved_on_1_may_makes_it_valid_that_day_so_it_freezes(
    renewing, api, clock, officials
):
    _, permit_no, case = renewing
    _approve(officials, case, "2026-05-01", clock)
    assert _verify(api, permit_no) == "valid"
    clock("2026-05-02")
    assert _verify(api, permit_no) == "frozen"
    assert run_sweep(today())["inspections.freeze_permits"] == 1 and _stamped(permit_no)


# An employer change that brings back a permit cancelled for leaving ---------------------------


def _cancel(client, permit_no, left_on, day, clock):
    clock(day)
    case = file_case(client, {"type": "cancellation", "permit_no": permit_no, "left_on": left_on})
    assert submit(client, case["id"])["status"] == "approved"


def _move(make_unit, officials, permit_no, left_on, day, clock):
    clock(day)
    new, _ = make_unit("haidian")  # verified after 1 April: its own inspection is not due (R-I02)
    body = {"type": "employer_change", "permit_no": permit_no, "left_previous_on": left_on,
            "starts_on": day, "employment": {"started_on": day, "contract_ends_on": "2029-12-31"}}
    _pass(officials["haidian"], submit(new, file_case(new, body)["id"]))
    return new


def test_r_i03_a_permit_cancelled_on_1_may_and_moved_after_it_is_not_frozen(
    issued, make_unit, api, clock, officials
):
    old, permit_no = issued("2025-06-15")
    _cancel(old, permit_no, "2026-04-28", "2026-05-01", clock)
    new = _move(make_unit, officials, permit_no, "2026-04-28", "2026-05-06", clock)
    assert new.get(f"/permits/{permit_no}").json()["status"] == "valid"
    assert _verify(api, permit_no) == "valid"
    assert run_sweep(today())["inspections.freeze_permits"] == 0 and not _stamped(permit_no)


def test_r_i03_a_permit_cancelled_on_2_may_was_valid_on_1_may_and_comes_back_frozen(
    issued, make_unit, api, clock, officials
):
    old, permit_no = issued("2025-06-15")
    _cancel(old, permit_no, "2026-04-28", "2026-05-02", clock)  # late (R-C01), after the season
    new = _move(make_unit, officials, permit_no, "2026-04-28", "2026-05-06", clock)
    assert new.get(f"/permits/{permit_no}").json()["status"] == "frozen"
    assert _verify(api, permit_no) == "frozen"
    assert _stamped(permit_no)  # by the employer change, as the job would have (R-I03)
    assert run_sweep(today())["inspections.freeze_permits"] == 0 and _stamped(permit_no)


def test_r_i03_after_the_job_completed_a_permit_brought_back_by_an_employer_change_is_frozen_and_listed(
    issued, make_unit, api, clock, officials
):
    """The job of 2 May ran while the permit stood cancelled (recorded that day, after 1 May), so it
    stamped nothing and recorded the year done: from then on lists read the stamp alone. The employer
    change that lifts the cancellation stamps the permit itself, so it reads frozen in the district's
    and the unit's frozen lists, not only on its own page."""
    old, permit_no = issued("2025-06-15")
    _cancel(old, permit_no, "2026-04-28", "2026-05-02", clock)
    assert run_sweep(today())["inspections.freeze_permits"] == 0 and not _stamped(permit_no)
    new = _move(make_unit, officials, permit_no, "2026-04-28", "2026-05-06", clock)
    assert _stamped(permit_no)
    assert _verify(api, permit_no) == "frozen"
    assert new.get(f"/permits/{permit_no}").json()["status"] == "frozen"
    for client in (new, officials["haidian"]):
        frozen = client.get("/permits", status="frozen").json()["items"]
        assert [p["permit_no"] for p in frozen] == [permit_no]
        assert client.get("/permits", status="valid").json()["items"] == []
    assert run_sweep(today())["inspections.freeze_permits"] == 0
