from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from audit.services import audit_record
from core import clock
from core.dates import add_years
from core.pagination import page
from permits.models import PermitStatus, status_is
from permits.presenters import permit_out
from permits.schemas import LossReportIn, LossReportWithdrawIn, PermitOut, PermitsOut
from permits.selectors import permit_for, permits_visible_to
from permits.services import permit_report_loss, permit_withdraw_loss_report

router = Router(tags=["permits"], auth=token_auth)


class UnfreezeIn(Schema):
    note: str = ""


class PermitFilters(Schema):
    status: PermitStatus | None = None
    talent_introduction_eligible: bool | None = None
    limit: int | None = None
    cursor: str | None = None


@router.get("", response=PermitsOut)
@allow(policies.PERMIT_READ)
def list_permits(request: HttpRequest, filters: Query[PermitFilters]) -> PermitsOut:
    """Scoped like cases; ID numbers masked (R-S02)."""
    today = clock.today()
    qs = permits_visible_to(user_of(request), today)
    if filters.status:
        qs = qs.in_status(filters.status.value, today)
    if filters.talent_introduction_eligible is not None:
        talent = status_is(PermitStatus.VALID, today) & Q(first_issued_on__lte=add_years(today, -3))
        qs = qs.filter(talent) if filters.talent_introduction_eligible else qs.exclude(talent)
    rows, cursor = page(qs.prefetch_related("inspections"), filters.limit, filters.cursor)
    return PermitsOut(items=[permit_out(p, today, full=False) for p in rows], next_cursor=cursor)


@router.get("/{permit_no}", response=PermitOut)
@allow(policies.PERMIT_READ)
def get_permit(request: HttpRequest, permit_no: str) -> PermitOut:
    """The permit with the holder's full ID number; each such view is audited (R-S02)."""
    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    audit_record(Actor.from_request(request), "permit.viewed", permit)
    return permit_out(permit, today, full=True)


@router.post("/{permit_no}/unfreeze", response=PermitOut)
@allow(policies.PERMIT_UNFREEZE)
def unfreeze(request: HttpRequest, permit_no: str, body: UnfreezeIn) -> PermitOut:
    """R-I05: only the district unfreezes a permit, on the unit's written request."""
    from permits.services import permit_unfreeze

    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    permit_unfreeze(Actor.from_request(request), permit.pk, note=body.note)
    return permit_out(permit_for(user_of(request), permit_no, today), today, full=True)


@router.post("/{permit_no}/loss-report", response=PermitOut)
@allow(policies.PERMIT_LOSS_REPORT)
def loss_report(request: HttpRequest, permit_no: str, body: LossReportIn) -> PermitOut:
    """R-W11: the holding unit, or a district reviewer of its district, reports the card lost (挂失):
    verification answers `reported_lost` for every card version until a replacement card is collected.
    A cancelled or lapsed permit, or one already reported: 409."""
    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    permit_report_loss(Actor.from_request(request), permit.pk, note=body.note)
    return permit_out(permit_for(user_of(request), permit_no, today), today, full=True)


@router.post("/{permit_no}/loss-report/withdraw", response=PermitOut)
@allow(policies.PERMIT_LOSS_WITHDRAW)
def loss_report_withdraw(request: HttpRequest, permit_no: str, body: LossReportWithdrawIn) -> PermitOut:
    """R-W11: only the district withdraws a loss report (the card was found), with a reason (else 422
    R-W11); 409 when no report stands."""
    today = clock.today()
    permit = permit_for(user_of(request), permit_no, today)
    permit_withdraw_loss_report(Actor.from_request(request), permit.pk, note=body.note)
    return permit_out(permit_for(user_of(request), permit_no, today), today, full=True)
