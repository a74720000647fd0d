"""The search's answer (search.schemas) from what search.selectors found."""

from core.crypto import mask_name
from search.schemas import SearchHitOut, SearchOut
from search.selectors import Hit


def hit_out(hit: Hit) -> SearchHitOut:
    if hit.case is not None:
        case = hit.case
        return SearchHitOut(
            kind="case",
            id=case.pk,
            number=case.number,
            permit_no=case.permit.permit_no if case.permit is not None else None,
            status=case.status,
            unit_name=case.unit.name,
            name_masked=mask_name(case.applicant_name),
        )
    permit = hit.permit
    assert permit is not None  # noqa: S101 (a hit is a case or a permit)
    return SearchHitOut(
        kind="permit",
        permit_no=permit.permit_no,
        status=permit.status_now,  # type: ignore[attr-defined]
        unit_name=permit.unit.name,
        name_masked=mask_name(permit.holder.name),
    )


def search_out(hits: list[Hit]) -> SearchOut:
    return SearchOut(items=[hit_out(h) for h in hits])
