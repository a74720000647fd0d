"""R-D01…R-D04."""

import datetime as dt
from typing import Any

import pytest

from core.dates import add_years
from ops.demo import make_id_number, new_case_data
from rules import dependents
from rules.checklists import checklist_for
from rules.engine import REGISTRY
from rules.process import r_w02_missing
from rules.tests.builders import failures_of, new_facts

TODAY = dt.date(2026, 6, 15)


def child(birth: dt.date, school_level: str = "none", seq: int = 1) -> dict[str, Any]:
    return {"name": "小明", "id_number": make_id_number(birth, "M", seq=seq), "school_level": school_level}


def spouse(contract: bool = True) -> dict[str, Any]:
    return {"name": "配偶", "id_number": make_id_number(dt.date(1988, 8, 8), "M", seq=9),
            "beijing_employment_contract": contract}


def data_with(sex: str = "F", marital_status: str = "married", custody: bool = False,
              partner: dict[str, Any] | None = None,
              kids: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data = new_case_data(TODAY, sex=sex)
    data["dependents"] = {"marital_status": marital_status, "custody_judgment": custody,
                          "spouse": partner, "children": kids or []}
    return data


def check(rule_id: str, data: dict[str, Any]) -> list:
    return failures_of(rule_id, new_facts(TODAY, data), TODAY)


# R-D01 ---------------------------------------------------------------------------------------------

def test_r_d01_married_spouse_with_beijing_contract_passes() -> None:
    assert check("R-D01", data_with(partner=spouse())) == []


def test_r_d01_spouse_without_beijing_contract_fails() -> None:
    [failure] = check("R-D01", data_with(partner=spouse(contract=False)))
    assert (failure.rule, failure.field) == ("R-D01", "dependents.spouse.beijing_employment_contract")


@pytest.mark.parametrize("status", ["single", "divorced", "widowed"])
def test_r_d01_spouse_of_an_unmarried_applicant_fails(status: str) -> None:
    [failure] = check("R-D01", data_with(marital_status=status, partner=spouse()))
    assert failure.field == "dependents.marital_status"


def test_r_d01_no_spouse_no_dependents_section_passes() -> None:
    data = new_case_data(TODAY)
    del data["dependents"]
    assert check("R-D01", data) == []


# R-D02 ---------------------------------------------------------------------------------------------

def test_r_d02_child_exactly_16_needs_no_school_certificate() -> None:
    sixteen = add_years(TODAY, -17) + dt.timedelta(days=1)  # 16 周岁 until tomorrow
    assert check("R-D02", data_with(partner=spouse(), kids=[child(sixteen, "none")])) == []


def test_r_d02_child_on_17th_birthday_not_in_school_fails() -> None:
    [failure] = check("R-D02", data_with(partner=spouse(), kids=[child(add_years(TODAY, -17), "none")]))
    assert (failure.rule, failure.field) == ("R-D02", "dependents.children.0.school_level")
    assert "17" in failure.message_zh and "older than 16" in failure.message_en


@pytest.mark.parametrize("level", ["kindergarten", "primary", "junior", "senior"])
def test_r_d02_child_over_16_in_school_up_to_senior_high_passes(level: str) -> None:
    assert check("R-D02", data_with(partner=spouse(), kids=[child(add_years(TODAY, -17), level)])) == []


def test_r_d02_university_student_over_16_fails() -> None:
    kids = [child(dt.date(2015, 1, 1)), child(add_years(TODAY, -19), "university", seq=2)]
    [failure] = check("R-D02", data_with(partner=spouse(), kids=kids))
    assert failure.field == "dependents.children.1.school_level"
    assert "大学" in failure.message_zh and "university" in failure.message_en


def test_r_d02_age_comes_from_the_child_id_number() -> None:
    assert dependents.child_age(child(dt.date(2009, 6, 16)), TODAY) == 16
    assert dependents.child_age(child(dt.date(2009, 6, 15)), TODAY) == 17


# R-D03 ---------------------------------------------------------------------------------------------

def test_r_d03_male_applicant_with_children_and_spouse_passes() -> None:
    assert check("R-D03", data_with(sex="M", partner=spouse(), kids=[child(dt.date(2018, 1, 1))])) == []


def test_r_d03_male_applicant_with_children_without_spouse_fails() -> None:
    [failure] = check("R-D03", data_with(sex="M", kids=[child(dt.date(2018, 1, 1))]))
    assert (failure.rule, failure.field) == ("R-D03", "dependents.spouse")


def test_r_d03_divorced_man_with_custody_judgment_passes() -> None:
    data = data_with(sex="M", marital_status="divorced", custody=True, kids=[child(dt.date(2018, 1, 1))])
    assert check("R-D03", data) == []


@pytest.mark.parametrize(("status", "custody"), [("divorced", False), ("widowed", True), ("single", True)])
def test_r_d03_without_divorce_and_custody_the_man_must_bring_his_spouse(status: str, custody: bool) -> None:
    data = data_with(sex="M", marital_status=status, custody=custody, kids=[child(dt.date(2018, 1, 1))])
    assert len(check("R-D03", data)) == 1


def test_r_d03_woman_with_children_without_spouse_passes() -> None:
    data = data_with(sex="F", marital_status="single", kids=[child(dt.date(2018, 1, 1))])
    assert check("R-D03", data) == []


# R-D04 ---------------------------------------------------------------------------------------------

def test_r_d04_is_a_material_not_a_registered_check() -> None:
    assert "R-D04" not in REGISTRY
    assert "R-D04" in (dependents.__doc__ or "") and "NEW-10D" in (dependents.__doc__ or "")


def test_r_d04_a_child_makes_the_one_child_certificate_required() -> None:
    items = checklist_for("new", data_with(partner=spouse(), kids=[child(dt.date(2018, 1, 1))]), TODAY)
    [item] = [i for i in items if i.code == "NEW-10D"]
    assert (item.required, item.rule) == (True, "R-D04")
    assert "独生子女证" in item.title


def test_r_d04_preliminary_review_refuses_without_the_certificate() -> None:
    items = checklist_for("new", data_with(partner=spouse(), kids=[child(dt.date(2018, 1, 1))]), TODAY)
    received = [i.code for i in items if i.code != "NEW-10D"]
    [failure] = r_w02_missing(items, received)
    assert failure.rule == "R-W02" and "NEW-10D" in failure.message_en
    assert r_w02_missing(items, [i.code for i in items]) == []


def test_r_d04_no_child_no_certificate() -> None:
    codes = [i.code for i in checklist_for("new", data_with(partner=spouse()), TODAY)]
    assert "NEW-10D" not in codes
