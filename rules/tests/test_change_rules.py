"""R-E01…R-E03, R-A01, R-G01, R-X01, R-UI01 on a CaseFacts of each change type."""

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from core.dates import add_months
from ops.demo import make_id_number, make_uscc
from rules.changes import unit_info_changes
from rules.engine import evaluate
from rules.facts import CaseFacts
from rules.tests.builders import (
    OTHER_UNIT_ID,
    UNIT_ID,
    case_data,
    case_facts,
    failures_of,
    permit_facts,
    unit_facts,
)
from rules.types import rules_for

TODAY = dt.date(2027, 3, 10)


def facts(case_type: str, data: dict[str, Any] | None = None, **changes: Any) -> CaseFacts:
    return case_facts(case_type, case_data(case_type, TODAY) if data is None else data, **changes)


@pytest.mark.parametrize("case_type", ["employer_change", "address_change", "general_change", "replacement",
                                       "unit_info_change"])
def test_good_change_data_is_eligible(case_type: str) -> None:
    assert evaluate(rules_for(case_type), facts(case_type), TODAY).failures == []


# R-E01 ---------------------------------------------------------------------------------------------

def left_days_ago(days: int) -> dict[str, Any]:
    data = case_data("employer_change", TODAY)
    data["left_previous_on"] = (TODAY - dt.timedelta(days=days)).isoformat()
    return data


def test_r_e01_day_60_after_leaving_passes() -> None:
    assert failures_of("R-E01", facts("employer_change", left_days_ago(60)), TODAY) == []


def test_r_e01_day_61_after_leaving_fails_and_names_the_last_day() -> None:
    [failure] = failures_of("R-E01", facts("employer_change", left_days_ago(61)), TODAY)
    last = (TODAY - dt.timedelta(days=1)).isoformat()
    assert (failure.rule, failure.field) == ("R-E01", "left_previous_on")
    assert last in failure.message_zh and last in failure.message_en


def test_r_e01_leaving_on_the_submission_day_passes() -> None:
    assert failures_of("R-E01", facts("employer_change", left_days_ago(0)), TODAY) == []


def test_r_e01_leaving_date_in_the_future_fails() -> None:
    [failure] = failures_of("R-E01", facts("employer_change", left_days_ago(-1)), TODAY)
    assert "after the submission date" in failure.message_en


def test_r_e01_missing_leaving_date_fails() -> None:
    data = case_data("employer_change", TODAY)
    del data["left_previous_on"]
    [failure] = failures_of("R-E01", facts("employer_change", data), TODAY)
    assert failure.field == "left_previous_on"


def test_r_e01_the_new_contract_with_both_dates_passes() -> None:
    data = case_data("employer_change", TODAY)
    assert data["employment"]["started_on"] and data["employment"]["contract_ends_on"]
    assert failures_of("R-E01", facts("employer_change", data), TODAY) == []


def test_r_e01_no_employment_section_fails_on_both_contract_dates() -> None:
    data = case_data("employer_change", TODAY)
    del data["employment"]
    failures = failures_of("R-E01", facts("employer_change", data), TODAY)
    assert [f.field for f in failures] == ["employment.started_on", "employment.contract_ends_on"]
    assert failures[1].message_zh == "未填写与本单位的劳动合同截止日期"


@pytest.mark.parametrize("key", ["started_on", "contract_ends_on"])
def test_r_e01_one_contract_date_missing_fails_on_it(key: str) -> None:
    data = case_data("employer_change", TODAY)
    del data["employment"][key]
    [failure] = failures_of("R-E01", facts("employer_change", data), TODAY)
    assert (failure.rule, failure.field) == ("R-E01", f"employment.{key}")


# R-E02 ---------------------------------------------------------------------------------------------

def test_r_e02_active_new_unit_passes() -> None:
    assert failures_of("R-E02", facts("employer_change"), TODAY) == []


@pytest.mark.parametrize("status", ["pending", "frozen", "rejected"])
def test_r_e02_pending_or_otherwise_inactive_new_unit_fails(status: str) -> None:
    [failure] = failures_of("R-E02", facts("employer_change", unit=unit_facts(status=status)), TODAY)
    assert failure.rule == "R-E02" and status in failure.message_en


# R-E03 ---------------------------------------------------------------------------------------------

def permit_cancelled_days_ago(days: int, reason: str = "left_employment") -> Any:
    return permit_facts(unit_id=OTHER_UNIT_ID, status="cancelled", cancel_reason=reason,
                        cancelled_on=TODAY - dt.timedelta(days=days))


def test_r_e03_valid_permit_of_another_unit_passes() -> None:
    assert failures_of("R-E03", facts("employer_change"), TODAY) == []


def test_r_e03_cancelled_for_leaving_60_days_ago_passes() -> None:
    assert failures_of("R-E03", facts("employer_change", permit=permit_cancelled_days_ago(60)), TODAY) == []


def test_r_e03_cancelled_for_leaving_61_days_ago_fails() -> None:
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit_cancelled_days_ago(61)), TODAY)
    assert (failure.rule, failure.field) == ("R-E03", "permit_no")
    assert "60 days" in failure.message_en


def test_r_e03_cancelled_by_an_investigation_fails() -> None:
    permit = permit_cancelled_days_ago(5, reason="investigation")
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit), TODAY)
    assert "other than leaving" in failure.message_en


def permit_cancelled_expiring(expiry: dt.date, **changes: Any) -> Any:
    """Cancelled for leaving 5 days ago (well within the 60 days), expiring on `expiry`."""
    return replace(permit_cancelled_days_ago(5), expiry_date=expiry, **changes)


def test_r_e03_cancelled_for_leaving_on_its_lapse_date_passes() -> None:
    permit = permit_cancelled_expiring(dt.date(2027, 2, 10))  # lapses on 2027-03-10, TODAY
    assert add_months(permit.expiry_date, 1) == TODAY
    assert failures_of("R-E03", facts("employer_change", permit=permit), TODAY) == []


def test_r_e03_cancelled_for_leaving_the_day_after_its_lapse_date_fails() -> None:
    permit = permit_cancelled_expiring(dt.date(2027, 2, 9))  # lapsed after 2027-03-09
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit), TODAY)
    assert (failure.rule, failure.field) == ("R-E03", "permit_no")
    assert "lapsed a month later (after 2027-03-09)" in failure.message_en
    assert "自然失效" in failure.message_zh


def test_r_e03_a_permit_lapsed_by_the_day_the_facts_are_read_fails() -> None:
    """At the decision `today` is still the submission date (cases.services.judged_on); the permit's
    state, read on the decision's day, says it has lapsed since."""
    permit = permit_cancelled_expiring(dt.date(2027, 2, 10), past_lapse_date=True)
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit), TODAY)
    assert "lapsed" in failure.message_en


def test_r_e03_past_60_days_and_lapsed_names_both() -> None:
    permit = permit_cancelled_expiring(dt.date(2026, 12, 1), cancelled_on=TODAY - dt.timedelta(days=61))
    failures = failures_of("R-E03", facts("employer_change", permit=permit), TODAY)
    assert len(failures) == 2 and "60 days" in failures[0].message_en and "lapsed" in failures[1].message_en


@pytest.mark.parametrize("status", ["lapsed", "frozen", "expired"])
def test_r_e03_lapsed_or_other_state_fails(status: str) -> None:
    permit = permit_facts(unit_id=OTHER_UNIT_ID, status=status)
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit), TODAY)
    assert status in failure.message_en


def test_r_e03_permit_already_held_by_the_filing_unit_fails() -> None:
    [failure] = failures_of("R-E03", facts("employer_change", permit=permit_facts(unit_id=UNIT_ID)), TODAY)
    assert "already belongs to this unit" in failure.message_en


def test_r_e03_no_such_permit_fails() -> None:
    [failure] = failures_of("R-E03", facts("employer_change", permit=None), TODAY)
    assert failure.field == "permit_no"


# R-A01 ---------------------------------------------------------------------------------------------

def residence(**values: Any) -> dict[str, Any]:
    data = case_data("address_change", TODAY)
    data["residence"].update(values)
    return data


def test_r_a01_lease_of_exactly_three_months_passes() -> None:
    data = residence(lease_ends_on=add_months(TODAY, 3).isoformat())
    assert failures_of("R-A01", facts("address_change", data), TODAY) == []


def test_r_a01_lease_one_day_short_of_three_months_fails() -> None:
    end = add_months(TODAY, 3) - dt.timedelta(days=1)
    [failure] = failures_of("R-A01", facts("address_change", residence(lease_ends_on=end.isoformat())), TODAY)
    assert (failure.rule, failure.field) == ("R-A01", "residence.lease_ends_on")
    assert add_months(TODAY, 3).isoformat() in failure.message_en and end.isoformat() in failure.message_zh


def test_r_a01_rented_without_lease_end_fails() -> None:
    [failure] = failures_of("R-A01", facts("address_change", residence(lease_ends_on=None)), TODAY)
    assert failure.field == "residence.lease_ends_on"


def test_r_a01_public_rented_lease_is_checked_only_when_given() -> None:
    data = residence(housing_type="public_rented", lease_ends_on=None)
    assert failures_of("R-A01", facts("address_change", data), TODAY) == []
    data = residence(housing_type="public_rented", lease_ends_on=add_months(TODAY, 2).isoformat())
    assert len(failures_of("R-A01", facts("address_change", data), TODAY)) == 1


def test_r_a01_owned_needs_no_lease() -> None:
    data = residence(housing_type="owned", lease_ends_on=None)
    assert failures_of("R-A01", facts("address_change", data), TODAY) == []


def test_r_a01_incomplete_residence_fails_per_field() -> None:
    data = residence(address=" ", district="xuanwu", housing_type="tent")
    assert [f.field for f in failures_of("R-A01", facts("address_change", data), TODAY)] == [
        "residence.address", "residence.district", "residence.housing_type"]
    assert failures_of("R-A01", facts("address_change", {"permit_no": "X"}), TODAY)[0].field == "residence"


# R-G01 ---------------------------------------------------------------------------------------------

def general(**changes: Any) -> CaseFacts:
    return facts("general_change", {"permit_no": "BJ20260000001", "changes": changes})


def test_r_g01_a_valid_permit_passes() -> None:
    assert failures_of("R-G01", general(hukou="北京市海淀区"), TODAY) == []


@pytest.mark.parametrize(("status", "hint"), [("frozen", "R-I05"), ("expired", "R-R01"), ("cancelled", ""),
                                              ("lapsed", "")])
def test_r_g01_only_while_the_permit_is_valid(status: str, hint: str) -> None:
    data = {"permit_no": "BJ20260000001", "changes": {"hukou": "北京市海淀区"}}
    [failure] = failures_of("R-G01", facts("general_change", data, permit=permit_facts(status=status)), TODAY)
    assert (failure.rule, failure.field) == ("R-G01", "permit_no")
    assert f"only while the permit is valid; it is {status}" in failure.message_en
    assert hint in failure.message_en and "有效期间" in failure.message_zh


def test_r_g01_not_valid_and_nothing_changed_names_both() -> None:
    data = {"permit_no": "BJ20260000001", "changes": {}}
    frozen = permit_facts(status="frozen")
    failures = failures_of("R-G01", facts("general_change", data, permit=frozen), TODAY)
    assert [f.field for f in failures] == ["permit_no", "changes"]


def test_r_g01_nothing_changed_fails() -> None:
    for empty in ({}, {"name": "", "hukou": "  ", "id_number": None}):
        [failure] = failures_of("R-G01", general(**empty), TODAY)
        assert (failure.rule, failure.field) == ("R-G01", "changes")


def test_r_g01_the_present_name_again_is_not_a_change() -> None:
    [failure] = failures_of("R-G01", general(name="张伟"), TODAY)
    assert failure.field == "changes"
    assert failures_of("R-G01", general(name="张卫"), TODAY) == []


def test_r_g01_good_new_id_number_passes() -> None:
    assert failures_of("R-G01", general(id_number=make_id_number(dt.date(1985, 1, 2))), TODAY) == []


def test_r_g01_bad_new_id_number_fails() -> None:
    number = make_id_number(dt.date(1985, 1, 2))
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    [failure] = failures_of("R-G01", general(id_number=bad), TODAY)
    assert (failure.rule, failure.field) == ("R-G01", "changes.id_number")
    assert "check digit" in failure.message_en


def test_r_g01_unknown_field_fails() -> None:
    [failure] = failures_of("R-G01", general(hukou="北京市", sex="F"), TODAY)
    assert failure.field == "changes.sex"


# R-X01 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["lost", "damaged"])
def test_r_x01_lost_or_damaged_passes(reason: str) -> None:
    data = {"permit_no": "BJ20260000001", "reason": reason}
    assert failures_of("R-X01", facts("replacement", data), TODAY) == []


def test_r_x01_other_needs_a_detail() -> None:
    data = {"permit_no": "BJ20260000001", "reason": "other", "reason_detail": " "}
    [failure] = failures_of("R-X01", facts("replacement", data), TODAY)
    assert failure.field == "reason_detail"
    data["reason_detail"] = "证件被水浸泡字迹不清"
    assert failures_of("R-X01", facts("replacement", data), TODAY) == []


@pytest.mark.parametrize("reason", [None, "", "stolen"])
def test_r_x01_missing_or_unknown_reason_fails(reason: str | None) -> None:
    [failure] = failures_of("R-X01", facts("replacement", {"permit_no": "X", "reason": reason}), TODAY)
    assert failure.field == "reason"


# R-UI01 --------------------------------------------------------------------------------------------

CURRENT = {"name": "北京某某科技有限公司", "address": "海淀区中关村大街1号", "district": "haidian",
           "legal_representative": "王大", "uscc": make_uscc(), "registered_capital_cny": 1000000,
           "high_tech": False}


def unit_change(**changes: Any) -> CaseFacts:
    return facts("unit_info_change", {"changes": changes}, current_unit=dict(CURRENT))


def test_r_ui01_each_field_may_change() -> None:
    new = {"name": "北京某某科技股份有限公司", "address": "朝阳区建国路1号", "district": "chaoyang",
           "legal_representative": "李二", "uscc": make_uscc("91110105MA01C0DE1"),
           "registered_capital_cny": 2000000, "high_tech": True}
    for key, value in new.items():
        assert failures_of("R-UI01", unit_change(**{key: value}), TODAY) == [], key
    assert unit_info_changes(new, CURRENT) == new


def test_r_ui01_unknown_field_fails() -> None:
    [failure] = failures_of("R-UI01", unit_change(name="新名称", entity_type="branch"), TODAY)
    assert (failure.rule, failure.field) == ("R-UI01", "changes.entity_type")


def test_r_ui01_same_value_is_no_change() -> None:
    [failure] = failures_of("R-UI01", unit_change(district="haidian", high_tech=False), TODAY)
    assert failure.field == "changes" and "Nothing changes" in failure.message_en
    assert failures_of("R-UI01", unit_change(district="haidian", high_tech=True), TODAY) == []


def test_r_ui01_same_uscc_written_in_lower_case_is_no_change() -> None:
    assert len(failures_of("R-UI01", unit_change(uscc=f" {make_uscc().lower()} "), TODAY)) == 1


def test_r_ui01_bad_uscc_fails() -> None:
    bad = make_uscc()[:-1] + ("0" if make_uscc()[-1] != "0" else "1")
    [failure] = failures_of("R-UI01", unit_change(uscc=bad), TODAY)
    assert (failure.rule, failure.field) == ("R-UI01", "changes.uscc")
    assert "check character" in failure.message_en


@pytest.mark.parametrize(("key", "value"), [("district", "xuanwu"), ("registered_capital_cny", -1),
                                            ("registered_capital_cny", "100"), ("high_tech", "yes")])
def test_r_ui01_bad_values_fail(key: str, value: Any) -> None:
    [failure] = failures_of("R-UI01", unit_change(**{key: value}), TODAY)
    assert failure.field == f"changes.{key}"


def test_r_ui01_nothing_given_fails() -> None:
    [failure] = failures_of("R-UI01", unit_change(name=" ", address=None), TODAY)
    assert failure.field == "changes"
    assert failures_of("R-UI01", facts("unit_info_change", {}), TODAY)[0].field == "changes"
