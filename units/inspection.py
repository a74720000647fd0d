"""Annual inspection (年检): in the season (R-I01) a unit files its own inspection and its staff's
person inspections, and the system approves them at once. Freezing is the daily job's
(units.sweep); unfreezing is the district's (units / permits services, R-I04, R-I05)."""

from typing import Any

from django.db import transaction

from accounts import policies
from accounts.actor import Actor
from audit.services import audit_record
from core import clock
from core.errors import Conflict, NotFound, RuleViolation
from core.numbers import normalise_number
from inspections.conditions import person_inspected, unit_inspected
from inspections.models import InspectionSource, PersonInspection, UnitInspection
from permits.models import STATUS_COLUMNS, Permit
from rules.inspection import r_i01_in_season
from rules.states import PermitStatus
from rules.unit import ensure_not_frozen, unverified_failures
from units.models import Unit

MAX_PERMITS_PER_REQUEST = 2000


def _unit_may_inspect(actor: Actor) -> Unit:
    """The actor's unit, locked (one inspection request of a unit at a time), not frozen (R-U05,
    423), verified (R-U03) and in the season (R-I01), else 422 with every failure."""
    unit = Unit.objects.select_for_update().filter(pk=actor.account.unit_id or 0).first()
    if unit is None:
        raise NotFound("No such unit.")
    today = clock.today()
    status = unit.status_on(today)
    ensure_not_frozen(status)
    failures = r_i01_in_season(today) + unverified_failures(status)
    if failures:
        raise RuleViolation("The inspection was refused.", [f.as_error_item() for f in failures])
    return unit


def unit_inspect(actor: Actor) -> UnitInspection:
    """R-I01: the unit's own inspection for this year, approved at once; a second one is 409."""
    policies.INSPECTION_FILE.check(actor)
    with transaction.atomic():
        unit = _unit_may_inspect(actor)
        year = clock.today().year
        if unit_inspected(unit.pk, year):
            raise Conflict(f"The unit's annual inspection for {year} is already recorded.")
        inspection = UnitInspection.objects.create(unit=unit, year=year, source=InspectionSource.UNIT)
        audit_record(actor, "inspection.unit", unit, after={"year": year, "status": "approved"})
    return inspection


def _refusal(row: dict[str, Any] | None, done_now: bool, year: int) -> dict[str, Any] | None:
    """Why one permit number of a batch is refused, as an `error` of api.md, or None."""
    if row is None:
        return {"status": 404, "message": "没有该证件 / no such permit"}
    status = row["status_now"]
    if status in (PermitStatus.CANCELLED, PermitStatus.LAPSED):
        return {"status": 409, "message": f"证件已{PermitStatus(status).label} / the permit is {status}"}
    if status == PermitStatus.FROZEN:
        return {
            "status": 409,
            "rule": "R-I05",
            "message": "证件已冻结，须由单位书面申请、区人力资源和社会保障局解冻 / the permit is frozen; "
            "the district unfreezes it on the unit's written request",
        }
    if row["inspected"] or done_now:
        return {"status": 409, "message": f"该证件{year}年度年检已完成 / already inspected for {year}"}
    return None


def persons_inspect(actor: Actor, permit_nos: list[str]) -> list[dict[str, Any]]:
    """R-I01: person inspections of the unit's permits for this year, approved at once. One result
    per number, in order: another unit's or an unknown number 404; a cancelled, lapsed or frozen
    permit, or one already inspected this year, 409. One query loads every named permit, one
    INSERT records the inspections, one audit row lists them."""
    policies.INSPECTION_FILE.check(actor)
    with transaction.atomic():
        unit = _unit_may_inspect(actor)
        today = clock.today()
        year = today.year
        named = Permit.objects.filter(unit=unit, permit_no__in={normalise_number(n) for n in permit_nos})
        rows = {
            p.permit_no: {"pk": p.pk, "permit_no": p.permit_no, "status_now": p.status_now,  # type: ignore[attr-defined]
                          "inspected": p.inspected}  # type: ignore[attr-defined]
            for p in named.only(*STATUS_COLUMNS).with_status(today).annotate(inspected=person_inspected(year))
        }
        results: list[dict[str, Any]] = []
        approved: dict[str, int] = {}
        for number in permit_nos:
            row = rows.get(normalise_number(number))  # as typed (core.numbers); answered as sent
            error = _refusal(row, normalise_number(number) in approved, year)
            if error is not None or row is None:
                results.append({"permit_no": number, "error": error})
                continue
            approved[row["permit_no"]] = row["pk"]
            results.append({"permit_no": number, "status": "approved"})
        PersonInspection.objects.bulk_create(
            PersonInspection(permit_id=pk, year=year, source=InspectionSource.UNIT)
            for pk in approved.values()
        )
        audit_record(
            actor,
            "inspection.persons",
            unit,
            after={
                "year": year,
                "approved": list(approved),
                "refused": {r["permit_no"]: r["error"]["status"] for r in results if "error" in r},
            },
        )
    return results
