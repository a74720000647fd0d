"""materials.md: the checklist of a `new` case and of a unit registration."""

import datetime as dt

import pytest

from core.dates import add_months
from ops.demo import make_id_number, new_case_data
from rules.checklists import REG_CHECKLIST, checklist_for

TODAY = dt.date(2026, 6, 15)
BASE = ["NEW-01", "NEW-02", "NEW-03", "NEW-04", "NEW-05", "NEW-06", "NEW-07", "NEW-08", "NEW-09",
        "NEW-11", "NEW-12"]


def codes(data: dict) -> list[str]:
    return [i.code for i in checklist_for("new", data, TODAY)]


def test_registration_checklist_is_reg_01_to_03() -> None:
    assert [i.code for i in REG_CHECKLIST] == ["REG-01", "REG-02", "REG-03"]
    assert all(i.required for i in REG_CHECKLIST)


def test_new_without_dependents_lists_only_the_always_items() -> None:
    assert codes(new_case_data(TODAY)) == BASE
    assert all(i.required for i in checklist_for("new", new_case_data(TODAY), TODAY))


def test_new_draft_with_no_data_still_lists_the_always_items() -> None:
    assert codes({}) == BASE


def test_new_04r_when_contract_ends_less_than_two_months_after_submission() -> None:
    data = new_case_data(TODAY)
    data["employment"]["contract_ends_on"] = (add_months(TODAY, 2) - dt.timedelta(days=1)).isoformat()
    assert "NEW-04R" in codes(data)
    data["employment"]["contract_ends_on"] = add_months(TODAY, 2).isoformat()
    assert "NEW-04R" not in codes(data)


@pytest.mark.parametrize(("housing", "words"), [("owned", "房产证"), ("rented", "租赁协议"),
                                                ("public_rented", "产权单位"), ("borrowed", "居委会")])
def test_new_05_title_follows_housing_type(housing: str, words: str) -> None:
    data = new_case_data(TODAY)
    data["residence"]["housing_type"] = housing
    [item] = [i for i in checklist_for("new", data, TODAY) if i.code == "NEW-05"]
    assert words in item.title


def test_new_10_items_follow_the_dependents() -> None:
    data = new_case_data(TODAY)
    teen = {"name": "大儿子", "id_number": make_id_number(dt.date(2008, 1, 1), "M"), "school_level": "senior"}
    data["dependents"] = {"marital_status": "married", "custody_judgment": False, "children": [teen],
                          "spouse": {"name": "配偶", "id_number": make_id_number(dt.date(1980, 1, 1), "M"),
                                     "beijing_employment_contract": True}}
    items = {i.code: i for i in checklist_for("new", data, TODAY)}
    assert [c for c in items if c.startswith("NEW-10")] == ["NEW-10A", "NEW-10B", "NEW-10C", "NEW-10D",
                                                             "NEW-10E"]
    assert [items[c].rule for c in ("NEW-10A", "NEW-10C", "NEW-10D", "NEW-10E")] == [
        "R-D01", "R-D01", "R-D04", "R-D02"]


def test_r_d01_new_10ar_when_the_spouses_contract_ends_less_than_two_months_after_submission() -> None:
    data = new_case_data(TODAY)
    spouse = {"name": "配偶", "id_number": make_id_number(dt.date(1980, 1, 1), "M"),
              "beijing_employment_contract": True,
              "contract_ends_on": (add_months(TODAY, 2) - dt.timedelta(days=1)).isoformat()}
    data["dependents"] = {"marital_status": "married", "custody_judgment": False, "spouse": spouse,
                          "children": []}
    items = {i.code: i for i in checklist_for("new", data, TODAY)}
    assert [c for c in items if c.startswith("NEW-10")] == ["NEW-10A", "NEW-10AR", "NEW-10B", "NEW-10C"]
    assert (items["NEW-10AR"].title, items["NEW-10AR"].rule) == ("配偶的续签聘用（劳动）合同", "R-D01")
    spouse["contract_ends_on"] = add_months(TODAY, 2).isoformat()
    assert "NEW-10AR" not in codes(data)
    del spouse["contract_ends_on"]  # optional: not given, not asked
    assert "NEW-10AR" not in codes(data)
    # the applicant's own contract (NEW-04R) is another matter
    data["employment"]["contract_ends_on"] = TODAY.isoformat()
    assert "NEW-04R" in codes(data) and "NEW-10AR" not in codes(data)


def test_new_10b_for_a_spouse_alone_and_no_10e_for_a_young_child() -> None:
    data = new_case_data(TODAY)
    data["dependents"] = {"marital_status": "single", "custody_judgment": False, "spouse": None,
                          "children": [{"name": "小", "id_number": make_id_number(dt.date(2015, 1, 1), "F"),
                                        "school_level": "primary"}]}
    assert [c for c in codes(data) if c.startswith("NEW-10")] == ["NEW-10B", "NEW-10D"]


def test_new_10f_for_a_divorced_male_applicant_with_children() -> None:
    data = new_case_data(TODAY, sex="M")
    data["dependents"] = {"marital_status": "divorced", "custody_judgment": True, "spouse": None,
                          "children": [{"name": "小", "id_number": make_id_number(dt.date(2015, 1, 1), "F"),
                                        "school_level": "primary"}]}
    [item] = [i for i in checklist_for("new", data, TODAY) if i.code == "NEW-10F"]
    assert item.rule == "R-D03"
    data["person"]["id_number"] = make_id_number(dt.date(1990, 5, 20), "F")
    assert "NEW-10F" not in codes(data)


def test_new_13_when_special_talent_is_claimed() -> None:
    data = new_case_data(TODAY)
    data["person"]["special_talent_justification"] = "获省部级科技进步一等奖"
    assert codes(data)[-1] == "NEW-13"


def test_unknown_case_type_has_no_checklist_yet() -> None:
    with pytest.raises(LookupError):
        checklist_for("teleport", {}, TODAY)
