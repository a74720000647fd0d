"""The daily job's penalties step: R-B04 suspension for a supplement request unanswered for more than
3 months, and the end of R-B02's 2-year suspension (no step: dates)."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from cases.tests.support import draft_new, refused_rules, resubmit
from penalties.models import Penalty, PenaltyKind

pytestmark = pytest.mark.django_db
STEP = "penalties.supplement_timeout"


def _timeouts():
    return list(Penalty.objects.filter(kind=PenaltyKind.SUPPLEMENT_TIMEOUT).order_by("pk"))


def test_r_b04_three_months_exactly_is_in_time_the_next_day_suspends(asked, sweep):
    client, unit_id, case = asked("2026-01-15")
    assert sweep("2026-04-15")[STEP] == 0
    assert client.get(f"/units/{unit_id}").json()["new_applications_blocked"] is False
    assert sweep("2026-04-16")[STEP] == 1
    [penalty] = _timeouts()
    assert (penalty.unit_id, penalty.application_id) == (unit_id, case["id"])
    assert penalty.starts_on == dt.date(2026, 4, 16) and penalty.ends_on is None
    assert penalty.created_by is None and case["number"] in penalty.note
    unit = client.get(f"/units/{unit_id}").json()
    assert unit["new_applications_blocked"] is True
    assert [r["kind"] for r in unit["restrictions"]] == ["supplement_timeout"]
    # the unit's new submissions are refused by R-U06
    assert "R-U06" in refused_rules(client.post(f"/applications/{draft_new(client)['id']}/submit"))


def test_r_b04_month_end_request_31_march_times_out_on_1_july(asked, sweep):
    asked("2026-03-31")  # + 3 months = 30 June
    assert sweep("2026-06-30")[STEP] == 0
    assert sweep("2026-07-01")[STEP] == 1
    assert _timeouts()[0].starts_on == dt.date(2026, 7, 1)


def test_r_b04_the_job_twice_makes_one_penalty_with_one_audit_row(asked, sweep):
    asked("2026-01-15")
    assert sweep("2026-04-16")[STEP] == 1
    assert sweep("2026-04-16")[STEP] == 0
    assert sweep("2026-04-17")[STEP] == 0
    assert len(_timeouts()) == 1
    [event] = AuditEvent.objects.filter(action="penalty.supplement_timeout")
    assert event.actor_role == "system" and event.after["count"] == 1
    assert event.after["penalties"][0]["id"] == _timeouts()[0].pk


def test_r_b04_a_catching_up_run_dates_the_suspension_from_the_day_after_3_months(asked, sweep):
    _, first, _ = asked("2026-01-15")
    _, second, _ = asked("2026-01-20")
    assert sweep("2026-05-10")[STEP] == 2
    assert {(p.unit_id, p.starts_on) for p in _timeouts()} == {
        (first, dt.date(2026, 4, 16)), (second, dt.date(2026, 4, 21))}


def test_r_b04_a_resubmitted_case_is_not_suspended(asked, sweep, clock):
    client, unit_id, case = asked("2026-01-15")
    clock("2026-04-15")
    resubmit(client, case["id"])
    assert sweep("2026-04-16")[STEP] == 0
    assert _timeouts() == []


def test_r_b04_a_lifted_suspension_is_not_imposed_again(asked, sweep, officials):
    client, unit_id, _ = asked("2026-01-15")
    sweep("2026-04-16")
    penalty = _timeouts()[0]
    assert officials["city"].post(f"/penalties/{penalty.pk}/lift", {"note": "已补正"}).status_code == 200
    assert sweep("2026-04-17")[STEP] == 0
    assert client.get(f"/units/{unit_id}").json()["new_applications_blocked"] is False


def test_r_b04_a_second_request_on_the_same_case_can_time_out_again(asked, sweep, officials, clock):
    client, unit_id, case = asked("2026-01-15")
    sweep("2026-04-16")
    clock("2026-04-20")
    # suspended, the unit cannot resubmit its `new` case (R-U06) until the city lifts the suspension
    assert "R-U06" in refused_rules(client.post(f"/applications/{case['id']}/submit"))
    penalty = _timeouts()[0]
    assert officials["city"].post(f"/penalties/{penalty.pk}/lift", {"note": "已补正"}).status_code == 200
    resubmit(client, case["id"])
    again = officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-08"], "note": "仍缺公章"},
    )
    assert again.status_code == 200, again.content
    assert sweep("2026-07-20")[STEP] == 0
    assert sweep("2026-07-21")[STEP] == 1
    assert [p.starts_on for p in _timeouts()] == [dt.date(2026, 4, 16), dt.date(2026, 7, 21)]


def test_r_b02_the_two_year_suspension_ends_by_date_with_or_without_the_job(make_unit, officials, clock,
                                                                            sweep):
    clock("2026-06-15")
    _, unit_id = make_unit("haidian")
    city = officials["city"]  # the job freezes the uninspected unit (R-I02) and signs it out
    body = {"kind": "unit_negligent_review", "unit_id": unit_id, "note": "未尽审核义务"}
    assert officials["haidian"].post("/penalties", body).status_code == 201
    sweep("2028-06-14")
    assert city.get(f"/units/{unit_id}").json()["new_applications_blocked"] is True
    clock("2028-06-15")  # no run on the day after the last day: it has ended all the same
    assert city.get(f"/units/{unit_id}").json()["new_applications_blocked"] is False
    sweep("2028-06-15")
    assert city.get(f"/units/{unit_id}").json()["new_applications_blocked"] is False
    assert Penalty.objects.get(unit_id=unit_id).lifted_at is None  # ended, not lifted, still kept


@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_daily_job_at_once_change_things_once(asked, clock):
    """lifecycle.md: the job is safe to run twice at once — an advisory lock serialises the runs, so
    the second sees the first's work and changes nothing (PostgreSQL; SQLite has one writer anyway)."""
    import threading

    from django.db import connection

    from ops.sweep import run_sweep

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a database server; CI runs this on PostgreSQL")
    asked("2026-01-15")
    clock("2026-04-16")
    barrier, totals = threading.Barrier(2), []

    def run() -> None:
        try:
            barrier.wait()
            totals.append(run_sweep(dt.date(2026, 4, 16))[STEP])
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(totals) == [0, 1]
    assert len(_timeouts()) == 1
