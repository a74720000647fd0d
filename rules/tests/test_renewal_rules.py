"""R-R01…R-R05: renewal (续签) on a CaseFacts. The permit of `permit_facts()` was issued 2026-06-15
and expires 2029-06-15, so its renewal window runs from 2029-05-15 to 2029-07-15, both included."""

import datetime as dt
from typing import Any

from rules.engine import REGISTRY, evaluate
from rules.facts import CaseFacts
from rules.renewal import renewal_window
from rules.tests.builders import OTHER_UNIT_ID, case_data, case_facts, failures_of, permit_facts
from rules.types import rules_for
from rules.validity import renewed_expiry

EXPIRY = dt.date(2029, 6, 15)
OPENS, CLOSES = dt.date(2029, 5, 15), dt.date(2029, 7, 15)
TODAY = dt.date(2029, 5, 20)


def renewal(today: dt.date = TODAY, data: dict[str, Any] | None = None, **changes: Any) -> CaseFacts:
    permit = changes.pop("permit", permit_facts())
    return case_facts("renewal", case_data("renewal", today, permit) if data is None else data,
                      permit=permit, **changes)


def test_a_good_renewal_is_eligible_on_every_day_of_the_window() -> None:
    for today in (OPENS, EXPIRY, CLOSES):
        assert evaluate(rules_for("renewal"), renewal(today), today).failures == []


# R-R01 ---------------------------------------------------------------------------------------------

def test_r_r01_window_is_one_month_either_side_of_expiry() -> None:
    assert renewal_window(EXPIRY) == (OPENS, CLOSES)
    assert renewal_window(dt.date(2029, 3, 31)) == (dt.date(2029, 2, 28), dt.date(2029, 4, 30))


def test_r_r01_first_day_of_the_window_passes() -> None:
    assert failures_of("R-R01", renewal(OPENS), OPENS) == []


def test_r_r01_day_before_the_window_is_too_early_and_says_when_it_opens() -> None:
    today = OPENS - dt.timedelta(days=1)
    [failure] = failures_of("R-R01", renewal(today), today)
    assert (failure.rule, failure.field) == ("R-R01", "permit_no")
    assert "2029-05-15" in failure.message_zh and "过早" in failure.message_zh
    assert "Too early" in failure.message_en and "opens on 2029-05-15" in failure.message_en


def test_r_r01_last_day_expiry_plus_one_month_passes() -> None:
    permit = permit_facts(status="expired")
    assert failures_of("R-R01", renewal(CLOSES, permit=permit), CLOSES) == []


def test_r_r01_day_after_the_window_fails_only_a_new_application_is_possible() -> None:
    today = CLOSES + dt.timedelta(days=1)
    [failure] = failures_of("R-R01", renewal(today, permit=permit_facts(status="expired")), today)
    assert "2029-07-15" in failure.message_zh and "新办" in failure.message_zh
    assert "only a new application is possible" in failure.message_en


def test_r_r01_lapsed_permit_fails_only_a_new_application_is_possible() -> None:
    [failure] = failures_of("R-R01", renewal(permit=permit_facts(status="lapsed")), TODAY)
    assert "only a new application is possible" in failure.message_en


def test_r_r01_cancelled_permit_fails() -> None:
    permit = permit_facts(status="cancelled", cancelled_on=dt.date(2029, 5, 1),
                          cancel_reason="left_employment")
    [failure] = failures_of("R-R01", renewal(permit=permit), TODAY)
    assert "cancelled on 2029-05-01" in failure.message_en and "注销" in failure.message_zh


def test_r_r01_no_such_permit_fails_once_for_the_whole_renewal() -> None:
    facts = renewal(permit=None)
    failures = evaluate(rules_for("renewal"), facts, TODAY).failures
    assert [(f.rule, f.field) for f in failures] == [("R-R01", "permit_no")]
    assert "BJ20260000001" in failures[0].message_en


# R-R02 ---------------------------------------------------------------------------------------------

def test_r_r02_the_permits_own_unit_passes() -> None:
    assert failures_of("R-R02", renewal(), TODAY) == []


def test_r_r02_another_unit_fails() -> None:
    [failure] = failures_of("R-R02", renewal(permit=permit_facts(unit_id=OTHER_UNIT_ID)), TODAY)
    assert (failure.rule, failure.field) == ("R-R02", "permit_no")


# R-R03 ---------------------------------------------------------------------------------------------

def months_without(key: str, *months: str, payer: str | None = None) -> dict[str, Any]:
    """Renewal data with `months` of `key` missing, or paid by `payer` when one is given."""
    data = case_data("renewal", TODAY)
    entries = [m for m in data[key] if m["month"] not in months]
    if payer:
        entries += [{"month": m, "payer": payer} for m in months]
    data[key] = entries
    return data


def test_r_r03_period_runs_from_the_issue_month_to_the_month_before_submission() -> None:
    data = case_data("renewal", TODAY)
    assert data["tax_months"][0]["month"] == "2026-06" and data["tax_months"][-1]["month"] == "2029-04"
    assert failures_of("R-R03", renewal(data=data), TODAY) == []
    data["tax_months"].pop()  # 2029-04, the month before the submission month
    [failure] = failures_of("R-R03", renewal(data=data), TODAY)
    assert failure.field == "tax_months" and "2029-04" in failure.message_en


def test_r_r03_the_submission_month_itself_is_not_needed() -> None:
    data = case_data("renewal", TODAY)
    assert "2029-05" not in [m["month"] for m in data["tax_months"]]
    assert failures_of("R-R03", renewal(data=data), TODAY) == []


def test_r_r03_an_agency_month_fails() -> None:
    [failure] = failures_of("R-R03", renewal(data=months_without("tax_months", "2027-03", payer="agency")),
                            TODAY)
    assert "2027-03" in failure.message_zh and "中介" in failure.message_zh
    assert "2027-03 paid by an agency" in failure.message_en


def test_r_r03_a_former_employers_month_counts() -> None:
    # the data names no employer: any month paid by a unit (payer "unit"), the former one too, counts
    data = months_without("tax_months", "2027-03", payer="unit")
    assert failures_of("R-R03", renewal(data=data), TODAY) == []


def test_r_r03_missing_months_across_a_year_boundary_are_named_as_ranges() -> None:
    data = months_without("tax_months", "2026-11", "2026-12", "2027-01", "2028-05")
    [failure] = failures_of("R-R03", renewal(data=data), TODAY)
    assert "2026-11至2027-01、2028-05" in failure.message_zh
    assert "2026-11 to 2027-01, 2028-05" in failure.message_en


def test_r_r03_a_renewed_permits_period_starts_at_the_old_expiry() -> None:
    permit = permit_facts(issue_date=dt.date(2029, 6, 1), period_start=dt.date(2029, 6, 15),
                          expiry_date=dt.date(2032, 6, 15))
    today = dt.date(2032, 6, 1)
    data = case_data("renewal", today, permit)
    assert data["tax_months"][0]["month"] == "2029-06"
    assert failures_of("R-R03", renewal(today, data, permit=permit), today) == []


def test_r_r03_without_tax_months_says_they_are_missing() -> None:
    data = case_data("renewal", TODAY)
    del data["tax_months"]
    [failure] = failures_of("R-R03", renewal(data=data), TODAY)
    assert failure.field == "tax_months"


# R-R04 ---------------------------------------------------------------------------------------------

def test_r_r04_every_month_paid_passes() -> None:
    assert failures_of("R-R04", renewal(), TODAY) == []


def test_r_r04_an_agency_month_counts() -> None:
    data = months_without("social_insurance_months", "2027-03", payer="agency")
    assert failures_of("R-R04", renewal(data=data), TODAY) == []


def test_r_r04_a_missing_month_fails_and_is_named() -> None:
    data = months_without("social_insurance_months", "2027-12", "2028-01")
    [failure] = failures_of("R-R04", renewal(data=data), TODAY)
    assert failure.field == "social_insurance_months"
    assert "2027-12至2028-01" in failure.message_zh and "2027-12 to 2028-01" in failure.message_en


# R-R05 ---------------------------------------------------------------------------------------------

def test_r_r05_new_expiry_is_old_expiry_plus_three_years() -> None:
    assert renewed_expiry(EXPIRY) == dt.date(2032, 6, 15)


def test_r_r05_29_february_becomes_28_february() -> None:
    assert renewed_expiry(dt.date(2028, 2, 29)) == dt.date(2031, 2, 28)


def test_r_r05_is_an_effect_not_a_registered_check() -> None:
    assert "R-R05" not in REGISTRY and "R-R05" not in rules_for("renewal")
