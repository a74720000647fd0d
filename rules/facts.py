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
    permits_held: int  # live permits plus open `new` cases other than the one being judged (R-U04)


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
    applicant_other_open_new_case: bool  # R-P08
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
