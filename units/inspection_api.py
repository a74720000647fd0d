"""Annual inspection (api.md "Annual inspection (年检)"). The operation ids stay those the
contract first published (`inspections_api_…`), wherever the code lives."""

from django.http import HttpRequest
from ninja import Router, Status

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth
from units import inspection as services
from units.inspection_schemas import PersonsIn, PersonsOut, UnitInspectionOut

router = Router(tags=["inspections"], auth=token_auth)


@router.post("/unit", response={201: UnitInspectionOut}, operation_id="inspections_api_inspect_unit")
@allow(policies.INSPECTION_FILE)
def inspect_unit(request: HttpRequest) -> Status[UnitInspectionOut]:
    """The unit's own inspection for this year, approved at once. Outside 1 April–1 May 422 R-I01;
    again in the same year 409; a frozen unit 423 (R-U05)."""
    inspection = services.unit_inspect(Actor.from_request(request))
    return Status(201, UnitInspectionOut(year=inspection.year, unit_id=inspection.unit_id, status="approved"))


@router.post("/persons", response=PersonsOut, operation_id="inspections_api_inspect_persons")
@allow(policies.INSPECTION_FILE)
def inspect_persons(request: HttpRequest, body: PersonsIn) -> PersonsOut:
    """Person inspections of the unit's permits for this year (at most 2000 numbers): one result
    per number, in order, `{"permit_no", "status": "approved"}` or `{"permit_no", "error":
    {"status", "rule"?, "message"}}`. Outside the season the whole request is 422 R-I01."""
    results = services.persons_inspect(Actor.from_request(request), body.permit_nos)
    return PersonsOut.model_validate({"results": results})
