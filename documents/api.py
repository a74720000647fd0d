"""Templates, application letters, bulk import and exports (api.md "Documents"; docs/exports.md).
Mounted at "/", so every path is written in full."""

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from cases.models import CaseStatus, CaseType
from cases.selectors import case_for
from documents import exports
from documents.imports import import_staff
from documents.letters import case_letter
from documents.schemas import ImportOut
from documents.templates import DOCX, template
from permits.models import PermitStatus

router = Router(tags=["documents"], auth=token_auth)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/templates/{name}")
@allow(policies.TEMPLATE_READ)
def get_template(request: HttpRequest, name: str) -> HttpResponse:
    """`integrity-declaration.docx` (诚信声明), `social-insurance-certificate.xlsx` (社保证明样表),
    `tax-certificate.xlsx` (个税证明样表), `staff-import.xlsx` (the bulk-import layout). A unit gets
    them prefilled with its name. Unknown name: 404."""
    content, content_type = template(Actor.from_request(request), name)
    return _attachment(content, content_type, name)


@router.get("/applications/{int:case_id}/letter.docx")
@allow(policies.CASE_READ)
def letter(request: HttpRequest, case_id: int) -> HttpResponse:
    """The unit's application letter for the case (《关于为×××办理…的申请》 by type), prefilled."""
    case = case_for(user_of(request), case_id)
    return _attachment(case_letter(case, Actor.from_request(request)), DOCX, f"{case.number}-letter.docx")


@router.post("/applications/import", response=ImportOut)
@allow(policies.CASE_CREATE)
def import_applications(request: HttpRequest, file: File[UploadedFile]) -> ImportOut:
    """Multipart `file`: an .xlsx in the staff-import layout (GET /templates/staff-import.xlsx), at
    most 10 MB → `{"results": [{"row", "application_id"} | {"row", "errors": [...]}]}`; one draft
    `new` case per good row, nothing for a bad one. Not an xlsx (judged from the content): 400."""
    return ImportOut.model_validate({"results": import_staff(Actor.from_request(request), file.read())})


class PermitFilters(Schema):
    status: PermitStatus | None = None


class CaseFilters(Schema):
    status: CaseStatus | None = None
    type: CaseType | None = None
    district: str | None = None


@router.get("/exports/permits.xlsx")
@allow(policies.PERMIT_READ)
def export_permits(request: HttpRequest, filters: Query[PermitFilters]) -> FileResponse:
    """The permits the caller may see, ID numbers masked (R-S02); columns in docs/exports.md."""
    stream = exports.permits_export(Actor.from_request(request), status=filters.status)
    return exports.xlsx_response(stream, "permits.xlsx")


@router.get("/exports/applications.xlsx")
@allow(policies.CASE_READ)
def export_applications(request: HttpRequest, filters: Query[CaseFilters]) -> FileResponse:
    """The applications the caller may see (an official's queue with `?status=submitted`), masked."""
    stream = exports.applications_export(
        Actor.from_request(request), status=filters.status, type=filters.type, district=filters.district
    )
    return exports.xlsx_response(stream, "applications.xlsx")


@router.get("/exports/statistics.xlsx")
@allow(policies.STATISTICS_READ)
def export_statistics(request: HttpRequest) -> FileResponse:
    """Officials: cases by district × type × status and permits by district × status, in scope."""
    return exports.xlsx_response(exports.statistics_export(Actor.from_request(request)), "statistics.xlsx")
