"""Electronic copies per checklist item (security decision 9): the type is decided from the content,
the size capped, the name made by the server, the checksum kept and checked."""

import hashlib
import io
import logging
import re
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image
from pypdf import PdfReader

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case, CaseStatus
from cases.selectors import case_for, cases_visible_to
from cases.services import checklist
from core import clock
from core.errors import Conflict, ErrorItem, NotFound, RuleViolation
from documents.models import EXTENSIONS, CaseDocument
from documents.service import verified_content
from rules.unit import ensure_not_frozen

logger = logging.getLogger(__name__)

UPLOADABLE = (CaseStatus.DRAFT, CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.SUBMITTED)
KINDS = EXTENSIONS
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def sniff(content: bytes) -> str | None:
    """The content type from the first bytes, whatever the file is called."""
    if content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]:
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _image_opens(content: bytes, content_type: str) -> bool:
    """Pillow reads the header as the detected format, checks the structure (verify) and decodes
    the pixels: a file that only starts with image magic bytes fails here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != PIL_FORMATS[content_type]:
                    return False
                image.verify()
            with Image.open(io.BytesIO(content)) as image:  # verify() leaves the image unusable
                image.load()
    except Exception:  # noqa: BLE001 — any failure of the decoder on untrusted bytes is a refusal
        return False
    return True


def _pdf_opens(content: bytes) -> bool:
    """pypdf parses the structure (leniently, as a viewer would: a slightly wrong cross-reference
    table is repaired) and finds at least one page; text that merely starts with %PDF- has none."""
    try:
        return len(PdfReader(io.BytesIO(content), strict=False).pages) > 0
    except Exception:  # noqa: BLE001 — any failure of the parser on untrusted bytes is a refusal
        return False


def content_holds(content: bytes, content_type: str) -> bool:
    """Whether the content is really a document of the type its first bytes claim."""
    if content_type == "application/pdf":
        return _pdf_opens(content)
    return _image_opens(content, content_type)


def _clean_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return re.sub(r"[^\w.\-\u4e00-\u9fff ]", "_", base)[:120] or "file"


def document_upload(
    actor: Actor, case_id: int, *, item_code: str, filename: str, content: bytes
) -> CaseDocument:
    unit = actor.account.unit
    if unit is None:
        raise NotFound("No such unit.")
    ensure_not_frozen(unit)  # R-U05
    content_type = sniff(content)
    errors = []
    too_big = len(content) > settings.UPLOAD_MAX_BYTES
    if content_type is None:
        errors.append(
            ErrorItem(
                "只接受PDF、JPEG或PNG文件（按文件内容判断，而非文件名）/ only PDF, JPEG or PNG "
                "(judged from the content, not the name)",
                field="file",
            )
        )
    elif not too_big and not content_holds(content, content_type):
        logger.info("upload refused: starts as %s but does not open as one", content_type)
        content_type = None
        errors.append(
            ErrorItem(
                "文件已损坏或不是真正的PDF、JPEG或PNG文件，无法打开 / the file is damaged or not a real "
                "PDF, JPEG or PNG: it does not open",
                field="file",
            )
        )
    if too_big:
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
