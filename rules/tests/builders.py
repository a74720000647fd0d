"""Test data builders of the rules: the facts of a `new` case that passes every rule, a permit, and
the facts of every other case type (`case_facts`, with passing data from `case_data`). Valid ID
numbers, USCCs and a `new` case's data come from the demo builders (`ops.demo`).

For tests (any app's) and bench/; no production module imports this one.
"""

import datetime as dt
from dataclasses import replace
from typing import Any

from core.dates import add_years, months_between
from ops.demo import SHORTAGE_CODE, make_id_number, new_case_data
from rules.engine import Failure, evaluate
from rules.facts import CaseFacts, NewCaseFacts, PermitFacts, UnitFacts

UNIT_ID = 1  # the filing unit of `case_facts`, which holds `permit_facts()`
OTHER_UNIT_ID = 2  # the former unit of an employer change
PERMIT_NO = "BJ20260000001"


def unit_facts(**changes: Any) -> UnitFacts:
    """An active enterprise with no restriction, holding no permit."""
    base = UnitFacts(status="active", entity_type="enterprise", new_applications_blocked=False,
                     disqualified=False, permit_cap=None, permits_held=0)
    return replace(base, **changes)


def new_facts(today: dt.date, data: dict[str, Any] | None = None, **changes: Any) -> NewCaseFacts:
    """Facts of a `new` case that passes every rule on `today`, with `changes` applied."""
    base = NewCaseFacts(data=new_case_data(today) if data is None else data, unit=unit_facts(),
                        has_photo=True, applicant_disqualified=False, applicant_has_live_permit=False,
                        applicant_other_open_new_case=False, shortage_codes=frozenset({SHORTAGE_CODE}))
    return replace(base, **changes)


def permit_facts(**changes: Any) -> PermitFacts:
    """A valid permit of unit UNIT_ID issued 2026-06-15 (expiry 2029-06-15), holder a man."""
    base = PermitFacts(permit_no=PERMIT_NO, status="valid", unit_id=UNIT_ID, issue_date=dt.date(2026, 6, 15),
                       period_start=dt.date(2026, 6, 15), expiry_date=dt.date(2029, 6, 15), cancelled_on=None,
                       cancel_reason="", holder_name="张伟", holder_sex="M")
    return replace(base, **changes)


def case_data(case_type: str, today: dt.date, permit: PermitFacts | None = None) -> dict[str, Any]:
    """The data of a case of `case_type` other than `new` (api.md "Fields by type") that passes every
    rule on `today` for `permit` (default `permit_facts()`; a renewal's months cover its holding period)."""
    permit = permit or permit_facts()
    if case_type == "renewal":
        paid = [{"month": m, "payer": "unit"} for m in months_between(permit.period_start, today)]
        return {"permit_no": permit.permit_no,
                "employment": {"contract_ends_on": add_years(permit.expiry_date, 3).isoformat()},
                "tax_months": paid, "social_insurance_months": [dict(m) for m in paid]}
    if case_type == "employer_change":
        left = today - dt.timedelta(days=10)
        return {"permit_no": permit.permit_no, "left_previous_on": left.isoformat(),
                "starts_on": (left + dt.timedelta(days=1)).isoformat(),
                "employment": {"started_on": (left + dt.timedelta(days=1)).isoformat(),
                               "contract_ends_on": add_years(today, 3).isoformat()}}
    if case_type == "address_change":
        return {"permit_no": permit.permit_no,
                "residence": {"address": "海淀区中关村大街1号", "district": "haidian",
                              "housing_type": "rented", "lease_ends_on": add_years(today, 1).isoformat()}}
    if case_type == "dependents_change":
        wife = {"name": "李丽", "id_number": make_id_number(dt.date(1991, 3, 3), "F"),
                "beijing_employment_contract": True}
        son = {"name": "张小明", "id_number": make_id_number(dt.date(2018, 4, 4)), "school_level": "primary"}
        return {"permit_no": permit.permit_no,
                "dependents": {"marital_status": "married", "custody_judgment": False, "spouse": wife,
                               "children": [son]}}
    if case_type == "general_change":
        return {"permit_no": permit.permit_no, "changes": {"hukou": "北京市海淀区"}}
    if case_type == "replacement":
        return {"permit_no": permit.permit_no, "reason": "lost", "reason_detail": ""}
    if case_type == "unit_info_change":
        return {"changes": {"address": "朝阳区建国路88号"}}
    if case_type == "cancellation":
        return {"permit_no": permit.permit_no, "left_on": (today - dt.timedelta(days=1)).isoformat()}
    raise LookupError(f"no case data builder for case type {case_type!r}")


def case_facts(case_type: str, data: dict[str, Any], **changes: Any) -> CaseFacts:
    """Facts of a case of `case_type` filed by unit UNIT_ID (active, no restriction) about
    `permit_facts()` — held by UNIT_ID, or by OTHER_UNIT_ID for an employer change; no permit for a
    unit_info_change — with `changes` applied."""
    if case_type == "unit_info_change":
        permit = None
    elif case_type == "employer_change":
        permit = permit_facts(unit_id=OTHER_UNIT_ID)
    else:
        permit = permit_facts()
    base = CaseFacts(case_type=case_type, data=data, unit=unit_facts(), unit_id=UNIT_ID, permit=permit)
    return replace(base, **changes)


def failures_of(rule_id: str, facts: Any, today: dt.date) -> list[Failure]:
    """The failures of one registered rule, through `evaluate`."""
    return evaluate([rule_id], facts, today).failures
