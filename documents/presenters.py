"""Uploaded copies as the API shows them: in the case object (`document_brief`) and on their own."""

from documents.models import CaseDocument
from documents.schemas import DocumentBrief, DocumentOut


def document_brief(d: CaseDocument) -> DocumentBrief:
    return DocumentBrief(id=d.pk, item_code=d.item_code, original_name=d.original_name,
                         content_type=d.content_type, size=d.size)


def document_out(d: CaseDocument) -> DocumentOut:
    return DocumentOut(id=d.pk, item_code=d.item_code, original_name=d.original_name,
                       content_type=d.content_type, size=d.size, sha256=d.sha256, uploaded_at=d.uploaded_at)
