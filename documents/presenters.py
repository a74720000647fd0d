"""Uploaded copies as the API shows them on their own (in the case object: cases.presenters)."""

from documents.models import CaseDocument
from documents.schemas import DocumentOut


def document_out(d: CaseDocument) -> DocumentOut:
    return DocumentOut(id=d.pk, item_code=d.item_code, original_name=d.original_name,
                       content_type=d.content_type, size=d.size, sha256=d.sha256, uploaded_at=d.uploaded_at)
