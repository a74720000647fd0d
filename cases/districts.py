"""A case's district (issue 14): its unit's, kept on the case so that a district's queues, their
counts and the reviewers' scope read the case's own index instead of joining the district's units.
It is written in two places only: when a case is created (`district_for_new_case`) and when its unit
moves to another district (`cases_move_with_unit`).

The locks (decision 64: cases before their unit). A move runs in the transaction of the unit
information change ordering it, whose case is locked already; it then locks the unit's cases, by id,
and only then the unit (`units.services.unit_apply_changes`). R-W05 lets a unit have one such change
open at a time, so no two moves of one unit each hold a case the other waits for. A case created
while a move runs would escape that lock (its row does not exist yet) and keep the old district; so
creating a case and moving its unit first take one transaction-level advisory lock on the unit: a
case is created either before the move (then locked and moved by it) or after it (with the new
district). Nothing waits for that lock while holding a unit, and a creation holds no case."""

from typing import Any

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from core.locks import advisory_xact_lock
from units.models import Unit
from units.services import unit_apply_changes

UNIT_CASES_LOCK_CLASS = 0x55434153  # "UCAS": the first key of a unit's case-creation lock


def _lock_unit_cases(unit_id: int) -> None:
    """The unit's case-creation lock (`core.locks`) on (UNIT_CASES_LOCK_CLASS, the unit id's low 31
    bits; two units sharing them only wait for each other)."""
    advisory_xact_lock(UNIT_CASES_LOCK_CLASS, unit_id & 0x7FFFFFFF)


def district_for_new_case(unit_id: int) -> str:
    """The district a case of the unit is created in, read under the unit's case-creation lock (so
    after any move of the unit running now). Call it inside the creating transaction."""
    _lock_unit_cases(unit_id)
    return Unit.objects.values_list("district_id", flat=True).get(pk=unit_id)


def cases_move_with_unit(actor: Actor, case: Case, changes: dict[str, Any]) -> Unit:
    """R-UI01 with a new district: the unit's changes (`unit_apply_changes`), and every case of the
    unit moved to the unit's new district, in the transaction of `case` (the change ordering it)."""
    _lock_unit_cases(case.unit_id)
    cases = Case.objects.select_for_update(no_key=True).filter(unit_id=case.unit_id).order_by("pk")
    before = set(cases.values_list("district_id", flat=True))  # locks them, by id
    unit = unit_apply_changes(actor, case.unit_id, changes, case_number=case.number)
    moved = Case.objects.filter(unit_id=unit.pk).update(district_id=unit.district_id)
    audit_record(
        actor,
        "unit.cases_moved",
        unit,
        before={"district": sorted(before)},
        after={"district": unit.district_id, "cases": moved, "case": case.number},
    )
    return unit
