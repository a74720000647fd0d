"""Documents the system prints, wired to cases and audited (security decision 7: every download)."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case, CaseStatus, CaseType
from cases.types import spec_for
from core import clock
from core.errors import NotFound
from core.storage import read_stored
from documents.cards import permit_card_pdf
from documents.forms import Commitment, new_application_form_pdf, renewal_form_pdf
from permits.models import Permit
from reference.models import ShortageCatalogueEntry
from verification import signing


def permit_fields(permit: Permit) -> dict[str, Any]:
    """What the printed documents show of a permit and its holder."""
    holder = permit.holder
    return {
        "permit_no": permit.permit_no,
        "holder_name": holder.name,
        "holder_id_number": holder.id_number,
        "holder_sex": holder.sex,
        "holder_birth_date": holder.birth_date,
        "unit_name": permit.unit.name,
        "issue_date": permit.issue_date,
        "first_issued_on": permit.first_issued_on,
        "expiry_date": permit.expiry_date,
        "card_version": permit.card_version,
        "residence": permit.residence,
        "dependents": permit.dependents,
    }


def submitted_commitment(case: Case) -> Commitment | None:
    """The unit's 诚信声明 as the case's submission recorded it (cases.services.case_submit keeps it
    in the submit event's details), on the day of the first submission; None before it (or for a
    case submitted before the commitment was recorded)."""
    event = case.events.filter(action="submit").order_by("at", "pk").first()
    how = (event.details or {}).get("commitment") if event is not None else None
    if not how or case.submitted_on is None:
        return None
    return Commitment(how=str(how), on=case.submitted_on)


def application_form(case: Case, actor: Actor) -> bytes:
    """R-W10: the printed application form (new: 申请表, renewal: 续签申请表), 2 copies."""
    spec = spec_for(case.type)
    if spec is None or not spec.prints_form:
        raise NotFound("This type of application has no printed form.")
    unit = case.unit
    unit_fields = {
        "name": unit.name,
        "uscc": unit.uscc,
        "district_name": unit.district.name,
        "address": unit.address,
        "legal_representative": unit.legal_representative,
        "operator_name": unit.operator_name,
        "operator_phone": unit.operator_phone,
    }
    data, today = case.data or {}, clock.today()
    draft = case.status == CaseStatus.DRAFT  # unchecked: watermarked, never taken for the form
    if case.type == CaseType.RENEWAL and case.permit is not None:
        permit = case.permit
        pdf = renewal_form_pdf(
            case_number=case.number,
            data=data,
            unit=unit_fields,
            photo=read_stored(permit.photo_path),
            printed_on=today,
            permit=permit_fields(permit),
            commitment=submitted_commitment(case),
            draft=draft,
        )
    else:
        code = (data.get("person") or {}).get("shortage_catalogue_code", "")
        entry = ShortageCatalogueEntry.objects.filter(code=code).first() if code else None
        pdf = new_application_form_pdf(
            case_number=case.number,
            data=data,
            unit=unit_fields,
            photo=read_stored(case.photo_name),
            printed_on=today,
            shortage_catalogue_name=entry.name if entry else None,
            commitment=submitted_commitment(case),
            draft=draft,
        )
    audit_record(actor, "case.form_downloaded", case, after={"number": case.number})
    return pdf


def permit_card(permit: Permit, actor: Actor, *, case: str | None = None) -> bytes:
    """The card as printed at collection, its QR code carrying a signed token (api.md). `case`: the
    number of the case whose collection hands it out, kept in the audit row."""
    token = signing.sign(permit.permit_no, permit.card_version, permit.expiry_date)
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("verify-qr", args=[token])
    pdf = permit_card_pdf(
        photo=read_stored(permit.photo_path),
        verify_url=url,
        permit=permit_fields(permit),
    )
    after: dict[str, Any] = {"card_version": permit.card_version}
    if case is not None:
        after["case"] = case
    audit_record(actor, "permit.card_downloaded", permit, after=after)
    return pdf
