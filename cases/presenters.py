"""The case object of api.md, built from a case: in full for one case (`case_out`: the API and the
employer portal's case page) and as lists show it (`case_summary`: personal data masked, R-S02, no
eligibility, decision 6)."""

import datetime as dt
import json
from typing import Any

from cases import privacy, services
from cases.models import Case
from cases.schemas import (
    CaseOut,
    CaseSummaryOut,
    ChecklistEntryOut,
    DocumentBrief,
    EligibilityOut,
    HistoryEntryOut,
)
from core.crypto import mask_id, mask_phone


def masked_data(data: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(data or {}))
    person = out.get("person") or {}
    if "id_number" in person:
        person["id_number"] = mask_id(person["id_number"])
    if person.get("phone"):
        person["phone"] = mask_phone(person["phone"])
    deps = out.get("dependents") or {}
    if deps.get("spouse"):
        deps["spouse"]["id_number"] = mask_id(deps["spouse"].get("id_number"))
    for child in deps.get("children") or []:
        child["id_number"] = mask_id(child.get("id_number"))
    return out


def _case(case: Case, today: dt.date, *, data: dict[str, Any], role: str) -> CaseSummaryOut:
    """The fields both shapes share. `role` is the reader's: a unit reads the holder of a permit held
    elsewhere masked (cases.privacy)."""
    received = set(case.materials_received or [])
    return CaseSummaryOut(
        id=case.pk,
        number=case.number,
        type=case.type,
        status=case.status,
        unit_id=case.unit_id,
        unit_name=case.unit.name,
        district=case.unit.district_id,
        permit_no=case.permit.permit_no if case.permit_id else None,  # type: ignore[union-attr]
        applicant_name=privacy.applicant_name(case, role),
        data=data,
        checklist=[
            ChecklistEntryOut(code=i.code, title=i.title, required=i.required, received=i.code in received)
            for i in services.checklist(case, today)
        ],
        materials_missing=case.materials_missing or [],
        has_photo=bool(case.photo_name),
        documents=[
            DocumentBrief(id=d.pk, item_code=d.item_code, original_name=d.original_name,
                          content_type=d.content_type, size=d.size)
            for d in case.documents.all()
        ],
        late=case.late,
        history=[
            HistoryEntryOut(at=e.at, actor_role=e.actor_role, action=e.action,
                            from_status=e.from_status or None, to_status=e.to_status, note=e.note)
            for e in case.events.all()
        ],
        created_at=case.created_at,
        submitted_at=case.submitted_at,
    )


def case_summary(case: Case, today: dt.date, *, role: str) -> CaseSummaryOut:
    return _case(case, today, data=masked_data(case.data or {}), role=role)


def case_out(case: Case, today: dt.date, *, role: str) -> CaseOut:
    eligibility = EligibilityOut.model_validate(services.eligibility(case, today).as_dict())
    return CaseOut(**dict(_case(case, today, data=case.data or {}, role=role)), eligibility=eligibility)
