"""The case types. Adding a type is adding one entry here: its data schema, how its facts are
built, its rules (rules.types), its checklist (rules.checklists), its route and its effect."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ninja import Schema

from accounts.actor import Actor
from cases import facts as case_facts
from cases.models import Case, CaseType
from cases.schemas import NewData


@dataclass(frozen=True)
class TypeSpec:
    case_type: CaseType
    schema: type[Schema]
    city_approval: bool  # R-W03: district then city, or the district alone
    collection: bool  # R-W04: a card is handed out after approval
    prints_form: bool  # R-W10
    build_facts: Callable[[Case, dt.date], Any]
    effect: Callable[[Case, Actor, dt.date], None]  # what an approval changes


def _issue_permit(case: Case, actor: Actor, today: dt.date) -> None:
    from permits.services import permit_issue

    permit_issue(case, actor, today)


TYPES: dict[str, TypeSpec] = {
    CaseType.NEW: TypeSpec(
        CaseType.NEW,
        NewData,
        city_approval=True,
        collection=True,
        prints_form=True,
        build_facts=case_facts.new_case_facts,
        effect=_issue_permit,
    ),
}


def spec_for(case_type: str) -> TypeSpec | None:
    return TYPES.get(case_type)
