"""Each kind of reminder (lifecycle.md "reminders to units") appears on its first day and not the
day before, once however often the job runs, only while it is due, and not when the unit turned
the kind off."""

import datetime as dt

import pytest

from cases.tests.support import employer_change, file_case
from conftest import HELD_ISSUED_ON
from notices.models import NoticeKind
from notices.sweep import last_day_before
from notices.tests.support import notices, put, reminders

pytestmark = pytest.mark.django_db
ISSUED = HELD_ISSUED_ON  # `held`'s: expiry 2029-06-15; renewal window 2029-05-15 … 2029-07-15 (R-R01)


# renewal window (R-R01) -------------------------------------------------------------------------


def test_r_r01_renewal_reminder_first_on_the_day_the_window_opens(held, remind):
    _, unit_id, permit_no, _ = held
    assert remind("2029-05-14")["renewal_window_open"] == 0
    assert remind("2029-05-15")["renewal_window_open"] == 1
    (notice,) = notices(unit_id, NoticeKind.RENEWAL_WINDOW_OPEN)
    assert notice.key == f"{permit_no}:2029-06-15"
    assert notice.due_on == dt.date(2029, 7, 15)
    assert permit_no in notice.body and "2029年7月15日" in notice.body and "张*" in notice.body
    assert "张伟" not in notice.body  # the name is masked in what leaves the inbox
    assert remind("2029-05-16")["renewal_window_open"] == 0


def test_r_r01_renewal_reminder_caught_up_inside_the_window_not_after_it(held, remind, make_unit):
    assert remind("2029-07-16")["renewal_window_open"] == 0  # lapsed (R-V02): nothing to remind of
    assert remind("2029-07-15")["renewal_window_open"] == 1  # the last day of the window


@pytest.mark.held(inspected_through=2029)  # else frozen (R-I02, R-I03)
def test_r_r01_no_renewal_reminder_while_a_renewal_is_open(held, remind, clock):
    client, unit_id, permit_no, _ = held
    clock("2029-05-10")
    file_case(client, {"type": "renewal", "permit_no": permit_no})  # a draft is open (R-W05)
    assert remind("2029-05-15")["renewal_window_open"] == 0


def test_r_r01_window_opening_at_month_ends_matches_the_renewal_rule():
    # expiry 31 March: the window opens on 28 February (add_months clamps), like rules.renewal
    assert last_day_before(-1, dt.date(2029, 2, 28)) == dt.date(2029, 3, 31)
    assert last_day_before(-1, dt.date(2029, 2, 27)) == dt.date(2029, 3, 27)
    assert last_day_before(-1, dt.date(2027, 1, 30)) == dt.date(2027, 2, 28)
    assert last_day_before(3, dt.date(2026, 5, 31)) == dt.date(2026, 2, 28)


# annual inspection (R-I01, R-I02) --------------------------------------------------------------


def test_r_i01_season_reminder_from_1_april_to_every_active_unit(make_unit, remind):
    _, active = make_unit("haidian")
    _, pending = make_unit("haidian", active=False)
    assert remind("2027-03-31")["inspection_season_open"] == 0
    assert remind("2027-04-01")["inspection_season_open"] == 1
    (notice,) = notices(active, NoticeKind.INSPECTION_SEASON_OPEN)
    assert (notice.key, notice.due_on) == ("2027", dt.date(2027, 5, 1))
    assert "2027年5月1日" in notice.body and "2027年5月2日" in notice.body
    assert notices(pending) == []
    assert remind("2027-04-02")["inspection_season_open"] == 0


def test_r_i01_season_reminder_not_after_1_may(make_unit, remind):
    make_unit("haidian")
    assert remind("2027-05-02")["inspection_season_open"] == 0
    assert remind("2027-05-01")["inspection_season_open"] == 1


def test_r_i02_last_week_reminder_from_25_april_to_units_not_inspected(make_unit, remind, clock):
    _, missed = make_unit("haidian")
    inspected_client, inspected = make_unit("haidian")
    clock("2027-04-10")
    assert inspected_client.post("/inspections/unit").status_code == 201
    assert remind("2027-04-24")["inspection_last_week"] == 0
    assert remind("2027-04-25")["inspection_last_week"] == 1
    assert len(notices(missed, NoticeKind.INSPECTION_LAST_WEEK)) == 1
    assert notices(inspected, NoticeKind.INSPECTION_LAST_WEEK) == []
    assert remind("2027-05-02")["inspection_last_week"] == 0


# employer change (R-E01) and cancellation (R-C01) deadlines ---------------------------------------


def test_r_e01_employer_change_reminder_7_days_before_day_60(held, make_unit, remind, clock):
    permit_no = held.permit_no
    clock("2026-07-02")
    new_client, new_unit = make_unit("chaoyang")
    case = file_case(new_client, employer_change(permit_no, "2026-07-01", "2026-07-01"))  # day 60: 2026-08-30
    assert remind("2026-08-22")["employer_change_deadline"] == 0
    assert remind("2026-08-23")["employer_change_deadline"] == 1
    (notice,) = notices(new_unit, NoticeKind.EMPLOYER_CHANGE_DEADLINE)
    assert (notice.key, notice.due_on) == (str(case["id"]), dt.date(2026, 8, 30))
    assert case["number"] in notice.title and "2026年8月30日" in notice.body


def test_r_e01_no_employer_change_reminder_after_day_60(held, make_unit, remind, clock):
    permit_no = held.permit_no
    clock("2026-07-02")
    new_client, _ = make_unit("chaoyang")
    file_case(new_client, employer_change(permit_no, "2026-07-01", "2026-07-01"))
    assert remind("2026-08-31")["employer_change_deadline"] == 0  # day 61: too late to remind


def test_r_c01_cancellation_reminder_2_days_before_day_5(held, remind, clock):
    client, unit_id, permit_no, _ = held
    clock("2026-07-02")
    case = file_case(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-07-01"})
    assert remind("2026-07-03")["cancellation_deadline"] == 0
    assert remind("2026-07-04")["cancellation_deadline"] == 1  # day 5 is 2026-07-06
    (notice,) = notices(unit_id, NoticeKind.CANCELLATION_DEADLINE)
    assert (notice.key, notice.due_on) == (str(case["id"]), dt.date(2026, 7, 6))
    assert remind("2026-07-06")["cancellation_deadline"] == 0  # once


def test_r_c01_no_cancellation_reminder_for_a_submitted_one(held, remind, clock):
    client, _, permit_no, _ = held
    clock("2026-07-02")
    case = file_case(client, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-07-01"})
    assert client.post(f"/applications/{case['id']}/submit").status_code == 200
    assert remind("2026-07-05")["cancellation_deadline"] == 0


# supplement request nearing 3 months (R-B04) ------------------------------------------------------


@pytest.fixture
def supplement(make_unit, file_new_case, officials, clock):
    """A case of a Haidian unit whose supplement was requested on ISSUED: (unit id, case)."""
    clock(ISSUED)
    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    asked = officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-08"], "note": "个税证明缺公章"},
    )
    assert asked.status_code == 200, asked.content
    return unit_id, case


def test_r_b04_supplement_reminder_14_days_before_3_months(supplement, remind):
    unit_id, case = supplement
    assert remind("2026-08-31")["supplement_nearing_timeout"] == 0
    assert remind("2026-09-01")["supplement_nearing_timeout"] == 1  # 3 months: 2026-09-15
    (notice,) = notices(unit_id, NoticeKind.SUPPLEMENT_NEARING_TIMEOUT)
    assert (notice.key, notice.due_on) == (f"{case['id']}:2026-06-15", dt.date(2026, 9, 15))


def test_r_b04_supplement_reminder_not_after_the_3_months(supplement, remind):
    assert remind("2026-09-16")["supplement_nearing_timeout"] == 0  # timed out: suspension, not reminder
    assert remind("2026-09-15")["supplement_nearing_timeout"] == 1


# once, catch-up, preferences ------------------------------------------------------------------


def test_rerunning_the_job_creates_each_notice_once(held, supplement, remind):
    first = remind("2026-09-01")
    assert first["supplement_nearing_timeout"] == 1
    assert remind("2026-09-01") == {k: 0 for k in first}
    assert remind("2026-09-02") == {k: 0 for k in first}
    assert len(reminders()) == 1


def test_a_catch_up_run_after_a_gap_creates_what_is_still_due(make_unit, held, supplement, remind):
    unit_id = held.unit_id
    supplement_unit, _ = supplement
    # the job last ran on 31 August 2026 and next on 27 April 2027
    assert sum(remind("2026-08-31").values()) == 0
    done = remind("2027-04-27")
    assert done["inspection_season_open"] == 2 and done["inspection_last_week"] == 2
    assert done["supplement_nearing_timeout"] == 0  # its 3 months ended in September
    assert {n.kind for n in reminders(unit_id)} == {"inspection_season_open", "inspection_last_week"}


def test_a_kind_turned_off_stops_for_that_unit_only(make_unit, remind):
    quiet_client, quiet = make_unit("haidian")
    _, other = make_unit("haidian")
    off = put(quiet_client, "/notices/preferences", {"kind": "inspection_season_open", "enabled": False})
    assert off.status_code == 200, off.content
    remind("2027-04-27")
    assert [n.kind for n in reminders(quiet)] == ["inspection_last_week"]
    assert sorted(n.kind for n in reminders(other)) == ["inspection_last_week", "inspection_season_open"]
