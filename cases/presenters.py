"""The case object of api.md, built from a case. Lists mask personal data (R-S02)."""

import datetime as dt
import json
from typing import Any

from cases import privacy, services
from cases.models import Case
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


def case_out(case: Case, today: dt.date, *, full: bool, role: str) -> dict[str, Any]:
    """`role` is the reader's: a unit reads the holder of a permit held elsewhere masked (cases.privacy)."""
    received = set(case.materials_received or [])
    items = services.checklist(case, today)
    out: dict[str, Any] = {
        "id": case.pk,
        "number": case.number,
        "type": case.type,
        "status": case.status,
        "unit_id": case.unit_id,
        "unit_name": case.unit.name,
        "district": case.unit.district_id,
        "permit_no": case.permit.permit_no if case.permit_id else None,  # type: ignore[union-attr]
        "applicant_name": privacy.applicant_name(case, role),
        "data": (case.data or {}) if full else masked_data(case.data or {}),
        "checklist": [
            {"code": i.code, "title": i.title, "required": i.required, "received": i.code in received}
            for i in items
        ],
        "materials_missing": case.materials_missing or [],
        "has_photo": bool(case.photo_name),
        "documents": [{"id": d.pk, "item_code": d.item_code, "original_name": d.original_name,
                       "content_type": d.content_type, "size": d.size} for d in case.documents.all()],
        "late": case.late,
        "history": [
            {
                "at": e.at,
                "actor_role": e.actor_role,
                "action": e.action,
                "from_status": e.from_status or None,
                "to_status": e.to_status,
                "note": e.note,
            }
            for e in case.events.all()
        ],
        "created_at": case.created_at,
        "submitted_at": case.submitted_at,
    }
    if full:
        out["eligibility"] = services.eligibility(case, today).as_dict()
    return out
