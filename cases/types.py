"""The case types (lifecycle.md). Adding a type is adding one entry here: its data schema, how its
facts are built and its effects; its route (R-W03, R-W04) is its rows in the transition table
(cases.transitions), its rules and checklist live in the rules package."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ninja import Schema

from accounts.actor import Actor
from cases import effects, schemas
from cases import facts as case_facts
from cases.districts import cases_move_with_unit
from cases.models import Case, CaseType
from units.services import unit_apply_changes


@dataclass(frozen=True)
class TypeSpec:
    case_type: CaseType
    schema: type[Schema]
    build_facts: Callable[[Case, dt.date], Any]
    effect: effects.Effect  # what the final approval changes (for a cancellation: the submission)
    on_collect: effects.Effect = effects.nothing  # R-W04, for the types cases.transitions.COLLECTED names
    prints_form: bool = False  # R-W10
    permit: str = "own"  # the permit named by data.permit_no: "own", "any" (employer change) or "none"
    needs_live_permit: bool = False  # changes of a permit that no rule of their own guards
    closes_former_cases: bool = False  # R-E03: moving the permit ends the former unit's open cases on it


def _unit_changes(case: Case, actor: Actor, today: dt.date) -> Any:
    """R-UI01: the changes an approved unit-information change names."""
    changes = {k: v for k, v in ((case.data or {}).get("changes") or {}).items() if v is not None}
    if "district" in changes:  # the unit's cases move with it (cases.districts)
        return cases_move_with_unit(actor, case, changes)
    return unit_apply_changes(actor, case.unit_id, changes, case_number=case.number)


T = CaseType
TYPES: dict[str, TypeSpec] = {
    spec.case_type: spec
    for spec in [
        TypeSpec(
            T.NEW,
            schemas.NewData,
            case_facts.new_case_facts,
            effects.permit_issue,
            prints_form=True,
            permit="none",
        ),
        TypeSpec(
            T.RENEWAL,
            schemas.RenewalData,
            case_facts.case_facts,
            effects.permit_renew,
            prints_form=True,
        ),
        TypeSpec(
            T.REPLACEMENT,
            schemas.ReplacementData,
            case_facts.case_facts,
            effects.nothing,
            on_collect=effects.permit_new_card,
            needs_live_permit=True,
        ),
        TypeSpec(
            T.EMPLOYER_CHANGE, schemas.EmployerChangeData, case_facts.case_facts, effects.permit_transfer,
            permit="any", closes_former_cases=True,
        ),
        TypeSpec(
            T.ADDRESS_CHANGE,
            schemas.AddressChangeData,
            case_facts.case_facts,
            effects.replace_section("residence"),
            needs_live_permit=True,
        ),
        TypeSpec(
            T.DEPENDENTS_CHANGE,
            schemas.DependentsChangeData,
            case_facts.case_facts,
            effects.replace_section("dependents"),
            needs_live_permit=True,
        ),
        TypeSpec(
            T.GENERAL_CHANGE,
            schemas.GeneralChangeData,
            case_facts.case_facts,
            effects.permit_change_holder,
            needs_live_permit=True,
        ),
        TypeSpec(
            T.UNIT_INFO_CHANGE,
            schemas.UnitInfoChangeData,
            case_facts.case_facts,
            _unit_changes,
            permit="none",
        ),
        TypeSpec(
            T.CANCELLATION, schemas.CancellationData, case_facts.case_facts, effects.cancel
        ),
    ]
}


def spec_for(case_type: str) -> TypeSpec | None:
    return TYPES.get(case_type)
