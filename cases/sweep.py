"""Date-driven steps of the daily job (ops.sweep) owned by this app: the penalty a case's
unanswered supplement request brings (cases act on penalties; penalties know no case).

- `penalties.supplement_timeout` (R-B04): a unit that left a supplement request unanswered for more
  than 3 months is suspended until an official lifts it. One query finds every such case still in
  `supplement_requested` without its penalty yet; one bulk_create suspends their units; one audit row
  lists what was created. The suspension starts the day after the 3-month mark, so a run that catches
  up missed days dates it as a daily run would have. A penalty counts as the case's for this request
  when it starts after the request date, so a rerun creates nothing, and a case asked again later
  (resubmitted, then asked for more again) can time out again.
- The end of 2-year suspensions (R-B02) needs no step: a penalty is in force from `starts_on` to
  `ends_on` (`Penalty.objects.in_force(today)`), computed from the dates whenever it is read, so on
  the day after the last day nothing is in force whether or not the job ran.
"""

import datetime as dt

from django.db.models import Exists, OuterRef

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case, CaseStatus
from core.sweep import step
from penalties.models import Penalty, PenaltyKind
from penalties.signals import send_imposed
from rules.penalties import r_b04_latest_timed_out_request, r_b04_suspended_from


@step("penalties.supplement_timeout")
def supplement_timeout(today: dt.date) -> int:
    return len(impose_supplement_timeouts(today))


def impose_supplement_timeouts(today: dt.date, case_id: int | None = None) -> list[Penalty]:
    """R-B04 as of `today`, for every case, or for the one case `case_id` (cases.services.case_submit
    asks this when a unit answers a request the job has not yet found timed out): the penalties made."""
    already = Penalty.objects.filter(
        kind=PenaltyKind.SUPPLEMENT_TIMEOUT, application=OuterRef("pk"),
        starts_on__gt=OuterRef("supplement_requested_on"),
    )
    cases = Case.objects.all() if case_id is None else Case.objects.filter(pk=case_id)
    rows = (
        cases.filter(
            status=CaseStatus.SUPPLEMENT_REQUESTED,
            supplement_requested_on__lte=r_b04_latest_timed_out_request(today),
        )
        .exclude(Exists(already))
        .order_by("pk")
        .values_list("pk", "number", "unit_id", "supplement_requested_on")
    )
    created = Penalty.objects.bulk_create(
        Penalty(
            kind=PenaltyKind.SUPPLEMENT_TIMEOUT,
            unit_id=unit_id,
            application_id=case_id,
            starts_on=r_b04_suspended_from(asked),
            note=f"R-B04 申请{number}于{asked}被要求补充材料，逾期3个月未补正，暂停单位申报权限 / "
            f"the supplement request of {asked} on {number} was left unanswered for more than 3 months",
        )
        for case_id, number, unit_id, asked in rows
        if asked is not None  # always: the query filtered on it
    )
    if created:
        audit_record(
            Actor.system(), "penalty.supplement_timeout", object_type="sweep", object_id=f"R-B04 {today}",
            after={"count": len(created),
                   "penalties": [{"id": p.pk, "unit": p.unit_id, "application": p.application_id,
                                  "starts_on": p.starts_on} for p in created]},
        )
        send_imposed(created)  # the units' notices penalty_imposed, one insert for the run
    return created

