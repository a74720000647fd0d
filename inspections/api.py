"""Annual inspection (api.md "Annual inspection (年检)")."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from accounts.actor import Actor
from accounts.auth import allow, token_auth
from accounts.roles import Role
from inspections import services

router = Router(tags=["inspections"], auth=token_auth)


class PersonsIn(Schema):
    permit_nos: list[str] = Field(min_length=1, max_length=services.MAX_PERMITS_PER_REQUEST)


@router.post("/unit", response={201: dict})
@allow(Role.UNIT)
def inspect_unit(request: HttpRequest) -> Status[dict[str, Any]]:
    """The unit's own inspection for this year, approved at once. Outside 1 April–1 May 422 R-I01;
    again in the same year 409; a frozen unit 423 (R-U05)."""
    inspection = services.unit_inspect(Actor.from_request(request))
    return Status(201, {"year": inspection.year, "unit_id": inspection.unit_id, "status": "approved"})


@router.post("/persons", response=dict)
@allow(Role.UNIT)
def inspect_persons(request: HttpRequest, body: PersonsIn) -> dict[str, Any]:
    """Person inspections of the unit's permits for this year (at most 2000 numbers): one result
    per number, in order, `{"permit_no", "status": "approved"}` or `{"permit_no", "error":
    {"status", "rule"?, "message"}}`. Outside the season the whole request is 422 R-I01."""
    return {"results": services.persons_inspect(Actor.from_request(request), body.permit_nos)}
