"""Penalties R-B01…R-B05 (rules.md "Penalties (黑名单及单位申请权限管理)").

Penalties are decisions of officials (and, for R-B04's 3-month case, of the daily job), not checks
of a case, so these are plain functions the enforcement services and the daily job call; what a
penalty in force forbids is judged by R-P07, R-U06 and R-U07 when a case is submitted.
"""

import datetime as dt

from core.dates import add_months, add_years
from rules.engine import Failure, fail
from rules.validators import id_number_problem

SUSPENSION_YEARS = 2  # R-B02
SUPPLEMENT_MONTHS = 3  # R-B04
ONE_DAY = dt.timedelta(days=1)

PERSON_KIND = "person_false_materials"
KIND_RULE = {  # which rule each kind an official may impose enforces
    "person_false_materials": "R-B01",
    "unit_negligent_review": "R-B02",
    "unit_false_declaration": "R-B03",
    "unit_review_failure": "R-B04",
}


def r_b02_last_day(decided_on: dt.date) -> dt.date:
    """R-B02: suspended for 2 years from the decision; the day before the 2nd anniversary is the last
    day in force (decided 2026-06-15: in force to 2028-06-14 inclusive)."""
    return add_years(decided_on, SUSPENSION_YEARS) - ONE_DAY


def r_b04_timed_out(requested_on: dt.date, today: dt.date) -> bool:
    """R-B04: a supplement request unanswered for MORE than 3 months: 3 months exactly is in time."""
    return add_months(requested_on, SUPPLEMENT_MONTHS) < today


def r_b04_suspended_from(requested_on: dt.date) -> dt.date:
    """R-B04: the first day of the suspension, the day after the 3-month mark, whenever it is found."""
    return add_months(requested_on, SUPPLEMENT_MONTHS) + ONE_DAY


def r_b04_latest_timed_out_request(today: dt.date) -> dt.date:
    """The latest request date that has timed out by `today`, so that the daily job can ask the
    indexable "supplement_requested_on <= d". Month ends clamp (30 November + 3 months = 28 February),
    so the day 3 months back is the answer only when its own 3 months have already passed."""
    back = add_months(today, -SUPPLEMENT_MONTHS)
    return back if r_b04_timed_out(back, today) else back - ONE_DAY


def r_b05_reason(note: str | None, field: str = "note") -> list[Failure]:
    """R-B05: a penalty is imposed, and lifted, only with a reason."""
    if (note or "").strip():
        return []
    return [fail("R-B05", "处罚及解除处罚均须填写理由", "Imposing or lifting a penalty needs a reason",
                 field)]


def penalty_target_failures(kind: str, *, id_number: str, has_unit: bool) -> list[Failure]:
    """What a penalty of `kind` names: a person penalty (R-B01) a valid 身份证 number and no unit; a
    unit penalty (R-B02…R-B04) a unit and no ID number."""
    rule_id = KIND_RULE[kind]
    if kind == PERSON_KIND:
        out: list[Failure] = []
        if has_unit:
            out.append(fail(rule_id, "取消申报资格针对申请人本人，不应指定单位（unit_id）",
                            "A person penalty names the person, not a unit (unit_id)", "unit_id"))
        if not id_number:
            out.append(fail(rule_id, "须填写被取消申报资格人员的身份证号码",
                            "The ID card number of the disqualified person is required", "id_number"))
        elif problem := id_number_problem(id_number):
            out.append(fail(rule_id, problem[0], problem[1], "id_number"))
        return out
    out = []
    if id_number:
        out.append(fail(rule_id, "单位处罚针对单位，不应填写身份证号码（id_number）",
                        "A unit penalty names a unit, not a person (id_number)", "id_number"))
    if not has_unit:
        out.append(fail(rule_id, "须指定被处罚的单位（unit_id）", "The penalised unit (unit_id) is required",
                        "unit_id"))
    return out
