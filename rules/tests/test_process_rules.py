"""R-W02, R-W05, R-W07 and R-V01 (R-W06 is a row of the transition table: cases/tests/test_transitions.py)."""

import datetime as dt

import pytest

from core.errors import Conflict
from rules.checklists import ChecklistItem
from rules.process import ensure_single_open, r_w02_missing, r_w05_failures, r_w07_reason
from rules.validity import expiry_for

ITEMS = [ChecklistItem("NEW-01", "申请表"), ChecklistItem("NEW-02", "单位申请"),
         ChecklistItem("NEW-09", "社保证明"), ChecklistItem("X-OPT", "可选材料", required=False)]
CODES = [i.code for i in ITEMS]


def test_r_w02_everything_required_received_passes() -> None:
    assert r_w02_missing(ITEMS, ["NEW-01", "NEW-02", "NEW-09"]) == []


def test_r_w02_one_failure_lists_every_missing_item() -> None:
    [failure] = r_w02_missing(ITEMS, ["NEW-02"])
    assert (failure.rule, failure.field) == ("R-W02", "materials_received")
    assert "NEW-01" in failure.message_zh and "NEW-09 社保证明" in failure.message_zh
    assert "NEW-01, NEW-09" in failure.message_en
    assert "X-OPT" not in failure.message_en


def test_r_w05_no_other_open_case_passes() -> None:
    ensure_single_open(0)


def test_r_w05_another_open_case_is_a_409() -> None:
    with pytest.raises(Conflict) as raised:
        ensure_single_open(1)
    assert raised.value.status == 409
    assert [e.rule for e in raised.value.errors] == ["R-W05"]


def test_r_w05_the_panel_names_the_submitted_case_the_submission_would_duplicate() -> None:
    assert r_w05_failures(0) == []
    [failure] = r_w05_failures(1)
    assert failure.rule == "R-W05" and "已提交" in failure.message_zh and "submitted" in failure.message_en


@pytest.mark.parametrize("note", [None, "", "   "])
def test_r_w07_reject_without_reason_fails(note: str | None) -> None:
    [failure] = r_w07_reason("reject", note, [], CODES)
    assert (failure.rule, failure.field) == ("R-W07", "note")


def test_r_w07_reject_with_reason_passes() -> None:
    assert r_w07_reason("reject", "个税证明为中介代缴", None, CODES) == []


def test_r_w07_supplement_request_must_name_missing_items() -> None:
    [failure] = r_w07_reason("request_supplement", "请补充", [], CODES)
    assert (failure.rule, failure.field) == ("R-W07", "missing")


def test_r_w07_supplement_request_names_only_checklist_items() -> None:
    [failure] = r_w07_reason("request_supplement", "", ["NEW-09", "REN-01"], CODES)
    assert "REN-01" in failure.message_zh and "NEW-09" not in failure.message_en
    assert r_w07_reason("request_supplement", "", ["NEW-09"], CODES) == []


def test_r_w07_pass_needs_no_reason() -> None:
    assert r_w07_reason("pass", "", None, CODES) == []


def test_r_v01_expiry_is_same_day_three_years_later() -> None:
    assert expiry_for(dt.date(2026, 6, 15)) == dt.date(2029, 6, 15)


def test_r_v01_29_february_expires_28_february() -> None:
    assert expiry_for(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
