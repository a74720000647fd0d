"""Every change of a permit goes through one function here, or through the effect of a case on
it (cases.effects), which locks and records through `permit_locked` and `permit_state`."""

import datetime as dt
from typing import Any

from django.db import transaction

from accounts import policies
from accounts.actor import Actor
from accounts.scoping import scoped
from audit.services import audit_record
from core import clock
from core.errors import Conflict, NotFound, RuleViolation
from inspections.models import InspectionSource, PersonInspection
from permits.models import Freeze, Permit, frozen_on
from rules.inspection import enforced_year
from rules.loss import ensure_reportable, ensure_withdrawable, r_w11_withdrawal_reason
from rules.states import CANCEL_LEFT


def permit_unfreeze(actor: Actor, permit_id: int, *, note: str) -> Permit:
    """R-I05: the district unfreezes a frozen permit, and that records the person inspection of the
    year whose inspection was missed (rules.inspection)."""
    policies.PERMIT_UNFREEZE.check(actor)
    with transaction.atomic():
        today = clock.today()
        own = scoped(Permit.objects.select_for_update(of=("self",)), actor.account, unit="unit_id",
                     district="unit__district_id")  # the reviewer's district's (else 404)
        permit = own.filter(pk=permit_id).first()
        if permit is None:
            raise NotFound("No such permit.")
        # frozen by the job's stamp, or by R-I03 before the job ran (permits.models.frozen_on)
        if not Permit.objects.filter(frozen_on(today), pk=permit.pk).exists():
            raise Conflict("The permit is not frozen.")
        Freeze.objects.filter(permit=permit).delete()
        year = enforced_year(today)
        PersonInspection.objects.get_or_create(
            permit=permit, year=year, defaults={"source": InspectionSource.DISTRICT_UNFREEZE}
        )
        audit_record(
            actor,
            "permit.unfrozen",
            permit,
            before={"frozen": True},
            after={"frozen": False, "note": note, "inspection_year": year},
        )
    return permit


def r_i03_stamp_if_missed(permit: Permit, today: dt.date) -> bool:
    """R-I03 for a service that may make `permit` meet the rule's condition for the year enforced on
    `today` (`Permit.r_i03_missed_on`) — the employer change that lifts a cancellation recorded after
    1 May: stamp it (`Freeze`) as the daily job would, so that the stamp alone stays the rule's answer
    once the job's freezing completed (inspections.conditions.r_i03_stamped). The permit reads frozen
    either way; stamped, it stays so until unfrozen (R-I05), like every permit the job stamped. A
    stamp it already has follows the caller's change of the permit by itself (`Freeze.COPIED`).
    True when it stamped."""
    if Freeze.objects.filter(permit=permit).exists() or not permit.r_i03_missed_on(today):
        return False
    Freeze.of(permit, clock.stamp()).save(force_insert=True)
    return True


def permit_locked(permit_id: int) -> Permit:
    """The permit, locked for a change (404 if there is none)."""
    permit = Permit.objects.select_for_update().select_related("holder").filter(pk=permit_id).first()
    if permit is None:
        raise NotFound("No such permit.")
    return permit


def permit_state(p: Permit) -> dict[str, Any]:
    return {
        "unit": p.unit_id,
        "expiry_date": p.expiry_date,
        "card_version": p.card_version,
        "cancelled_on": p.cancelled_on,
        "cancel_reason": p.cancel_reason,
        "reported_lost": p.reported_lost,
    }


def _own_locked(actor: Actor, permit_id: int) -> Permit:
    """The permit, locked, if it is the actor's to act on: its unit's, its district's (else 404)."""
    own = scoped(Permit.objects.select_for_update(of=("self",)), actor.account, unit="unit_id",
                 district="unit__district_id")
    permit = own.filter(pk=permit_id).first()
    if permit is None:
        raise NotFound("No such permit.")
    return permit


def permit_report_loss(actor: Actor, permit_id: int, *, note: str = "") -> Permit:
    """R-W11: the holding unit (online) or its district (at the window) reports the card lost (挂失),
    at once: from now until a replacement card is collected, verification of the permit and of every
    card version answers `reported_lost`. A cancelled or lapsed permit, or one already reported, is
    409 (rules.loss)."""
    policies.PERMIT_LOSS_REPORT.check(actor)
    with transaction.atomic():
        permit = _own_locked(actor, permit_id)
        status = permit.status_on(clock.today())
        ensure_reportable(status, permit.reported_lost)
        permit.lost_reported_at = clock.stamp()
        permit.save(update_fields=["lost_reported_at"])
        audit_record(
            actor,
            "permit.loss_reported",
            permit,
            before={"reported_lost": False, "status": status},
            after={"reported_lost": True, "card_version": permit.card_version, "note": note},
        )
    return permit


def permit_withdraw_loss_report(actor: Actor, permit_id: int, *, note: str) -> Permit:
    """R-W11: only the district withdraws a loss report (the card was found), with a reason (422);
    a permit with no report standing is 409. Verification answers the permit's status again."""
    policies.PERMIT_LOSS_WITHDRAW.check(actor)
    with transaction.atomic():
        permit = _own_locked(actor, permit_id)
        ensure_withdrawable(permit.reported_lost)
        failures = r_w11_withdrawal_reason(note)
        if failures:
            raise RuleViolation(failures[0].message, [f.as_error_item() for f in failures])
        reported_at = permit.lost_reported_at
        permit.lost_reported_at = None
        permit.save(update_fields=["lost_reported_at"])
        audit_record(
            actor,
            "permit.loss_report_withdrawn",
            permit,
            before={"reported_lost": True, "reported_at": reported_at},
            after={"reported_lost": False, "note": note},
        )
    return permit


def permit_cancel(
    actor: Actor,
    permit_id: int,
    *,
    left_on: dt.date,
    reason: str = CANCEL_LEFT,
    source: dict[str, Any],
) -> Permit:
    """R-C01: a cancellation case takes effect when submitted, as of the leaving date (`source`
    names the case). R-C02: an investigation cancels with no case: reason `investigation`, the
    finding as `source`."""
    with transaction.atomic():
        permit = permit_locked(permit_id)
        if permit.cancelled_at is not None:
            raise Conflict("The permit is already cancelled.")
        before = permit_state(permit)
        # stamped on the clock's date: R-I03 reads the day it was recorded (r_i03_not_valid_on_1_may)
        permit.cancelled_at, permit.cancelled_on, permit.cancel_reason = clock.stamp(), left_on, reason
        permit.save(update_fields=["cancelled_at", "cancelled_on", "cancel_reason"])
        after = {**permit_state(permit), **source}
        audit_record(actor, "permit.cancelled", permit, before=before, after=after)
    return permit
