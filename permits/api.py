from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from accounts.roles import Role
from audit.services import audit_record
from core import clock
from core.crypto import mask_id
from core.dates import add_years
from core.pagination import page, page_response
from permits.models import PermitStatus
from permits.selectors import permit_for, permits_visible_to

router = Router(tags=["permits"], auth=token_auth)


class UnfreezeIn(Schema):
    note: str = ""


class PermitFilters(Schema):
    status: PermitStatus | None = None
    talent_introduction_eligible: bool | None = None
    limit: int | None = None
    cursor: str | None = None


def permit_out(p: Any, today: Any, *, full: bool) -> dict[str, Any]:
    number = p.holder.id_number
    return {
        "permit_no": p.permit_no,
        "status": p.status_now,
        "holder": {"name": p.holder.name, "id_number": number if full else mask_id(number)},
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "issue_date": p.issue_date,
        "first_issued_on": p.first_issued_on,
        "expiry_date": p.expiry_date,
        "card_version": p.card_version,
        "residence": p.residence,
        "dependents": _dependents(p.dependents, full),
        "frozen": p.frozen_at is not None or p.status_now == PermitStatus.FROZEN,
        "inspected_years": sorted(i.year for i in p.inspections.all()),  # prefetched in lists
        "talent_introduction_eligible": _talent(p, today),
    }


def _dependents(deps: dict[str, Any], full: bool) -> dict[str, Any]:
    if full or not deps:
        return deps or {}
    out = {**deps}
    if out.get("spouse"):
        out["spouse"] = {**out["spouse"], "id_number": mask_id(out["spouse"].get("id_number"))}
    out["children"] = [{**c, "id_number": mask_id(c.get("id_number"))} for c in out.get("children") or []]
    return out


def _talent(p: Any, today: Any) -> bool:
    """R-V03: held continuously for 3 years (renewals without a gap keep first_issued_on)."""
    return p.status_now == PermitStatus.VALID and p.first_issued_on <= add_years(today, -3)


@router.get("", response=dict)
@allow(Role.UNIT, Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
def list_permits(request: HttpRequest, filters: Query[PermitFilters]) -> dict[str, Any]:
    """Scoped like cases; ID numbers masked (R-S02)."""
    today = clock.today()
    qs = permits_visible_to(user_of(request), today)
    if filters.status:
        qs = qs.in_status(filters.status.value, today)
    if filters.talent_introduction_eligible is not None:
        talent = {"status_now": PermitStatus.VALID.value, "first_issued_on__lte": add_years(today, -3)}
        qs = qs.filter(**talent) if filters.talent_introduction_eligible else qs.exclude(**talent)
    rows, cursor = page(qs.prefetch_related("inspections"), filters.limit, filters.cursor)
    return page_response([permit_out(p, today, full=False) for p in rows], cursor)


@router.get("/{permit_no}", response=dict)
@allow(Role.UNIT, Role.DISTRICT_REVIEWER, Role.CITY_APPROVER)
def get_permit(request: HttpRequest, permit_no: str) -> dict[str, Any]:
    """The permit with the holder's full ID number; each such view is audited (R-S02)."""
    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    audit_record(Actor.from_request(request), "permit.viewed", permit)
    return permit_out(permit, today, full=True)


@router.post("/{permit_no}/unfreeze", response=dict)
@allow(Role.DISTRICT_REVIEWER)
def unfreeze(request: HttpRequest, permit_no: str, body: UnfreezeIn) -> dict[str, Any]:
    """R-I05: only the district unfreezes a permit, on the unit's written request."""
    from permits.services import permit_unfreeze

    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    permit_unfreeze(Actor.from_request(request), permit.pk, note=body.note)
    return permit_out(permit_for(user_of(request), permit_no, today), today, full=True)
