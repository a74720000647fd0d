"""The case types (lifecycle.md). Adding a type is adding one entry here: its data schema, how its
facts are built and its effects; its route (R-W03, R-W04) is its rows in the transition table
(cases.transitions), its rules and checklist live in the rules package."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ninja import Schema

from accounts.actor import Actor
from cases import facts as case_facts
from cases import schemas
from cases.models import Case, CaseType

Effect = Callable[[Case, Actor, dt.date], Any]


def _nothing(case: Case, actor: Actor, today: dt.date) -> None:
    return None


@dataclass(frozen=True)
class TypeSpec:
    case_type: CaseType
    schema: type[Schema]
    build_facts: Callable[[Case, dt.date], Any]
    effect: Effect  # what the final approval changes (for a cancellation: the submission)
    on_collect: Effect = _nothing  # R-W04, for the types cases.transitions.COLLECTED names
    prints_form: bool = False  # R-W10
    permit: str = "own"  # the permit named by data.permit_no: "own", "any" (employer change) or "none"
    needs_live_permit: bool = False  # changes of a permit that no rule of their own guards


def _issue(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_issue

    return permit_issue(case, actor, today)


def _renew(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_renew

    return permit_renew(case, actor, today)


def _transfer(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_transfer

    return permit_transfer(case, actor, today)


def _section(name: str) -> Effect:
    def replace(case: Case, actor: Actor, today: dt.date) -> Any:
        from permits.services import permit_replace_section

        return permit_replace_section(case, actor, name)

    return replace


def _holder(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_change_holder

    return permit_change_holder(case, actor)


def _new_card(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_new_card

    return permit_new_card(case, actor)


def _unit_changes(case: Case, actor: Actor, today: dt.date) -> Any:
    from units.services import unit_apply_changes

    return unit_apply_changes(case, actor)


def _cancel(case: Case, actor: Actor, today: dt.date) -> Any:
    from permits.services import permit_cancel

    return permit_cancel(case, actor, left_on=dt.date.fromisoformat((case.data or {})["left_on"]))


T = CaseType
TYPES: dict[str, TypeSpec] = {
    spec.case_type: spec
    for spec in [
        TypeSpec(
            T.NEW,
            schemas.NewData,
            case_facts.new_case_facts,
            _issue,
            prints_form=True,
            permit="none",
        ),
        TypeSpec(
            T.RENEWAL,
            schemas.RenewalData,
            case_facts.case_facts,
            _renew,
            prints_form=True,
        ),
        TypeSpec(
            T.REPLACEMENT,
            schemas.ReplacementData,
            case_facts.case_facts,
            _nothing,
            on_collect=_new_card,
            needs_live_permit=True,
        ),
        TypeSpec(
            T.EMPLOYER_CHANGE, schemas.EmployerChangeData, case_facts.case_facts, _transfer, permit="any"
        ),
        TypeSpec(
            T.ADDRESS_CHANGE,
            schemas.AddressChangeData,
            case_facts.case_facts,
            _section("residence"),
            needs_live_permit=True,
        ),
        TypeSpec(
            T.DEPENDENTS_CHANGE,
            schemas.DependentsChangeData,
            case_facts.case_facts,
            _section("dependents"),
            needs_live_permit=True,
        ),
        TypeSpec(
            T.GENERAL_CHANGE,
            schemas.GeneralChangeData,
            case_facts.case_facts,
            _holder,
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
            T.CANCELLATION, schemas.CancellationData, case_facts.case_facts, _cancel
        ),
    ]
}


def spec_for(case_type: str) -> TypeSpec | None:
    return TYPES.get(case_type)
