"""R-P01…R-P10 on a `new` case's facts; `today` is the submission date."""

import datetime as dt
from typing import Any

import pytest

from core.dates import add_years
from ops.demo import make_id_number, new_case_data
from rules.applicant import approval_failures, needs_discretion
from rules.data import DISTRICT_CODES
from rules.engine import evaluate
from rules.tests.builders import failures_of, new_facts

TODAY = dt.date(2026, 6, 15)  # months before: 2025-12 … 2026-05


def facts_with(section: str, today: dt.date = TODAY, **fields: Any):
    data = new_case_data(today)
    data[section].update(fields)
    return new_facts(today, data)


def facts_born(birth: dt.date, sex: str, today: dt.date = TODAY):
    return new_facts(today, new_case_data(today, birth=birth, sex=sex))


def facts_without(section: str):
    data = new_case_data(TODAY)
    del data[section]
    return new_facts(TODAY, data)


def rules_and_fields(failures: list) -> list[tuple[str, str | None]]:
    return [(f.rule, f.field) for f in failures]


# R-P01 ---------------------------------------------------------------------------------------------

def test_r_p01_woman_aged_exactly_55_passes() -> None:
    # born 56 years ago tomorrow: 55 周岁 today, the last day she may apply
    birth = add_years(TODAY, -56) + dt.timedelta(days=1)
    assert failures_of("R-P01", facts_born(birth, "F"), TODAY) == []


def test_r_p01_woman_on_her_55th_birthday_passes() -> None:
    assert failures_of("R-P01", facts_born(add_years(TODAY, -55), "F"), TODAY) == []


def test_r_p01_woman_aged_56_fails() -> None:
    [failure] = failures_of("R-P01", facts_born(add_years(TODAY, -56), "F"), TODAY)
    assert (failure.rule, failure.field) == ("R-P01", "person.id_number")
    assert "56" in failure.message_zh and "55" in failure.message_en


def test_r_p01_man_aged_60_passes() -> None:
    birth = add_years(TODAY, -61) + dt.timedelta(days=1)
    assert failures_of("R-P01", facts_born(birth, "M"), TODAY) == []


def test_r_p01_man_aged_61_fails() -> None:
    [failure] = failures_of("R-P01", facts_born(add_years(TODAY, -61), "M"), TODAY)
    assert "60" in failure.message_zh


def test_r_p01_woman_born_29_february_turns_56_on_29_february() -> None:
    facts = facts_born(dt.date(1968, 2, 29), "F", dt.date(2024, 2, 28))
    assert failures_of("R-P01", facts, dt.date(2024, 2, 28)) == []
    assert len(failures_of("R-P01", facts, dt.date(2024, 2, 29))) == 1


def test_r_p01_uses_the_birth_date_and_sex_given_beside_the_id_number() -> None:
    facts = facts_with("person", birth_date=add_years(TODAY, -57).isoformat(), sex="M")
    assert failures_of("R-P01", facts, TODAY) == []  # a man of 57; R-P09 reports the disagreement
    woman_of_57 = facts_with("person", birth_date=add_years(TODAY, -57).isoformat())
    [failure] = failures_of("R-P01", woman_of_57, TODAY)
    assert failure.field == "person.birth_date"


def test_r_p01_unreadable_id_number_fails_clearly() -> None:
    [failure] = failures_of("R-P01", facts_with("person", id_number="123"), TODAY)
    assert failure.field == "person.id_number"


def test_r_p01_missing_person_section_fails() -> None:
    [failure] = failures_of("R-P01", facts_without("person"), TODAY)
    assert (failure.rule, failure.field) == ("R-P01", "person")
    assert "未填写" in failure.message_zh and "not filled in" in failure.message_en


# R-P02 ---------------------------------------------------------------------------------------------

def test_r_p02_six_months_to_the_day_passes() -> None:
    assert failures_of("R-P02", facts_with("employment", started_on="2025-12-15"), TODAY) == []


def test_r_p02_one_day_short_of_six_months_fails() -> None:
    [failure] = failures_of("R-P02", facts_with("employment", started_on="2025-12-16"), TODAY)
    assert (failure.rule, failure.field) == ("R-P02", "employment.started_on")
    assert "2025-12-15" in failure.message_zh and "2025-12-16" in failure.message_en


def test_r_p02_calendar_months_at_month_end() -> None:
    today = dt.date(2026, 8, 31)  # minus 6 months = 28 February
    assert failures_of("R-P02", facts_with("employment", today, started_on="2026-02-28"), today) == []
    assert len(failures_of("R-P02", facts_with("employment", today, started_on="2026-03-01"), today)) == 1


def test_r_p02_missing_start_date_fails() -> None:
    [failure] = failures_of("R-P02", facts_with("employment", started_on=None), TODAY)
    assert failure.field == "employment.started_on"
    assert failures_of("R-P02", facts_without("employment"), TODAY)[0].field == "employment"


# R-P03 ---------------------------------------------------------------------------------------------

def test_r_p03_a_bachelor_with_two_years_to_the_day_passes() -> None:
    facts = facts_with("person", degree="bachelor", work_started_on="2024-06-15", title_level="none")
    assert failures_of("R-P03", facts, TODAY) == []


def test_r_p03_a_bachelor_one_day_short_of_two_years_fails() -> None:
    facts = facts_with("person", degree="bachelor", work_started_on="2024-06-16", title_level="none")
    [failure] = failures_of("R-P03", facts, TODAY)
    assert (failure.rule, failure.field) == ("R-P03", "person")


def test_r_p03_a_associate_degree_is_not_enough() -> None:
    facts = facts_with("person", degree="associate", work_started_on="2000-01-01", title_level="junior")
    assert len(failures_of("R-P03", facts, TODAY)) == 1


@pytest.mark.parametrize("title", ["intermediate", "deputy_senior", "senior"])
def test_r_p03_b_intermediate_or_higher_title_passes(title: str) -> None:
    facts = facts_with("person", degree="none", work_started_on="2026-01-01", title_level=title)
    assert failures_of("R-P03", facts, TODAY) == []
    assert needs_discretion(facts, TODAY) == []


def special_talent_only(**changes: Any):
    return facts_with("person", degree="none", title_level="none",
                      special_talent_justification="国家重点实验室急需的芯片设计人才", **changes)


def test_r_p03_c_alone_passes_but_needs_discretion() -> None:
    facts = special_talent_only()
    result = evaluate(["R-P03"], facts, TODAY)
    assert result.failures == []
    assert result.needs_discretion == ["R-P03"]
    assert result.as_dict()["needs_discretion"] == ["R-P03"]


def test_r_p03_c_confirmed_by_the_city_needs_no_more_discretion() -> None:
    facts = new_facts(TODAY, special_talent_only().data, special_talent_confirmed=True)
    assert needs_discretion(facts, TODAY) == []


def test_r_p03_c_approval_without_confirmation_fails() -> None:
    [failure] = approval_failures(special_talent_only(), TODAY, confirm_special_talent=False)
    assert (failure.rule, failure.field) == ("R-P03", "confirm_special_talent")
    assert approval_failures(special_talent_only(), TODAY, confirm_special_talent=True) == []


def test_r_p03_approval_of_a_case_meeting_a_needs_no_confirmation() -> None:
    assert approval_failures(new_facts(TODAY), TODAY, confirm_special_talent=False) == []


def test_r_p03_none_of_the_three_fails() -> None:
    facts = facts_with("person", degree="none", title_level="none", special_talent_justification="   ")
    [failure] = failures_of("R-P03", facts, TODAY)
    assert "学士" in failure.message_zh and "intermediate" in failure.message_en
    assert needs_discretion(facts, TODAY) == []
    assert approval_failures(facts, TODAY, confirm_special_talent=True)[0].rule == "R-P03"


# R-P04 ---------------------------------------------------------------------------------------------

def test_r_p04_owned_residence_passes() -> None:
    assert failures_of("R-P04", new_facts(TODAY), TODAY) == []


@pytest.mark.parametrize("district", DISTRICT_CODES)
def test_r_p04_every_beijing_district_code_is_accepted(district: str) -> None:
    assert failures_of("R-P04", facts_with("residence", district=district), TODAY) == []


def test_r_p04_seventeen_district_codes() -> None:
    assert len(set(DISTRICT_CODES)) == 17


@pytest.mark.parametrize("district", ["xuanwu", "chongwen", "tianjin", ""])
def test_r_p04_unknown_district_fails(district: str) -> None:
    [failure] = failures_of("R-P04", facts_with("residence", district=district), TODAY)
    assert failure.field == "residence.district"


def test_r_p04_rented_with_lease_ending_today_passes() -> None:
    facts = facts_with("residence", housing_type="rented", lease_ends_on="2026-06-15")
    assert failures_of("R-P04", facts, TODAY) == []


def test_r_p04_rented_with_lease_ended_yesterday_fails() -> None:
    facts = facts_with("residence", housing_type="rented", lease_ends_on="2026-06-14")
    [failure] = failures_of("R-P04", facts, TODAY)
    assert (failure.field, "2026-06-14" in failure.message_zh) == ("residence.lease_ends_on", True)


def test_r_p04_rented_without_lease_date_fails() -> None:
    [failure] = failures_of("R-P04", facts_with("residence", housing_type="rented"), TODAY)
    assert failure.field == "residence.lease_ends_on"


def test_r_p04_reports_every_missing_part() -> None:
    facts = facts_with("residence", address=" ", district=None, housing_type="tent")
    assert rules_and_fields(failures_of("R-P04", facts, TODAY)) == [
        ("R-P04", "residence.address"), ("R-P04", "residence.district"), ("R-P04", "residence.housing_type")]
    assert failures_of("R-P04", facts_without("residence"), TODAY)[0].field == "residence"


# R-P05 / R-P06 -------------------------------------------------------------------------------------

def months(*keys: str, payer: str = "unit") -> list[dict[str, str]]:
    return [{"month": k, "payer": payer} for k in keys]


SIX = ("2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05")


def test_r_p05_six_months_paid_by_the_unit_pass() -> None:
    assert failures_of("R-P05", new_facts(TODAY), TODAY) == []


def test_r_p05_agency_month_does_not_count() -> None:
    data = new_case_data(TODAY)
    data["tax_months"] = months(*SIX[:5]) + months(SIX[5], payer="agency")
    [failure] = failures_of("R-P05", new_facts(TODAY, data), TODAY)
    assert (failure.rule, failure.field) == ("R-P05", "tax_months")
    assert "2026-05" in failure.message_zh and "中介" in failure.message_zh
    assert "agency" in failure.message_en


def test_r_p05_names_every_missing_month() -> None:
    data = new_case_data(TODAY)
    data["tax_months"] = months("2026-01", "2026-03", "2026-06")  # the submission month does not count
    [failure] = failures_of("R-P05", new_facts(TODAY, data), TODAY)
    for missing in ("2025-12", "2026-02", "2026-04", "2026-05"):
        assert missing in failure.message_zh and missing in failure.message_en
    assert "2026-01" not in failure.message_en.split("not paid by the unit:")[1]


def test_r_p05_months_cross_the_year_in_january() -> None:
    today = dt.date(2026, 1, 10)
    data = new_case_data(today)
    assert [m["month"] for m in data["tax_months"]][0] == "2025-07"
    assert failures_of("R-P05", new_facts(today, data), today) == []


def test_r_p05_missing_tax_months_fails() -> None:
    assert failures_of("R-P05", facts_without("tax_months"), TODAY)[0].field == "tax_months"
    data = new_case_data(TODAY)
    data["tax_months"] = []
    assert len(failures_of("R-P05", new_facts(TODAY, data), TODAY)) == 1


def test_r_p06_six_months_of_social_insurance_pass() -> None:
    assert failures_of("R-P06", new_facts(TODAY), TODAY) == []


def test_r_p06_missing_or_agency_month_fails() -> None:
    data = new_case_data(TODAY)
    data["social_insurance_months"] = months(*SIX[1:4]) + months(SIX[4], payer="agency")
    [failure] = failures_of("R-P06", new_facts(TODAY, data), TODAY)
    assert (failure.rule, failure.field) == ("R-P06", "social_insurance_months")
    assert "2025-12" in failure.message_zh and "社会保险" in failure.message_zh
    assert "2026-05" in failure.message_en
    assert failures_of("R-P06", facts_without("social_insurance_months"), TODAY)[0].rule == "R-P06"


# R-P07 / R-P08 -------------------------------------------------------------------------------------

def test_r_p07_disqualified_applicant_fails() -> None:
    [failure] = failures_of("R-P07", new_facts(TODAY, applicant_disqualified=True), TODAY)
    assert (failure.rule, failure.field) == ("R-P07", "person.id_number")
    assert failures_of("R-P07", new_facts(TODAY), TODAY) == []


def test_r_p08_applicant_with_a_live_permit_fails() -> None:
    [failure] = failures_of("R-P08", new_facts(TODAY, applicant_has_live_permit=True), TODAY)
    assert failure.rule == "R-P08"


def test_r_p08_applicant_with_another_open_new_case_fails() -> None:
    assert len(failures_of("R-P08", new_facts(TODAY, applicant_other_open_new_case=True), TODAY)) == 1
    both = new_facts(TODAY, applicant_has_live_permit=True, applicant_other_open_new_case=True)
    assert len(failures_of("R-P08", both, TODAY)) == 2
    assert failures_of("R-P08", new_facts(TODAY), TODAY) == []


# R-P09 ---------------------------------------------------------------------------------------------

CHILD_ID = make_id_number(dt.date(2015, 9, 1), "F", seq=7)
SPOUSE_ID = make_id_number(dt.date(1989, 1, 2), "M", seq=3)


def family_data() -> dict[str, Any]:
    data = new_case_data(TODAY)
    data["dependents"] = {"marital_status": "married", "custody_judgment": False,
                          "spouse": {"name": "李强", "id_number": SPOUSE_ID,
                                     "beijing_employment_contract": True},
                          "children": [{"name": "李小雨", "id_number": CHILD_ID, "school_level": "primary"}]}
    return data


def broken(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_r_p09_valid_numbers_of_the_whole_family_pass() -> None:
    assert failures_of("R-P09", new_facts(TODAY, family_data()), TODAY) == []


def test_r_p09_applicant_wrong_check_digit_fails() -> None:
    data = new_case_data(TODAY)
    data["person"]["id_number"] = broken(data["person"]["id_number"])
    [failure] = failures_of("R-P09", new_facts(TODAY, data), TODAY)
    assert (failure.rule, failure.field) == ("R-P09", "person.id_number")
    assert "申请人" in failure.message_zh and "Applicant" in failure.message_en


def test_r_p09_spouse_and_child_numbers_are_checked_with_their_paths() -> None:
    data = family_data()
    data["dependents"]["spouse"]["id_number"] = broken(SPOUSE_ID)
    data["dependents"]["children"].append({"name": "李小雪", "id_number": "11010520150230002X",
                                           "school_level": "none"})
    assert rules_and_fields(failures_of("R-P09", new_facts(TODAY, data), TODAY)) == [
        ("R-P09", "dependents.spouse.id_number"), ("R-P09", "dependents.children.1.id_number")]


def test_r_p09_birth_date_or_sex_disagreeing_with_the_number_fails() -> None:
    facts = facts_with("person", birth_date="1990-05-21", sex="M")  # the number says 1990-05-20, F
    assert rules_and_fields(failures_of("R-P09", facts, TODAY)) == [
        ("R-P09", "person.birth_date"), ("R-P09", "person.sex")]
    assert failures_of("R-P09", facts_with("person", birth_date="1990-05-20", sex="F"), TODAY) == []


def test_r_p09_missing_or_short_number_fails() -> None:
    assert failures_of("R-P09", facts_with("person", id_number=""), TODAY)[0].field == "person.id_number"
    [failure] = failures_of("R-P09", facts_with("person", id_number="11010519900520"), TODAY)
    assert "18" in failure.message_zh


# R-P10 ---------------------------------------------------------------------------------------------

def test_r_p10_catalogue_entry_passes() -> None:
    assert failures_of("R-P10", new_facts(TODAY), TODAY) == []


def test_r_p10_entry_not_in_the_catalogue_fails() -> None:
    [failure] = failures_of("R-P10", facts_with("person", shortage_catalogue_code="XX-99"), TODAY)
    assert (failure.field, "XX-99" in failure.message_zh) == ("person.shortage_catalogue_code", True)


def test_r_p10_inactive_entry_fails_and_missing_entry_fails() -> None:
    assert len(failures_of("R-P10", new_facts(TODAY, shortage_codes=frozenset()), TODAY)) == 1
    [failure] = failures_of("R-P10", facts_with("person", shortage_catalogue_code=""), TODAY)
    assert failure.field == "person.shortage_catalogue_code"
