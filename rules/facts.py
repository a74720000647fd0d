"""The facts rules look at: plain data, no ORM. cases.facts builds them from the database."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UnitFacts:
    status: str  # units.models.UnitStatus value
    entity_type: str  # reference.models.EntityType value
    new_applications_blocked: bool  # a suspension in force (R-U06)
    disqualified: bool  # R-U07
    permit_cap: int | None  # R-U04 (5 for a branch unless raised; None = no cap)
    permits_held: int  # live permits + submitted open `new`, `employer_change` cases but the judged (R-U04)


@dataclass(frozen=True)
class NewCaseFacts:
    """Facts of a `new` case. `data` is the case's data exactly as api.md "Fields by type" gives
    it for `new`; any top-level section (person, employment, residence, tax_months,
    social_insurance_months, dependents) may be missing while the case is a draft."""

    data: dict[str, Any]
    unit: UnitFacts
    has_photo: bool
    applicant_disqualified: bool  # a person_false_materials penalty in force on the ID (R-B01)
    applicant_has_live_permit: bool  # R-P08
    applicant_other_open_new_case: bool  # R-P08: another submitted, still open `new` case, any unit
    shortage_codes: frozenset[str] = field(default_factory=frozenset)  # active catalogue codes
    special_talent_confirmed: bool = False  # set by the city approver (R-P03(c))

    def needs_discretion(self, today: dt.date) -> list[str]:
        from rules import applicant

        return applicant.needs_discretion(self, today)


@dataclass(frozen=True)
class RegistrationFacts:
    """Facts of an online unit registration (api.md POST /units/register): R-U01, R-U02, R-P09."""

    entity_type: str
    uscc: str
    operator_id_number: str


@dataclass(frozen=True)
class PermitFacts:
    """The permit a case concerns, as of the day of judgement."""

    permit_no: str
    status: str  # permits.models.PermitStatus value, for `today` (lifecycle.md)
    unit_id: int  # the unit that holds it now
    issue_date: dt.date
    period_start: dt.date  # first day of the current 3-year period: the issue date, or the old expiry
    expiry_date: dt.date
    cancelled_on: dt.date | None  # the effective date of a cancellation (the leaving date)
    cancel_reason: str  # "left_employment" (R-C01), "investigation" (R-C02) or ""
    holder_name: str
    holder_sex: str  # "M" / "F"
    # after its lapse date (expiry + 1 month, R-V02) on `today`, whatever `status` says first (a
    # cancelled permit reads `cancelled`): R-E03 reads it at the decision as well as at submission
    past_lapse_date: bool = False


@dataclass(frozen=True)
class CaseFacts:
    """Facts of every case type other than `new`. `data` is the case's data exactly as api.md
    "Fields by type" gives it for `case_type`; `unit` is the filing unit (for an employer change,
    the new unit); `permit` is the permit named by `data["permit_no"]` (None for unit_info_change,
    or when no such permit exists)."""

    case_type: str
    data: dict[str, Any]
    unit: UnitFacts
    unit_id: int
    permit: PermitFacts | None = None
    current_unit: dict[str, Any] = field(default_factory=dict)  # the unit's present values, by api field name
