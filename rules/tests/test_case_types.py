"""RULES_BY_TYPE for every case type, the unit rules on a CaseFacts, and the dependents rules on a
dependents_change (applicant's sex from the permit holder)."""

import datetime as dt
import re
from typing import Any

import pytest

from ops.demo import make_id_number
from rules.data import applicant_sex
from rules.engine import evaluate
from rules.facts import CaseFacts
from rules.tests.builders import case_data, case_facts, failures_of, new_facts, permit_facts, unit_facts
from rules.types import RULES_BY_TYPE, rules_for

TODAY = dt.date(2027, 3, 10)
CHANGE_TYPES = ["renewal", "employer_change", "address_change", "dependents_change", "general_change",
                "replacement", "unit_info_change"]


def test_every_case_type_of_lifecycle_md_has_rules() -> None:
    assert set(RULES_BY_TYPE) == {"new", "cancellation", *CHANGE_TYPES}


def test_rules_of_each_type_in_report_order() -> None:
    assert rules_for("renewal") == ["R-U03", "R-U05", "R-U07", "R-R01", "R-R02", "R-R03", "R-R04"]
    assert rules_for("employer_change") == ["R-U03", "R-U05", "R-U07", "R-U04", "R-E01", "R-E02", "R-E03"]
    assert rules_for("address_change") == ["R-U03", "R-U05", "R-U07", "R-A01"]
    assert rules_for("dependents_change") == ["R-U03", "R-U05", "R-U07", "R-D01", "R-D02", "R-D03", "R-P09"]
    assert rules_for("general_change") == ["R-U03", "R-U05", "R-U07", "R-G01"]
    assert rules_for("replacement") == ["R-U03", "R-U05", "R-U07", "R-X01"]
    assert rules_for("unit_info_change") == ["R-U03", "R-U05", "R-U07", "R-UI01"]
    assert rules_for("cancellation") == ["R-U05", "R-C01"]


@pytest.mark.parametrize("case_type", CHANGE_TYPES)
def test_r_u03_r_u05_r_u07_judge_the_filing_unit_of_every_change_type(case_type: str) -> None:
    today = dt.date(2029, 5, 20) if case_type == "renewal" else TODAY
    good = case_facts(case_type, case_data(case_type, today))
    assert evaluate(rules_for(case_type), good, today).failures == []
    for unit, rule_id in [(unit_facts(status="pending"), "R-U03"), (unit_facts(status="frozen"), "R-U05"),
                          (unit_facts(disqualified=True), "R-U07")]:
        failures = failures_of(rule_id, case_facts(case_type, case_data(case_type, today), unit=unit), today)
        assert [f.rule for f in failures] == [rule_id], (case_type, rule_id)


def test_r_u07_refuses_a_renewal_but_allows_a_cancellation() -> None:
    unit = unit_facts(disqualified=True)
    renewal = case_facts("renewal", case_data("renewal", TODAY), unit=unit)
    [failure] = failures_of("R-U07", renewal, TODAY)
    assert "cancellations" in failure.message_en
    cancellation = case_facts("cancellation", case_data("cancellation", TODAY), unit=unit)
    assert failures_of("R-U07", cancellation, TODAY) == []


def test_r_u06_does_not_concern_changes() -> None:
    facts = case_facts("renewal", case_data("renewal", dt.date(2029, 5, 20)),
                       unit=unit_facts(new_applications_blocked=True))
    assert evaluate(rules_for("renewal"), facts, dt.date(2029, 5, 20)).failures == []


# dependents_change ---------------------------------------------------------------------------------

def child(birth: dt.date = dt.date(2018, 4, 4), school_level: str = "primary", seq: int = 1) -> dict:
    return {"name": "张小明", "id_number": make_id_number(birth, "M", seq=seq), "school_level": school_level}


def dependents_change(holder_sex: str = "M", **dependents: Any) -> CaseFacts:
    data = case_data("dependents_change", TODAY)
    data["dependents"].update(dependents)
    return case_facts("dependents_change", data, permit=permit_facts(holder_sex=holder_sex))


def test_a_good_dependents_change_is_eligible() -> None:
    assert evaluate(rules_for("dependents_change"), dependents_change(), TODAY).failures == []


def test_applicant_sex_comes_from_the_permit_holder_or_the_new_applicant() -> None:
    assert applicant_sex(dependents_change("F")) == "F"
    assert applicant_sex(case_facts("dependents_change", {}, permit=None)) is None
    assert applicant_sex(new_facts(TODAY)) == "F"


def test_r_d03_dependents_change_male_holder_children_without_spouse_fails() -> None:
    [failure] = failures_of("R-D03", dependents_change("M", spouse=None, marital_status="single"), TODAY)
    assert (failure.rule, failure.field) == ("R-D03", "dependents.spouse")


def test_r_d03_dependents_change_female_holder_children_without_spouse_passes() -> None:
    assert failures_of("R-D03", dependents_change("F", spouse=None, marital_status="single"), TODAY) == []


def test_r_d03_dependents_change_divorced_male_holder_with_custody_passes() -> None:
    facts = dependents_change("M", spouse=None, marital_status="divorced", custody_judgment=True)
    assert failures_of("R-D03", facts, TODAY) == []


def test_r_d01_dependents_change_spouse_without_beijing_contract_fails() -> None:
    data_spouse = case_data("dependents_change", TODAY)["dependents"]["spouse"]
    data_spouse["beijing_employment_contract"] = False
    [failure] = failures_of("R-D01", dependents_change(spouse=data_spouse), TODAY)
    assert failure.field == "dependents.spouse.beijing_employment_contract"


def test_r_d02_dependents_change_university_student_fails() -> None:
    facts = dependents_change(children=[child(dt.date(2005, 1, 1), "university")])
    [failure] = failures_of("R-D02", facts, TODAY)
    assert failure.field == "dependents.children.0.school_level"


def test_r_p09_dependents_change_checks_spouse_and_children_only() -> None:
    good = make_id_number(dt.date(2018, 1, 1), "F")
    bad = good[:-1] + ("1" if good[-1] == "0" else "0")
    kids = [child(), {"name": "张小红", "id_number": bad, "school_level": "none"}]
    failures = failures_of("R-P09", dependents_change(children=kids), TODAY)
    assert [(f.rule, f.field) for f in failures] == [("R-P09", "dependents.children.1.id_number")]
    assert failures_of("R-P09", dependents_change(), TODAY) == []


def test_messages_of_every_change_rule_exist_in_chinese_and_english() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    bad_unit = unit_facts(status="pending", disqualified=True)
    cases = [case_facts(t, {}, unit=bad_unit) for t in [*CHANGE_TYPES, "cancellation"]]
    cases += [case_facts(t, {}, permit=None) for t in ("renewal", "employer_change", "cancellation")]
    failures = [f for facts in cases for f in evaluate(rules_for(facts.case_type), facts, TODAY).failures]
    assert {f.rule for f in failures} >= {"R-U03", "R-U07", "R-R01", "R-R03", "R-R04", "R-E01", "R-E02",
                                          "R-E03", "R-A01", "R-G01", "R-X01", "R-UI01", "R-C01"}
    for failure in failures:
        assert cjk.search(failure.message_zh), failure
        assert not cjk.search(failure.message_en) and failure.message_en[0].isupper(), failure
