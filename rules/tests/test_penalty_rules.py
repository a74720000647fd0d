"""R-B02, R-B04, R-B05 and the kind/field combinations of a penalty, as plain functions."""

import datetime as dt

import pytest

from core.dates import add_months
from ops.demo import make_id_number
from rules.penalties import (
    penalty_target_failures,
    r_b02_last_day,
    r_b04_latest_timed_out_request,
    r_b04_suspended_from,
    r_b04_timed_out,
    r_b05_reason,
)

D = dt.date


def test_r_b02_two_years_from_the_decision_last_day_included():
    assert r_b02_last_day(D(2026, 6, 15)) == D(2028, 6, 14)
    assert r_b02_last_day(D(2028, 2, 29)) == D(2030, 2, 27)  # 29 Feb + 2 years = 28 Feb, minus a day


@pytest.mark.parametrize(("asked", "in_time", "late"), [
    (D(2026, 1, 15), D(2026, 4, 15), D(2026, 4, 16)),
    (D(2026, 3, 31), D(2026, 6, 30), D(2026, 7, 1)),
    (D(2025, 11, 30), D(2026, 2, 28), D(2026, 3, 1)),
])
def test_r_b04_three_months_exactly_is_in_time_the_next_day_is_not(asked, in_time, late):
    assert not r_b04_timed_out(asked, in_time)
    assert r_b04_timed_out(asked, late)
    assert r_b04_suspended_from(asked) == late


def test_r_b04_latest_timed_out_request_agrees_with_the_rule_every_day_of_two_years():
    day = D(2027, 1, 1)
    while day < D(2029, 1, 1):
        cutoff = r_b04_latest_timed_out_request(day)
        assert r_b04_timed_out(cutoff, day), day
        assert not r_b04_timed_out(cutoff + dt.timedelta(days=1), day), day
        assert add_months(cutoff, 3) < day
        day += dt.timedelta(days=1)


def test_r_b05_a_reason_is_required():
    assert r_b05_reason("已核实") == []
    for blank in ("", "  ", None):
        [failure] = r_b05_reason(blank)
        assert failure.rule == "R-B05" and failure.field == "note"


def test_r_b01_person_penalty_needs_a_valid_id_number_and_no_unit():
    good = make_id_number(D(1990, 5, 17), "M")
    assert penalty_target_failures("person_false_materials", id_number=good, has_unit=False) == []
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    [failure] = penalty_target_failures("person_false_materials", id_number=bad, has_unit=False)
    assert (failure.rule, failure.field) == ("R-B01", "id_number")
    failures = penalty_target_failures("person_false_materials", id_number="", has_unit=True)
    assert [f.field for f in failures] == ["unit_id", "id_number"]


@pytest.mark.parametrize(("kind", "rule"), [
    ("unit_negligent_review", "R-B02"), ("unit_false_declaration", "R-B03"), ("unit_review_failure", "R-B04"),
])
def test_r_b02_r_b03_r_b04_unit_penalties_need_a_unit_and_no_id_number(kind, rule):
    assert penalty_target_failures(kind, id_number="", has_unit=True) == []
    failures = penalty_target_failures(kind, id_number="110105199005170011", has_unit=False)
    assert {(f.rule, f.field) for f in failures} == {(rule, "id_number"), (rule, "unit_id")}
