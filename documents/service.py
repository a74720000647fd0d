"""Documents the system prints, wired to cases and audited (security decision 7: every download)."""

from django.core.files.storage import default_storage

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from cases.types import spec_for
from core import clock
from core.errors import NotFound
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
        shortage_catalogue_name=entry.name if entry else None, case_number=case.number, data=case.data or {}, photo=photo, printed_on=clock.today(),
        unit={"name": unit.name, "uscc": unit.uscc, "district_name": unit.district.name,
              "address": unit.address, "legal_representative": unit.legal_representative,
              "operator_name": unit.operator_name, "operator_phone": unit.operator_phone})
    audit_record(actor, "case.form_downloaded", case, after={"number": case.number})
    return pdf
