"""R-C01: cancellation (注销) on a CaseFacts, and the late mark."""

import datetime as dt
from typing import Any

import pytest

from rules.cancellation import cancellation_deadline, cancellation_is_late
from rules.engine import evaluate
from rules.facts import CaseFacts
from rules.tests.builders import case_data, case_facts, failures_of, permit_facts, unit_facts
from rules.types import rules_for

TODAY = dt.date(2027, 3, 10)


def cancellation(left_on: dt.date | None = TODAY - dt.timedelta(days=1), **changes: Any) -> CaseFacts:
    data = case_data("cancellation", TODAY)
    data["left_on"] = left_on.isoformat() if left_on else None
    return case_facts("cancellation", data, **changes)


def test_r_c01_good_cancellation_is_eligible() -> None:
    assert evaluate(rules_for("cancellation"), cancellation(), TODAY).failures == []


def test_r_c01_leaving_today_passes() -> None:
    assert failures_of("R-C01", cancellation(TODAY), TODAY) == []


def test_r_c01_future_leaving_date_fails() -> None:
    [failure] = failures_of("R-C01", cancellation(TODAY + dt.timedelta(days=1)), TODAY)
    assert (failure.rule, failure.field) == ("R-C01", "left_on")
    assert "2027-03-11" in failure.message_zh and "after the submission date" in failure.message_en


def test_r_c01_missing_leaving_date_fails() -> None:
    [failure] = failures_of("R-C01", cancellation(None), TODAY)
    assert failure.field == "left_on"


def test_r_c01_a_late_filing_is_not_refused() -> None:
    assert failures_of("R-C01", cancellation(TODAY - dt.timedelta(days=100)), TODAY) == []


@pytest.mark.parametrize("status", ["valid", "frozen", "expired"])
def test_r_c01_a_live_permit_may_be_cancelled(status: str) -> None:
    assert failures_of("R-C01", cancellation(permit=permit_facts(status=status)), TODAY) == []


@pytest.mark.parametrize("status", ["cancelled", "lapsed"])
def test_r_c01_a_cancelled_or_lapsed_permit_fails(status: str) -> None:
    [failure] = failures_of("R-C01", cancellation(permit=permit_facts(status=status)), TODAY)
    assert (failure.rule, failure.field) == ("R-C01", "permit_no")


def test_r_c01_no_such_permit_fails() -> None:
    [failure] = failures_of("R-C01", cancellation(permit=None), TODAY)
    assert failure.field == "permit_no"


def test_r_c01_day_5_after_leaving_is_on_time() -> None:
    left = dt.date(2027, 2, 26)
    assert cancellation_deadline(left) == dt.date(2027, 3, 3)
    assert not cancellation_is_late(left, dt.date(2027, 3, 3))
    assert not cancellation_is_late(left, left)


def test_r_c01_day_6_after_leaving_is_late() -> None:
    assert cancellation_is_late(dt.date(2027, 2, 26), dt.date(2027, 3, 4))


def test_r_u07_a_disqualified_unit_may_still_cancel() -> None:
    facts = cancellation(unit=unit_facts(disqualified=True))
    assert evaluate(rules_for("cancellation"), facts, TODAY).failures == []
    assert failures_of("R-U07", facts, TODAY) == []


def test_r_u05_a_frozen_unit_cannot_cancel() -> None:
    facts = cancellation(unit=unit_facts(status="frozen"))
    assert [f.rule for f in evaluate(rules_for("cancellation"), facts, TODAY).failures] == ["R-U05"]
