from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Body, Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from audit.services import audit_record
from cases import services
from cases.commitment import Commitment
from cases.files import case_photo
from cases.models import Case, CaseStatus, CaseType
from cases.presenters import case_out, case_summaries
from cases.schemas import ApprovalIn, CaseOut, CasesOut, CollectionIn, DecisionIn
from cases.selectors import case_for, case_rows, cases_visible_to
from core import clock
from core.errors import BadRequest, ErrorItem, RuleViolation
from core.numbers import normalise_number
from core.pagination import page

router = Router(tags=["applications"], auth=token_auth)


def _after(request: HttpRequest, case: Case) -> CaseOut:
    """The case as a transition left it, answered to the one who made it (even when the change moved
    the case out of their sight, as a district change of the unit does)."""
    fresh = Case.objects.select_related("unit", "permit", "permit__holder").get(pk=case.pk)
    return case_out(fresh, clock.today(), role=user_of(request).role)


def _full(request: HttpRequest, case_id: int) -> CaseOut:
    """The full case (personal data unmasked) for those entitled; each such view is audited (R-S02)."""
    case = case_for(user_of(request), case_id)
    audit_record(Actor.from_request(request), "case.viewed", case)
    return case_out(case, clock.today(), role=user_of(request).role)


class ListFilters(Schema):
    status: CaseStatus | None = None
    type: CaseType | None = None
    district: str | None = None
    late: bool | None = None  # late cancellations (R-C01), listed for the district
    number: str | None = Field(default=None, max_length=40)  # a case number, as typed (core.numbers)
    limit: int | None = None
    cursor: str | None = None


@router.post("", response={201: CaseOut})
@allow(policies.CASE_CREATE)
def create(request: HttpRequest, body: Body[dict[str, Any]]) -> Status[CaseOut]:
    """Create a draft: `{"type", ...fields of the type}` (api.md "Fields by type")."""
    body = dict(body)
    case_type = body.pop("type", None)
    if not isinstance(case_type, str):
        raise BadRequest("type is required.", [ErrorItem("type is required", field="type")])
    return Status(201, _after(request, services.case_create(Actor.from_request(request), case_type, body)))


@router.get("", response=CasesOut)
@allow(policies.CASE_READ)
def list_cases(request: HttpRequest, filters: Query[ListFilters]) -> CasesOut:
    """Scoped: a unit sees its own, a district reviewer its district's, a city approver all.
    `number` finds one case by its number, typed in lower case, full width or with spaces too."""
    qs = case_rows(cases_visible_to(user_of(request)))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.district:
        qs = qs.filter(district_id=filters.district)
    if filters.late is not None:
        qs = qs.filter(late=filters.late)
    if number := normalise_number(filters.number or ""):  # blank: no filter
        qs = qs.filter(number=number)
    rows, cursor = page(qs, filters.limit, filters.cursor)
    return CasesOut(items=case_summaries(rows, clock.today(), role=user_of(request).role), next_cursor=cursor)


@router.get("/{int:case_id}", response=CaseOut)
@allow(policies.CASE_READ)
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    """The case with its eligibility computed as of today, its checklist and its history."""
    return _full(request, case_id)


@router.patch("/{int:case_id}", response=CaseOut)
@allow(policies.CASE_PATCH)
def patch(request: HttpRequest, case_id: int, body: Body[dict[str, Any]]) -> CaseOut:
    """Replace the sections given, in `draft` or `supplement_requested` (else 409)."""
    body = {k: v for k, v in body.items() if k != "type"}
    case = services.case_patch(Actor.from_request(request), case_id, body)
    return _after(request, case)


@router.post("/{int:case_id}/photo", response=CaseOut)
@allow(policies.CASE_PHOTO)
def photo(request: HttpRequest, case_id: int, file: File[UploadedFile]) -> CaseOut:
    """Upload the applicant's photo (R-W09): JPEG or PNG, 5:7, at least 295×413, at most 2 MB. It is
    stored re-encoded (no metadata, decision 82): its checksum is the stored file's."""
    from django.conf import settings

    if file.size is not None and file.size > settings.PHOTO_MAX_BYTES:
        raise RuleViolation(
            "The photo was refused.",
            [
                ErrorItem(
                    f"照片不能超过2MB（当前{file.size}字节）/ the photo exceeds 2 MB ({file.size} bytes)",
                    rule="R-W09",
                    field="file",
                )
            ],
        )
    case = services.case_attach_photo(Actor.from_request(request), case_id, file.read())
    return _after(request, case)


@router.get("/{int:case_id}/photo")
@allow(policies.CASE_READ)
def get_photo(request: HttpRequest, case_id: int) -> HttpResponse:
    """The uploaded photo, as an attachment, to those who may see the case."""
    content, content_type = case_photo(case_for(user_of(request), case_id), Actor.from_request(request))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="photo-{case_id}.{content_type.split("/")[1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/{int:case_id}/submit", response=CaseOut)
@allow(policies.CASE_SUBMIT)
def submit(request: HttpRequest, case_id: int) -> CaseOut:
    """Run every rule of the type; any failure → 422 listing all of them. The client's submission is
    the unit's 诚信声明 (告知承诺), recorded as such in the case's history: no field asks for it."""
    case = services.case_submit(Actor.from_request(request), case_id, commitment=Commitment.API)
    return _after(request, case)


@router.post("/{int:case_id}/withdraw", response=CaseOut)
@allow(policies.CASE_WITHDRAW)
def withdraw(request: HttpRequest, case_id: int) -> CaseOut:
    """R-W06."""
    case = services.case_withdraw(Actor.from_request(request), case_id)
    return _after(request, case)


@router.post("/{int:case_id}/review", response=CaseOut)
@allow(policies.CASE_REVIEW)
def review(request: HttpRequest, case_id: int, body: DecisionIn) -> CaseOut:
    """The district's preliminary review (初审): pass / reject / request_supplement (R-W02, R-W07)."""
    case = services.case_review(
        Actor.from_request(request),
        case_id,
        decision=body.decision,
        materials_received=body.materials_received,
        missing=body.missing,
        note=body.note,
    )
    return _after(request, case)


@router.post("/{int:case_id}/approval", response=CaseOut)
@allow(policies.CASE_APPROVAL)
def approval(request: HttpRequest, case_id: int, body: ApprovalIn) -> CaseOut:
    """The city's approval (审批); R-P03(c) needs confirm_special_talent."""
    case = services.case_approve(
        Actor.from_request(request),
        case_id,
        decision=body.decision,
        note=body.note,
        confirm_special_talent=body.confirm_special_talent,
    )
    return _after(request, case)


@router.post("/{int:case_id}/collection", response=CaseOut)
@allow(policies.CASE_COLLECTION)
def collection(request: HttpRequest, case_id: int, body: CollectionIn) -> CaseOut:
    """R-W04: the permit is handed out at the window."""
    case = services.case_collect(
        Actor.from_request(request), case_id, collected_by=body.collected_by, note=body.note
    )
    return _after(request, case)
