"""materials.md: the checklists of every case type other than `new`, and their conditions."""

import datetime as dt
from typing import Any

import pytest

from core.dates import add_months
from ops.demo import make_id_number
from rules.checklists import CHECKLISTS, checklist_for
from rules.tests.builders import case_data

TODAY = dt.date(2027, 3, 10)


def codes(case_type: str, data: dict[str, Any], holder_sex: str | None = None) -> list[str]:
    return [i.code for i in checklist_for(case_type, data, TODAY, holder_sex=holder_sex)]


def item(case_type: str, data: dict[str, Any], code: str, holder_sex: str | None = None) -> Any:
    [found] = [i for i in checklist_for(case_type, data, TODAY, holder_sex=holder_sex) if i.code == code]
    return found


def test_every_case_type_has_a_checklist() -> None:
    assert set(CHECKLISTS) == {"new", "renewal", "employer_change", "address_change", "dependents_change",
                               "replacement", "general_change", "unit_info_change", "cancellation"}


@pytest.mark.parametrize("case_type", sorted(CHECKLISTS))
def test_every_item_is_required_and_titled_in_chinese(case_type: str) -> None:
    data = {} if case_type == "new" else case_data(case_type, TODAY)
    for entry in checklist_for(case_type, data, TODAY, holder_sex="M"):
        assert entry.required and entry.title and not entry.title.isascii()


# renewal -------------------------------------------------------------------------------------------

def test_renewal_lists_ren_01_to_08() -> None:
    assert codes("renewal", case_data("renewal", TODAY)) == [
        "REN-01", "REN-02", "REN-03", "REN-04", "REN-05", "REN-06", "REN-07", "REN-08"]
    assert codes("renewal", {}) == codes("renewal", case_data("renewal", TODAY))
    assert item("renewal", {}, "REN-04").rule == "R-R03"


def test_renewal_ren_03r_when_the_contract_ends_less_than_two_months_after_submission() -> None:
    data = case_data("renewal", TODAY)
    data["employment"]["contract_ends_on"] = (add_months(TODAY, 2) - dt.timedelta(days=1)).isoformat()
    assert codes("renewal", data)[2:4] == ["REN-03", "REN-03R"]
    data["employment"]["contract_ends_on"] = add_months(TODAY, 2).isoformat()
    assert "REN-03R" not in codes("renewal", data)


# employer_change, replacement, cancellation ---------------------------------------------------------

def test_employer_change_lists_emp_01_to_06() -> None:
    assert codes("employer_change", case_data("employer_change", TODAY)) == [
        "EMP-01", "EMP-02", "EMP-03", "EMP-04", "EMP-05", "EMP-06"]


def test_replacement_lists_rep_01_to_04() -> None:
    assert codes("replacement", case_data("replacement", TODAY)) == ["REP-01", "REP-02", "REP-03", "REP-04"]


def test_cancellation_has_no_materials() -> None:
    assert checklist_for("cancellation", case_data("cancellation", TODAY), TODAY) == []


# address_change ------------------------------------------------------------------------------------

def test_address_change_lists_adr_01_to_05() -> None:
    assert codes("address_change", case_data("address_change", TODAY)) == [
        "ADR-01", "ADR-02", "ADR-03", "ADR-04", "ADR-05"]


@pytest.mark.parametrize(("housing", "words"), [("owned", "房产证"), ("rented", "有效期不低于3个月"),
                                                ("public_rented", "产权单位"), ("borrowed", "居委会"),
                                                (None, "有效期不低于3个月的租赁协议")])
def test_address_change_adr_02_title_follows_housing_type(housing: str | None, words: str) -> None:
    data = case_data("address_change", TODAY)
    data["residence"]["housing_type"] = housing
    adr_02 = item("address_change", data, "ADR-02")
    assert words in adr_02.title and adr_02.rule == "R-A01"


# dependents_change ---------------------------------------------------------------------------------

def dependents(spouse: bool = False, kids: list[dt.date] | None = None,
               marital_status: str = "married") -> dict[str, Any]:
    partner = ({"name": "李丽", "id_number": make_id_number(dt.date(1991, 3, 3), "F"),
                "beijing_employment_contract": True} if spouse else None)
    children = [{"name": "子女", "id_number": make_id_number(birth, "M", seq=i), "school_level": "senior"}
                for i, birth in enumerate(kids or [])]
    return {"permit_no": "BJ20260000001",
            "dependents": {"marital_status": marital_status, "custody_judgment": True, "spouse": partner,
                           "children": children}}


ALWAYS_DEP = ["DEP-01", "DEP-08", "DEP-09", "DEP-10"]


def test_dependents_change_with_nobody_lists_the_always_items() -> None:
    assert codes("dependents_change", dependents()) == ALWAYS_DEP
    assert codes("dependents_change", {}) == ALWAYS_DEP


def test_dependents_change_dep_02_to_04_for_a_spouse_in_the_new_list() -> None:
    listed = codes("dependents_change", dependents(spouse=True))
    assert listed == ["DEP-01", "DEP-02", "DEP-03", "DEP-04", "DEP-08", "DEP-09", "DEP-10"]
    assert {item("dependents_change", dependents(spouse=True), c).rule for c in listed[1:4]} == {"R-D01"}


def test_r_d01_dep_04r_when_the_spouses_contract_ends_less_than_two_months_after_submission() -> None:
    data = dependents(spouse=True)
    last_day = add_months(TODAY, 2) - dt.timedelta(days=1)
    data["dependents"]["spouse"]["contract_ends_on"] = last_day.isoformat()
    listed = codes("dependents_change", data)
    assert listed[listed.index("DEP-04") + 1] == "DEP-04R"
    renewed = item("dependents_change", data, "DEP-04R")
    assert (renewed.title, renewed.rule, renewed.required) == ("配偶的续签聘用（劳动）合同", "R-D01", True)
    data["dependents"]["spouse"]["contract_ends_on"] = add_months(TODAY, 2).isoformat()
    assert "DEP-04R" not in codes("dependents_change", data)
    del data["dependents"]["spouse"]["contract_ends_on"]  # optional: not given, not asked
    assert "DEP-04R" not in codes("dependents_change", data)


def test_dependents_change_dep_05_for_a_child_and_dep_06_only_for_one_older_than_16() -> None:
    young = dependents(kids=[dt.date(2018, 1, 1)])
    assert [c for c in codes("dependents_change", young) if c not in ALWAYS_DEP] == ["DEP-05"]
    assert item("dependents_change", young, "DEP-05").rule == "R-D04"
    just_16 = dependents(kids=[dt.date(2010, 3, 11)])  # 16 until tomorrow
    assert "DEP-06" not in codes("dependents_change", just_16)
    seventeen = dependents(kids=[dt.date(2010, 3, 10)])
    assert item("dependents_change", seventeen, "DEP-06").rule == "R-D02"


def test_dependents_change_dep_07_for_a_divorced_male_holder_with_children() -> None:
    data = dependents(kids=[dt.date(2018, 1, 1)], marital_status="divorced")
    assert item("dependents_change", data, "DEP-07", holder_sex="M").rule == "R-D03"
    assert "DEP-07" not in codes("dependents_change", data, holder_sex="F")
    assert "DEP-07" not in codes("dependents_change", data)  # the holder's sex unknown
    married = dependents(spouse=True, kids=[dt.date(2018, 1, 1)])
    assert "DEP-07" not in codes("dependents_change", married, holder_sex="M")
    no_children = dependents(marital_status="divorced")
    assert "DEP-07" not in codes("dependents_change", no_children, holder_sex="M")


# general_change ------------------------------------------------------------------------------------

def general(**changes: Any) -> list[str]:
    return codes("general_change", {"permit_no": "BJ20260000001", "changes": changes})


ALWAYS_GEN = ["GEN-01", "GEN-02", "GEN-06", "GEN-07", "GEN-08"]


def test_general_change_with_nothing_given_lists_the_always_items() -> None:
    assert general() == ALWAYS_GEN
    assert general(name=" ") == ALWAYS_GEN


def test_general_change_gen_03_when_the_id_number_changes() -> None:
    assert [c for c in general(id_number=make_id_number(dt.date(1985, 1, 2))) if c not in ALWAYS_GEN] == [
        "GEN-03"]
    gen_03 = item("general_change", {"changes": {"id_number": "x"}}, "GEN-03")
    assert gen_03.rule == "R-G01"


def test_general_change_gen_04_when_the_hukou_changes() -> None:
    assert [c for c in general(hukou="北京市海淀区") if c not in ALWAYS_GEN] == ["GEN-04"]


def test_general_change_gen_05_when_the_name_changes() -> None:
    assert [c for c in general(name="张卫") if c not in ALWAYS_GEN] == ["GEN-05"]
    assert general(name="张卫", hukou="北京", id_number="x") == [
        "GEN-01", "GEN-02", "GEN-03", "GEN-04", "GEN-05", "GEN-06", "GEN-07", "GEN-08"]


# unit_info_change ----------------------------------------------------------------------------------

def unit_info(**changes: Any) -> list[str]:
    return codes("unit_info_change", {"changes": changes})


def test_unit_info_change_uic_02_always() -> None:
    assert unit_info() == ["UIC-02"]


def test_unit_info_change_uic_01_when_the_name_changes() -> None:
    assert unit_info(name="新名称") == ["UIC-01", "UIC-02"]


@pytest.mark.parametrize(("key", "value"), [("address", "朝阳区"), ("district", "chaoyang"),
                                            ("legal_representative", "李二"), ("uscc", "X"),
                                            ("registered_capital_cny", 0)])
def test_unit_info_change_uic_03_when_the_licence_data_changes(key: str, value: Any) -> None:
    assert unit_info(**{key: value}) == ["UIC-02", "UIC-03"]


def test_unit_info_change_uic_04_when_the_high_tech_status_changes() -> None:
    assert unit_info(high_tech=False) == ["UIC-02", "UIC-04"]
    assert unit_info(name="新", address="新", high_tech=True) == ["UIC-01", "UIC-02", "UIC-03", "UIC-04"]
