"""Documents the system prints, wired to cases and audited (security decision 7: every download)."""

import hashlib

from django.core.files.storage import default_storage

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from cases.types import spec_for
from core import clock
from core.errors import Conflict, NotFound
from documents.forms import new_application_form_pdf
from reference.models import ShortageCatalogueEntry


def application_form(case: Case, actor: Actor) -> bytes:
    """R-W10: the printed application form, 2 copies."""
    spec = spec_for(case.type)
    if spec is None or not spec.prints_form:
        raise NotFound("This type of application has no printed form.")
    photo = None
    if case.photo_name and default_storage.exists(case.photo_name):
        with default_storage.open(case.photo_name, "rb") as fh:
            photo = fh.read()
    unit = case.unit
    code = ((case.data or {}).get("person") or {}).get("shortage_catalogue_code", "")
    entry = ShortageCatalogueEntry.objects.filter(code=code).first() if code else None
    pdf = new_application_form_pdf(
        shortage_catalogue_name=entry.name if entry else None,
        case_number=case.number,
        data=case.data or {},
        photo=photo,
        printed_on=clock.today(),
        unit={
            "name": unit.name,
            "uscc": unit.uscc,
            "district_name": unit.district.name,
            "address": unit.address,
            "legal_representative": unit.legal_representative,
            "operator_name": unit.operator_name,
            "operator_phone": unit.operator_phone,
        },
    )
    audit_record(actor, "case.form_downloaded", case, after={"number": case.number})
    return pdf


def case_photo(case: Case, actor: Actor) -> tuple[bytes, str]:
    """Security decision 9: an upload is served only to those who may see its case, as an
    attachment, after its SHA-256 is checked against the one kept at upload."""
    if not case.photo_name or not default_storage.exists(case.photo_name):
        raise NotFound("This application has no photo.")
    with default_storage.open(case.photo_name, "rb") as fh:
        content = fh.read()
    if hashlib.sha256(content).hexdigest() != case.photo_sha256:
        audit_record(actor, "case.photo_integrity_failed", case, outcome="failure")
        raise Conflict("The stored photo does not match its checksum; upload it again.")
    audit_record(actor, "case.photo_downloaded", case)
    return content, "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
