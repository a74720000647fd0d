"""Test data builders: valid ID numbers and USCCs, and a `new` case that passes every rule.

For tests and the demo data (any app's); the services never import this module.
"""

import datetime as dt
from dataclasses import replace
from typing import Any

from core.dates import add_months, add_years, months_before
from rules.engine import Failure, evaluate
from rules.facts import NewCaseFacts, UnitFacts
from rules.validators import id_check_char, uscc_check_char

SHORTAGE_CODE = "IT-01"


def make_id_number(birth: dt.date, sex: str = "M", region: str = "110105", seq: int = 0) -> str:
    """A valid GB 11643 number; `seq` (0–499) tells apart people born the same day."""
    order = (seq % 500) * 2 + (1 if sex == "M" else 0)  # the 17th digit is odd for a man
    body = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{order:03d}"
    return body + id_check_char(body)


def make_uscc(body17: str = "91110105MA01C0DE0") -> str:
    """A valid GB 32100 code: `body17` plus its check character."""
    return body17 + uscc_check_char(body17)


def unit_facts(**changes: Any) -> UnitFacts:
    """An active enterprise with no restriction, holding no permit."""
    base = UnitFacts(status="active", entity_type="enterprise", new_applications_blocked=False,
                     disqualified=False, permit_cap=None, permits_held=0)
    return replace(base, **changes)


def new_case_data(today: dt.date, birth: dt.date = dt.date(1990, 5, 20), sex: str = "F") -> dict[str, Any]:
    """The data of a `new` case (api.md "Fields by type") that passes every rule on `today`."""
    paid = [{"month": m, "payer": "unit"} for m in months_before(today, 6)]
    return {
        "person": {"name": "王小梅", "id_number": make_id_number(birth, sex), "hukou": "河北省石家庄市",
                   "phone": "13800000000", "degree": "master", "degree_awarded_on": "2015-07-01",
                   "work_started_on": "2015-07-15", "title_level": "none",
                   "special_talent_justification": "", "shortage_catalogue_code": SHORTAGE_CODE},
        "employment": {"started_on": add_months(today, -12).isoformat(),
                       "contract_ends_on": add_years(today, 2).isoformat()},
        "residence": {"address": "朝阳区曙光西里1号", "district": "chaoyang", "housing_type": "owned"},
        "tax_months": paid,
        "social_insurance_months": [dict(m) for m in paid],
        "dependents": {"marital_status": "single", "custody_judgment": False, "spouse": None, "children": []},
    }


def new_facts(today: dt.date, data: dict[str, Any] | None = None, **changes: Any) -> NewCaseFacts:
    """Facts of a `new` case that passes every rule on `today`, with `changes` applied."""
    base = NewCaseFacts(data=new_case_data(today) if data is None else data, unit=unit_facts(),
                        has_photo=True, applicant_disqualified=False, applicant_has_live_permit=False,
                        applicant_other_open_new_case=False, shortage_codes=frozenset({SHORTAGE_CODE}))
    return replace(base, **changes)


def failures_of(rule_id: str, facts: Any, today: dt.date) -> list[Failure]:
    """The failures of one registered rule, through `evaluate`."""
    return evaluate([rule_id], facts, today).failures
