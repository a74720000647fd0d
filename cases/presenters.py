"""The case object of api.md, built from a case: in full for one case (`case_out`: the API and the
employer portal's case page) and as lists show it (`case_summaries`: personal data masked, R-S02, no
eligibility, decision 6).

A page's history and documents are read for all its cases at once, as plain rows grouped by case
(`_histories`, `_documents`): no per-case prefetch cache, which would tie each case to its rows in
reference cycles that only Python's cycle collector frees — at 50 cases a page that garbage made a
full collection every few requests, the lists' 95th percentile (issue 14)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from cases import privacy, services
from cases.models import Case, CaseEvent
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
    """`data` with its ID and phone numbers masked (R-S02): the sections holding them are copied, the
    others shared with `data`, which stays as it was."""
    out = dict(data or {})
    if isinstance(out.get("person"), dict):
        person = out["person"] = dict(out["person"])
        if "id_number" in person:
            person["id_number"] = mask_id(person["id_number"])
        if person.get("phone"):
            person["phone"] = mask_phone(person["phone"])
    if isinstance(out.get("dependents"), dict):
        deps = out["dependents"] = dict(out["dependents"])
        if deps.get("spouse"):
            deps["spouse"] = {**deps["spouse"], "id_number": mask_id(deps["spouse"].get("id_number"))}
        if deps.get("children"):
            deps["children"] = [{**child, "id_number": mask_id(child.get("id_number"))}
                                for child in deps["children"]]
    return out


def _histories(case_ids: Sequence[int]) -> dict[int, list[HistoryEntryOut]]:
    """The history of each case, oldest first (CaseEvent's order): one query."""
    out: dict[int, list[HistoryEntryOut]] = defaultdict(list)
    rows = CaseEvent.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "at", "actor_role", "action", "from_status", "to_status", "note"
    )
    for case_id, at, actor_role, action, from_status, to_status, note in rows:
        out[case_id].append(HistoryEntryOut(at=at, actor_role=actor_role, action=action,
                                            from_status=from_status or None, to_status=to_status, note=note))
    return out


def _documents(case_ids: Sequence[int]) -> dict[int, list[DocumentBrief]]:
    """The copies uploaded to each case, by checklist item (CaseDocument's order): one query."""
    out: dict[int, list[DocumentBrief]] = defaultdict(list)
    rows = (
        Case.objects.filter(pk__in=case_ids, documents__isnull=False)
        .order_by("documents__item_code", "documents__pk")
        .values_list("pk", "documents__pk", "documents__item_code", "documents__original_name",
                     "documents__content_type", "documents__size")
    )
    for case_id, pk, item_code, original_name, content_type, size in rows:
        out[case_id].append(DocumentBrief(id=pk, item_code=item_code, original_name=original_name,
                                          content_type=content_type, size=size))
    return out


def _case(
    case: Case,
    today: dt.date,
    *,
    data: dict[str, Any],
    role: str,
    history: list[HistoryEntryOut],
    documents: list[DocumentBrief],
) -> CaseSummaryOut:
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
        documents=documents,
        late=case.late,
        history=history,
        created_at=case.created_at,
        submitted_at=case.submitted_at,
    )


def case_summaries(cases: Sequence[Case], today: dt.date, *, role: str) -> list[CaseSummaryOut]:
    """A page of cases as lists show them: the same number of queries for any number of cases."""
    ids = [case.pk for case in cases]
    histories, documents = _histories(ids), _documents(ids)
    return [
        _case(case, today, data=masked_data(case.data or {}), role=role,
              history=histories[case.pk], documents=documents[case.pk])
        for case in cases
    ]


def case_out(case: Case, today: dt.date, *, role: str) -> CaseOut:
    eligibility = EligibilityOut.model_validate(services.eligibility(case, today).as_dict())
    summary = _case(case, today, data=case.data or {}, role=role,
                    history=_histories([case.pk])[case.pk], documents=_documents([case.pk])[case.pk])
    return CaseOut(**dict(summary), eligibility=eligibility)
