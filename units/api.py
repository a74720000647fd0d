from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from accounts.roles import Role
from core import clock
from penalties.api import penalty_out
from units import services
from units.schemas import CapIn, NoteIn, RegisterIn, VerificationIn
from units.selectors import unit_for, unit_standing

router = Router(tags=["units"], auth=token_auth)


def unit_out(unit: Any) -> dict[str, Any]:
    standing = unit_standing(unit, clock.today())
    return {
        "id": unit.pk,
        "name": unit.name,
        "uscc": unit.uscc,
        "entity_type": unit.entity_type,
        "district": unit.district_id,
        "status": unit.status_on(clock.today()),  # frozen by R-I02 even before the daily job ran
        "address": unit.address,
        "new_applications_blocked": standing["new_applications_blocked"],
        "disqualified": standing["disqualified"],
        "permit_count": standing["permit_count"],
        "permit_cap": unit.permit_cap,
        "restrictions": [penalty_out(p) for p in standing["restrictions"]],  # type: ignore[attr-defined]
    }


@router.post("/register", auth=None, response={201: dict})
def register(request: HttpRequest, body: RegisterIn) -> Status[dict[str, Any]]:
    """Online unit registration (聘用单位注册). Public. R-U01, R-U02 (409 on a duplicate), R-P09."""
    unit = services.unit_register(body.dict(), Actor.from_request(request))
    return Status(201, unit_out(unit))


@router.get("/{int:unit_id}", response=dict)
@allow(Role.UNIT, Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
def get_unit(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    """The unit itself, its district's reviewers and city approvers."""
    return unit_out(unit_for(user_of(request), unit_id))


@router.post("/{int:unit_id}/verification", response=dict)
@allow(Role.DISTRICT_REVIEWER)
def verify(request: HttpRequest, unit_id: int, body: VerificationIn) -> dict[str, Any]:
    """Window verification of a pending unit with the REG checklist (R-U03, R-W02)."""
    unit = services.unit_verify(
        Actor.from_request(request),
        unit_id,
        decision=body.decision,
        materials_received=body.materials_received,
        note=body.note,
    )
    return unit_out(unit)


@router.post("/{int:unit_id}/unfreeze", response=dict)
@allow(Role.DISTRICT_REVIEWER)
def unfreeze(request: HttpRequest, unit_id: int, body: NoteIn) -> dict[str, Any]:
    """R-I04: the district unfreezes a frozen unit."""
    return unit_out(services.unit_unfreeze(Actor.from_request(request), unit_id, note=body.note))


@router.post("/{int:unit_id}/cap", response=dict)
@allow(Role.CITY_APPROVER)
def set_cap(request: HttpRequest, unit_id: int, body: CapIn) -> dict[str, Any]:
    """R-U04: a city approver raises one unit's permit cap, with a reason."""
    return unit_out(
        services.unit_set_cap(
            Actor.from_request(request), unit_id, permit_cap=body.permit_cap, note=body.note
        )
    )
