"""Electronic copies per checklist item (security decision 9): the type is decided from the content,
the size capped, the name made by the server, the checksum kept and checked. Hostile files (security
decision 19): a PDF with scripts, launch actions or embedded files is refused, an image over the
pixel cap is refused before it is decoded, and an image is stored as a fresh copy of its pixels."""

import hashlib
import io
import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from accounts.actor import Actor
from audit.services import audit_record
from cases import transitions
from cases.files import verified_content
from cases.models import Case
from cases.selectors import case_for, cases_visible_to
from cases.services import checklist
from core import clock, images
from core.errors import Conflict, ErrorItem, NotFound, RuleViolation
from documents.models import EXTENSIONS, CaseDocument
from units.services import unit_may_write

logger = logging.getLogger(__name__)

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


def _too_many_pixels(size: tuple[int, int] | None) -> ErrorItem:
    zh = f"图片为{size[0]}×{size[1]}像素，" if size else "图片"
    en = f"{size[0]}×{size[1]} pixels" if size else "far too many pixels"
    cap = images.MAX_PIXELS
    return ErrorItem(
        f"{zh}超过{cap // 10_000}万像素的上限，请降低扫描分辨率后重新上传 / the image has {en}, "
        f"more than {cap // 1_000_000} megapixels: scan it at a lower resolution",
        field="file",
    )


def _damaged() -> ErrorItem:
    return ErrorItem(
        "文件已损坏或不是真正的PDF、JPEG或PNG文件，无法打开 / the file is damaged or not a real "
        "PDF, JPEG or PNG: it does not open",
        field="file",
    )


def _image_opens(content: bytes, content_type: str) -> tuple[ErrorItem | None, bytes]:
    """Pillow reads the header as the detected format and refuses more pixels than the cap before
    decoding any (security decision 19); then it checks the structure (verify) and decodes every
    pixel: a file that only starts with image magic bytes fails here. The bytes given back are what
    is stored — a fresh image of the same pixels, so a JPEG/HTML polyglot never reaches another
    user's browser."""
    try:
        stored, kind = images.reencoded(content)
    except images.TooManyPixels as exc:
        logger.info("upload refused: an image of %s pixels", exc.size or "too many")
        return _too_many_pixels(exc.size), content
    except Exception:  # noqa: BLE001 — any failure of the decoder on untrusted bytes is a refusal
        return _damaged(), content
    if kind != PIL_FORMATS[content_type]:
        return _damaged(), content
    return None, stored


def _pdf_opens(content: bytes) -> PdfReader | None:
    """pypdf parses the structure (leniently, as a viewer would: a slightly wrong cross-reference
    table is repaired) and finds at least one page; text that merely starts with %PDF- has none."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        return reader if len(reader.pages) > 0 else None
    except Exception:  # noqa: BLE001 — any failure of the parser on untrusted bytes is a refusal
        return None


# Security decision 19: what makes a PDF refused, in any dictionary the walk reaches.
KEYS_REFUSED = {
    "/JS": "JavaScript",  # the script of a /JavaScript (or /Rendition) action
    "/JavaScript": "JavaScript",  # the document-level scripts in the /Names tree
    "/XFA": "JavaScript",  # an XFA form, whose scripts the viewer runs
    "/EmbeddedFiles": "embedded file",  # the attachments in the /Names tree
    "/EF": "embedded file",  # a file specification that carries the file itself
}
NAMES_REFUSED = {
    "/S": {"/JavaScript": "JavaScript", "/Launch": "launch", "/GoToE": "embedded file"},  # actions
    "/Subtype": {"/FileAttachment": "embedded file"},  # an annotation holding a file
    "/Type": {"/EmbeddedFile": "embedded file"},  # the file's stream
}
FOUND_ZH = {
    "JavaScript": "脚本（JavaScript）",
    "launch": "启动程序的操作（Launch）",
    "embedded file": "嵌入文件",
}


def _pdf_active_content(reader: PdfReader) -> str | None:
    """What the PDF holds that a viewer would run or hand out (security decision 19) — "JavaScript",
    "launch" or "embedded file" — or None. Walks every object reachable from the trailer, as a
    viewer would, wherever it hangs: the catalog's /OpenAction and /AA, the /Names tree, a page's
    /AA, an annotation's /A and /AA, a form field, an action's /Next. pypdf resolves objects packed
    in compressed object streams and decodes #-escaped names, which a search of the raw bytes would
    miss. A stream's dictionary is looked at; its data is not decoded."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            for key, found in KEYS_REFUSED.items():
                if key in node:
                    return found
            for key, refused in NAMES_REFUSED.items():
                value = node.get(key)  # resolves an indirect value
                if isinstance(value, str) and value in refused:
                    return refused[value]
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def _pdf_refusal(content: bytes) -> ErrorItem | None:
    reader = _pdf_opens(content)
    if reader is None:
        return _damaged()
    try:
        found = _pdf_active_content(reader)
    except Exception:  # noqa: BLE001 — an object the parser cannot read is a damaged file
        return _damaged()
    if found is None:
        return None
    logger.info("upload refused: a PDF holding %s", found)
    return ErrorItem(
        f"PDF含有脚本、自动操作或嵌入文件（发现：{FOUND_ZH[found]}），不能作为申请材料，请打印后扫描或"
        f"另存为普通PDF再上传 / the PDF holds scripts, automatic actions or embedded files (found: "
        f"{found}), so it cannot be a case document: print and scan it, or save it as a plain PDF",
        field="file",
    )


def checked(content: bytes, content_type: str) -> tuple[ErrorItem | None, bytes]:
    """Whether the content is really a document of the type its first bytes claim and free of what
    security decision 19 refuses; the refusal, if any, and the bytes to store."""
    if content_type == "application/pdf":
        return _pdf_refusal(content), content
    return _image_opens(content, content_type)


def _clean_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return re.sub(r"[^\w.\-\u4e00-\u9fff ]", "_", base)[:120] or "file"


def document_upload(
    actor: Actor, case_id: int, *, item_code: str, filename: str, content: bytes
) -> CaseDocument:
    transitions.check(actor, "upload")
    unit_may_write(actor)  # R-U05
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
    elif not too_big:
        refusal, content = checked(content, content_type)
        if refusal is not None:
            logger.info("upload refused: starts as %s but is not a harmless one", content_type)
            content_type = None
            errors.append(refusal)
    if too_big:
        errors.append(
            ErrorItem(f"文件不能超过10MB / the file exceeds 10 MB ({len(content)} bytes)", field="file")
        )
    with transaction.atomic():
        case = cases_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=case_id).first()
        if case is None:
            raise NotFound("No such application.")
        if case.status not in transitions.UPLOADABLE:
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
