"""What happened to a case: its history entry and audit row (`record`), written after every
transition and every other act on it, in the act's transaction."""

from typing import Any

from django.db.models import Min

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import OPEN_STATUSES, Case, CaseEvent, CaseType
from permits.models import Permit


def event(case: Case, actor: Actor, action: str, before: str, note: str = "", **details: Any) -> CaseEvent:
    return CaseEvent(
        case=case,
        actor=actor.user,
        actor_role=actor.role,
        action=action,
        from_status=before,
        to_status=case.status,
        note=note,
        details=details,
    )


def record(case: Case, actor: Actor, action: str, before: str, note: str = "", **details: Any) -> None:
    """Record what happened to the case: its history entry and audit row, after every transition
    (and every other act on the case); a renewal's change of status also re-marks its permit."""
    event(case, actor, action, before, note, **details).save()
    if case.status != before and case.type == CaseType.RENEWAL and case.permit_id is not None:
        mark_renewal(case.permit_id)
    audit_record(
        actor,
        f"case.{action}",
        case,
        before={"status": before},
        after={"status": case.status, "number": case.number, "note": note, **details},
    )


def mark_renewal(permit_id: int) -> None:
    """R-V02 (an open renewal submitted before the lapse date keeps an expired permit alive): keep
    the permit's `renewal_submitted_on` — the first submission date of its open, submitted renewals,
    or none — right in the transaction of every renewal's change of status, so that the permit's
    status (permits.models) reads it from the permit's own columns. Cases are locked before permits
    (decision 64): the caller holds the case."""
    first = Case.objects.filter(
        permit_id=permit_id, type=CaseType.RENEWAL, status__in=OPEN_STATUSES,
        submitted_on__isnull=False,
    ).aggregate(first=Min("submitted_on"))["first"]
    Permit.objects.filter(pk=permit_id).update(renewal_submitted_on=first)
