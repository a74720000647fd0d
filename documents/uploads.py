"""Electronic copies per checklist item (security decision 9): the type is decided from the content,
the size capped, the name made by the server, the checksum kept and checked."""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case, CaseStatus
from cases.selectors import case_for, cases_visible_to
from cases.services import checklist
from core import clock
from core.errors import Conflict, ErrorItem, NotFound, RuleViolation
from documents.models import CaseDocument
from documents.service import verified_content
from rules.unit import ensure_not_frozen

UPLOADABLE = (CaseStatus.DRAFT, CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.SUBMITTED)
KINDS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def sniff(content: bytes) -> str | None:
    """The content type from the first bytes, whatever the file is called."""
    if content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]:
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _clean_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return re.sub(r"[^\w.\-\u4e00-\u9fff ]", "_", base)[:120] or "file"


def document_upload(
    actor: Actor, case_id: int, *, item_code: str, filename: str, content: bytes
) -> CaseDocument:
    unit = actor.account.unit
    if unit is None:
        raise NotFound("No such unit.")
    ensure_not_frozen(unit.status)  # R-U05
    content_type = sniff(content)
    errors = []
    if content_type is None:
        errors.append(
            ErrorItem(
                "只接受PDF、JPEG或PNG文件（按文件内容判断，而非文件名）/ only PDF, JPEG or PNG "
                "(judged from the content, not the name)",
                field="file",
            )
        )
    if len(content) > settings.UPLOAD_MAX_BYTES:
        errors.append(
            ErrorItem(f"文件不能超过10MB / the file exceeds 10 MB ({len(content)} bytes)", field="file")
        )
    with transaction.atomic():
        case = cases_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=case_id).first()
        if case is None:
            raise NotFound("No such application.")
        if case.status not in UPLOADABLE:
            raise Conflict(f"A case in status {case.status!r} takes no more uploads.")
        if item_code not in {i.code for i in checklist(case, clock.today())}:
            errors.append(
                ErrorItem(
                    f"{item_code} 不在本申请的材料清单中 / not on the case's checklist", field="item_code"
                )
            )
        if errors or content_type is None:
            raise RuleViolation("The upload was refused.", errors)
        digest = hashlib.sha256(content).hexdigest()
        stored = default_storage.save(
            f"documents/{uuid.uuid4().hex}.{KINDS[content_type]}", ContentFile(content)
        )
        document = CaseDocument.objects.create(
            case=case,
            item_code=item_code,
            name=stored,
            original_name=_clean_name(filename),
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=actor.account,
        )
        audit_record(
            actor,
            "case.document_uploaded",
            case,
            after={"document": document.pk, "item_code": item_code, "sha256": digest},
        )
    return document


def document_download(actor: Actor, case_id: int, document_id: int) -> tuple[CaseDocument, bytes]:
    case: Case = case_for(actor.account, case_id)
    document = CaseDocument.objects.filter(case=case, pk=document_id).first()
    if document is None:
        raise NotFound("No such document.")
    return document, verified_content(
        document.name, document.sha256, actor, case, "document", {"document": document.pk}
    )
