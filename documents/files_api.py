from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from cases.selectors import case_for
from core import clock
from documents import uploads
from documents.presenters import document_out
from documents.schemas import DocumentOut, DocumentsOut
from documents.service import application_form, permit_card
from permits.selectors import permit_for

router = Router(tags=["documents"], auth=token_auth)


@router.get("/permits/{permit_no}/card.pdf")
@allow(policies.PERMIT_READ)
def card_pdf(request: HttpRequest, permit_no: str) -> HttpResponse:
    """The permit card as printed at collection, with a QR code signed by the system (Ed25519)."""
    permit = permit_for(user_of(request), permit_no, clock.today())
    response = HttpResponse(permit_card(permit, Actor.from_request(request)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{permit.permit_no}-card.pdf"'
    return response


@router.post("/applications/{int:case_id}/documents", response={201: DocumentOut})
@allow(policies.CASE_UPLOAD)
def upload(
    request: HttpRequest, case_id: int, item_code: Form[str], file: File[UploadedFile]
) -> Status[DocumentOut]:
    """An electronic copy (PDF, JPEG or PNG, ≤ 10 MB, type judged from the content) of one checklist
    item, while the case is a draft, submitted, or back with the unit for a supplement. PDFs with
    scripts, launch actions or embedded files and images over 40 megapixels are refused (422);
    images are stored re-encoded, so `sha256` and `size` are those of the stored file (decision 82)."""
    document = uploads.document_upload(
        Actor.from_request(request),
        case_id,
        item_code=item_code,
        filename=file.name or "",
        content=file.read(),
    )
    return Status(201, document_out(document))


@router.get("/applications/{int:case_id}/documents", response=DocumentsOut)
@allow(policies.CASE_READ)
def documents(request: HttpRequest, case_id: int) -> DocumentsOut:
    """The copies uploaded for the case, beside its checklist."""
    case = case_for(user_of(request), case_id)
    return DocumentsOut(items=[document_out(d) for d in case.documents.all()])


@router.get("/applications/{int:case_id}/documents/{int:document_id}")
@allow(policies.CASE_READ)
def download(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """One copy, as an attachment, to those who may see the case; its checksum is checked first."""
    document, content = uploads.document_download(Actor.from_request(request), case_id, document_id)
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.served_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/applications/{int:case_id}/form.pdf", tags=["applications"], operation_id="cases_api_form_pdf")
@allow(policies.CASE_READ)
def form_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    """The printed application form (R-W10), 2 copies, with the photo and the case number."""
    case = case_for(user_of(request), case_id)
    pdf = application_form(case, Actor.from_request(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{case.number}.pdf"'
    return response
