from django.http import HttpRequest
from ninja import Router, Status

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from units import services
from units.consent import ConsentVia
from units.operator_password import operator_password_reset
from units.presenters import operator_password_out, unit_out
from units.schemas import (
    CapIn,
    NoteIn,
    OperatorPasswordOut,
    OperatorPasswordResetIn,
    RegisterIn,
    UnitOut,
    VerificationIn,
)
from units.selectors import unit_for

router = Router(tags=["units"], auth=token_auth)


@router.post("/register", auth=None, response={201: UnitOut})
def register(request: HttpRequest, body: RegisterIn) -> Status[UnitOut]:
    """Online unit registration (聘用单位注册). Public. R-U01, R-U02 (409 on a duplicate), R-P09.
    The client's registration is its consent to the personal-data notice its users were shown
    (PIPL arts. 14 and 17; the unit keeps the notice's version and the time, given "by the API
    client"): the contract asks no consent field."""
    unit = services.unit_register(body.dict(), Actor.from_request(request), consent_via=ConsentVia.API_CLIENT)
    return Status(201, unit_out(unit))


@router.get("/{int:unit_id}", response=UnitOut)
@allow(policies.UNIT_READ)
def get_unit(request: HttpRequest, unit_id: int) -> UnitOut:
    """The unit itself, its district's reviewers and city approvers."""
    return unit_out(unit_for(user_of(request), unit_id))


@router.post("/{int:unit_id}/verification", response=UnitOut)
@allow(policies.UNIT_VERIFY)
def verify(request: HttpRequest, unit_id: int, body: VerificationIn) -> UnitOut:
    """Window verification of a pending unit with the REG checklist (R-U03, R-W02)."""
    unit = services.unit_verify(
        Actor.from_request(request),
        unit_id,
        decision=body.decision,
        materials_received=body.materials_received,
        note=body.note,
    )
    return unit_out(unit)


@router.post("/{int:unit_id}/unfreeze", response=UnitOut)
@allow(policies.UNIT_UNFREEZE)
def unfreeze(request: HttpRequest, unit_id: int, body: NoteIn) -> UnitOut:
    """R-I04: the district unfreezes a frozen unit."""
    return unit_out(services.unit_unfreeze(Actor.from_request(request), unit_id, note=body.note))


@router.post("/{int:unit_id}/cap", response=UnitOut)
@allow(policies.UNIT_CAP)
def set_cap(request: HttpRequest, unit_id: int, body: CapIn) -> UnitOut:
    """R-U04: a city approver raises one unit's permit cap, with a reason."""
    return unit_out(
        services.unit_set_cap(
            Actor.from_request(request), unit_id, permit_cap=body.permit_cap, note=body.note
        )
    )


@router.post("/{int:unit_id}/operator-password-reset", response=OperatorPasswordOut)
@allow(policies.UNIT_OPERATOR_PASSWORD)
def operator_password(
    request: HttpRequest, unit_id: int, body: OperatorPasswordResetIn
) -> OperatorPasswordOut:
    """R-W12: at the window, on the business licence original (PWD-01; without it 422 R-W02), the
    district resets the unit operator's password. The temporary password is answered this once; every
    session and token of the operator ends, and the temporary password only sets a new one."""
    reset = operator_password_reset(
        Actor.from_request(request), unit_id, materials_received=body.materials_received, note=body.note
    )
    return operator_password_out(reset)
