"""The permit object of api.md "Permits", for the API and the employer portal's permit page; the
compliance lists' rows (R-C01)."""

import datetime as dt
from typing import Any

from core.crypto import mask_id
from core.dates import add_years
from permits.models import Permit, PermitStatus, PermitTransfer
from permits.schemas import HolderOut, OmittedCancellationOut, PermitOut


def permit_out(p: Permit, today: dt.date, *, full: bool) -> PermitOut:
    """`p` annotated with `status_now`. `full`: the holder's and dependents' ID numbers unmasked (one
    permit's view, audited by the caller); lists mask them (R-S02)."""
    number = p.holder.id_number
    status = p.status_now  # type: ignore[attr-defined]
    return PermitOut(
        permit_no=p.permit_no,
        status=status,
        holder=HolderOut(name=p.holder.name, id_number=number if full else mask_id(number)),
        unit_id=p.unit_id,
        unit_name=p.unit.name,
        issue_date=p.issue_date,
        first_issued_on=p.first_issued_on,
        expiry_date=p.expiry_date,
        card_version=p.card_version,
        residence=p.residence,
        dependents=_dependents(p.dependents, full),
        frozen=p.frozen_at is not None or status == PermitStatus.FROZEN,
        reported_lost=p.reported_lost,
        inspected_years=sorted(i.year for i in p.inspections.all()),  # prefetched in lists
        talent_introduction_eligible=_talent(p, status, today),
    )


def _dependents(deps: dict[str, Any], full: bool) -> dict[str, Any]:
    if full or not deps:
        return deps or {}
    out = {**deps}
    if out.get("spouse"):
        out["spouse"] = {**out["spouse"], "id_number": mask_id(out["spouse"].get("id_number"))}
    out["children"] = [{**c, "id_number": mask_id(c.get("id_number"))} for c in out.get("children") or []]
    return out


def _talent(p: Permit, status: str, today: dt.date) -> bool:
    """R-V03: held continuously for 3 years (renewals without a gap keep first_issued_on)."""
    return status == PermitStatus.VALID and p.first_issued_on <= add_years(today, -3)


def omitted_cancellation_out(t: PermitTransfer) -> OmittedCancellationOut:
    return OmittedCancellationOut(
        permit_no=t.permit.permit_no,
        former_unit_id=t.from_unit_id,
        former_unit_name=t.from_unit.name,
        new_unit_id=t.to_unit_id,
        left_on=t.left_on,
        transferred_on=t.transferred_on,
        application_id=t.case_id,
        application_number=t.case.number,
    )
