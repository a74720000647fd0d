"""Penalties and investigations (api.md "Penalties and investigations"). Mounted at "/". The
operation ids stay those the contract first published (`penalties_api_…`)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from core.errors import BadRequest, ErrorItem
from core.pagination import page
from enforcement import services
from enforcement.schemas import FindingIn, InvestigationIn, LiftIn, PenaltyIn, PenaltyLookupIn
from penalties.models import Penalty
from penalties.presenters import finding_out, investigation_detail, investigation_out, penalty_out
from penalties.schemas import FindingOut, InvestigationDetailOut, InvestigationOut, PenaltiesOut, PenaltyOut
from penalties.selectors import investigation_for, penalties_filtered

router = Router(tags=["penalties"], auth=token_auth)


class PenaltyPage(Schema):
    limit: int | None = None
    cursor: str | None = None


class PenaltyFilter(PenaltyPage):
    unit_id: int | None = None


@router.post("/penalties", response={201: PenaltyOut}, operation_id="penalties_api_impose")
@allow(policies.PENALTY_IMPOSE)
def impose(request: HttpRequest, body: PenaltyIn) -> Status[PenaltyOut]:
    """Impose a penalty (R-B01…R-B04) with a reason (R-B05). A person penalty names `id_number`, a unit
    penalty `unit_id`; another district's unit, or an application not yours to see, is 404. An
    `unit_negligent_review` suspension lasts 2 years from today (R-B02); the others until lifted."""
    penalty = services.penalty_impose(
        Actor.from_request(request),
        kind=body.kind,
        note=body.note,
        id_number=body.id_number,
        unit_id=body.unit_id,
        application_id=body.application_id,
    )
    return Status(201, penalty_out(penalty))


@router.post("/penalties/{int:penalty_id}/lift", response=PenaltyOut, operation_id="penalties_api_lift")
@allow(policies.PENALTY_LIFT)
def lift(request: HttpRequest, penalty_id: int, body: LiftIn) -> PenaltyOut:
    """Lift a penalty with a reason (R-B05); already lifted or ended: 409."""
    return penalty_out(services.penalty_lift(Actor.from_request(request), penalty_id, note=body.note))


@router.get("/penalties", response=PenaltiesOut, operation_id="penalties_api_list_penalties")
@allow(policies.PENALTY_READ)
def list_penalties(request: HttpRequest, filters: Query[PenaltyFilter]) -> PenaltiesOut:
    """Penalties, newest first, lifted ones included: a district reviewer sees its units' and every
    person penalty, a city approver all. ID numbers are masked (R-S02). A person's penalties are
    looked up with POST /penalties/lookup: an `id_number` query parameter is 400 (security decision
    15: no full ID number in a URL, where access logs and browser histories keep it)."""
    if "id_number" in request.GET:
        message = 'id_number is not accepted in a query string: POST /api/v1/penalties/lookup {"id_number"}.'
        raise BadRequest(message, [ErrorItem(message, field="id_number")])
    qs = penalties_filtered(user_of(request), unit_id=filters.unit_id, id_number=None)
    return _page_out(qs, filters)


@router.post("/penalties/lookup", response=PenaltiesOut, operation_id="penalties_api_lookup_penalties")
@allow(policies.PENALTY_READ)
def lookup_penalties(
    request: HttpRequest, body: PenaltyLookupIn, paging: Query[PenaltyPage]
) -> PenaltiesOut:
    """The penalties of one person (`{"id_number"}` in the body, security decision 15), in the list's
    shape and scope: newest first, lifted ones included, ID numbers masked (R-S02)."""
    qs = penalties_filtered(user_of(request), unit_id=None, id_number=body.id_number)
    return _page_out(qs, paging)


def _page_out(qs: QuerySet[Penalty], paging: PenaltyPage) -> PenaltiesOut:
    rows, next_cursor = page(qs, paging.limit, paging.cursor)
    return PenaltiesOut(items=[penalty_out(p) for p in rows], next_cursor=next_cursor)


@router.post(
    "/investigations",
    response={201: InvestigationOut},
    operation_id="penalties_api_start_investigation",
)
@allow(policies.INVESTIGATION_START)
def start_investigation(request: HttpRequest, body: InvestigationIn) -> Status[InvestigationOut]:
    """R-C02: a random sample of `size` (1…500) of the valid permits (all of them when fewer) of the
    reviewer's own district — naming another is 403 — or, for the city approver, of the `district`
    it names (an unknown one is 422) or of the whole city (`district` null in the answer). The sample
    is `random.Random(seed).sample` over the permits' ids in ascending order; the seed is returned
    and kept, so the draw can be replayed over the same population."""
    actor = Actor.from_request(request)
    started = services.investigation_start(actor, size=body.size, district=body.district)
    return Status(201, investigation_out(started))


@router.get(
    "/investigations/{int:investigation_id}",
    response=InvestigationDetailOut,
    operation_id="penalties_api_get_investigation",
)
@allow(policies.INVESTIGATION_READ)
def get_investigation(request: HttpRequest, investigation_id: int) -> InvestigationDetailOut:
    """The investigation with its findings so far: a district's for its reviewers, every one for the
    city approver; another district's is 404."""
    investigation = investigation_for(user_of(request), investigation_id)
    findings = list(investigation.findings.select_related("permit").order_by("pk"))
    return investigation_detail(investigation, findings)


@router.post(
    "/investigations/{int:investigation_id}/findings",
    response={201: FindingOut},
    operation_id="penalties_api_record_finding",
)
@allow(policies.FINDING_RECORD)
def record_finding(request: HttpRequest, investigation_id: int, body: FindingIn) -> Status[FindingOut]:
    """R-C02: the finding on one sampled permit; a number outside the sample is 422, a second finding
    on it 409. `left_not_cancelled` needs `left_on`: it cancels the permit as of that day and
    disqualifies the unit (R-B03)."""
    finding = services.finding_record(
        Actor.from_request(request),
        investigation_id,
        permit_no=body.permit_no,
        outcome=body.outcome,
        left_on=body.left_on,
    )
    return Status(201, finding_out(finding))
