"""Every change of a penalty or an investigation goes through one function here.

Penalties (R-B01…R-B05) are imposed by district reviewers (their own district's units; person
penalties anywhere) and city approvers, lifted by city approvers only, always with a reason, and
never deleted. Investigations (R-C02) sample the valid permits of a district (a reviewer's own; the
city's any, or the whole city); a finding that a holder
left and the unit did not cancel cancels the permit as of the leaving date and disqualifies the unit
(R-B03) in the same transaction. The automatic R-B04 suspension is the daily job's (cases.sweep).
"""

import datetime as dt
import random
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts import policies
from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from cases.selectors import cases_visible_to
from core import clock, crypto
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.numbers import normalise_number
from penalties.models import Finding, FindingOutcome, Investigation, Penalty, PenaltyKind
from penalties.selectors import investigations_visible_to
from penalties.signals import send_imposed
from permits.models import Permit, PermitStatus
from permits.selectors import permits_visible_to
from permits.services import permit_cancel
from reference.models import District
from rules.engine import Failure, fail
from rules.penalties import KIND_RULE, penalty_target_failures, r_b02_last_day, r_b05_reason
from rules.states import CANCEL_INVESTIGATION
from units.models import Unit
from units.selectors import units_visible_to

MAX_SAMPLE = 500


def _refuse(message: str, failures: list[Failure]) -> None:
    if failures:
        raise RuleViolation(message, [f.as_error_item() for f in failures])


def _state(p: Penalty) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "unit": p.unit_id,
        "id_number": crypto.mask_id(p.id_number),
        "application": p.application_id,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "note": p.note,
    }


def _penalty_create(
    actor: Actor, kind: str, today: dt.date, note: str, *, unit: Unit | None = None, id_number: str = "",
    application: Case | None = None,
) -> Penalty:
    """Impose a penalty from today: 2 years for R-B02 (the last day in force is the day before the
    2nd anniversary), until lifted for every other kind."""
    number = crypto.normalise_id(id_number) if id_number else ""
    penalty = Penalty.objects.create(
        kind=kind,
        unit=unit,
        id_number=number,
        person_id_index=crypto.blind_index(number),
        application=application,
        starts_on=today,
        ends_on=r_b02_last_day(today) if kind == PenaltyKind.UNIT_NEGLIGENT_REVIEW else None,
        note=note,
        created_by=actor.user,
    )
    audit_record(actor, "penalty.imposed", penalty, after=_state(penalty))
    return penalty


def penalty_impose(
    actor: Actor, *, kind: str, note: str, id_number: str | None = None, unit_id: int | None = None,
    application_id: int | None = None,
) -> Penalty:
    """R-B01…R-B03, R-B04 (an official's decision), R-B05. A unit or application the official may not
    see is 404; a wrong combination of kind and fields, or no reason, is 422 naming the rule."""
    policies.PENALTY_IMPOSE.check(actor)
    user = actor.account
    id_number = crypto.normalise_id(id_number or "")  # as typed: full width, spaces (decision 107)
    with transaction.atomic():
        unit = application = None
        if unit_id is not None:
            unit = units_visible_to(user).filter(pk=unit_id).first()
            if unit is None:
                raise NotFound("No such unit.")
        if application_id is not None:
            application = cases_visible_to(user).filter(pk=application_id).first()
            if application is None:
                raise NotFound("No such application.")
        failures = penalty_target_failures(kind, id_number=id_number, has_unit=unit is not None)
        if application is not None and not failures:
            failures = _application_mismatch(kind, application, unit, id_number)
        _refuse("The penalty was refused.", failures + r_b05_reason(note))
        penalty = _penalty_create(actor, kind, clock.today(), note.strip(), unit=unit, id_number=id_number,
                                  application=application)
        send_imposed([penalty])  # the unit's notice penalty_imposed, in this transaction
    return penalty


def _application_mismatch(kind: str, application: Case, unit: Unit | None, id_number: str) -> list[Failure]:
    """The application a penalty cites must be the penalised unit's, or the penalised person's."""
    rule_id = KIND_RULE[kind]
    if unit is not None and application.unit_id != unit.pk:
        return [fail(rule_id, "所引申请不是该单位提交的", "The application cited was not filed by this unit",
                     "application_id")]
    if id_number and application.applicant_id_index not in ("", crypto.blind_index(id_number)):
        return [fail(rule_id, "所引申请的申请人不是该身份证号码的持有人",
                     "The applicant of the application cited is not the holder of this ID number",
                     "application_id")]
    return []


def penalty_lift(actor: Actor, penalty_id: int, *, note: str) -> Penalty:
    """R-B05: a city approver lifts a penalty with a reason; who and when are recorded. A penalty
    already lifted, or one whose term has ended, is 409."""
    policies.PENALTY_LIFT.check(actor)
    with transaction.atomic():
        penalty = Penalty.objects.select_for_update().filter(pk=penalty_id).first()
        if penalty is None:
            raise NotFound("No such penalty.")
        if penalty.lifted_at is not None:
            raise Conflict(f"The penalty was already lifted at {penalty.lifted_at:%Y-%m-%d %H:%M}.")
        today = clock.today()
        if penalty.ends_on is not None and penalty.ends_on < today:
            raise Conflict(f"The penalty ended on {penalty.ends_on}; there is nothing to lift.")
        _refuse("The lifting was refused.", r_b05_reason(note))
        penalty.lifted_at, penalty.lifted_by, penalty.lift_note = timezone.now(), actor.user, note.strip()
        penalty.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
        audit_record(
            actor, "penalty.lifted", penalty, before={"lifted": False},
            after={"lifted": True, "lifted_at": penalty.lifted_at, "note": penalty.lift_note},
        )
    return penalty


def investigation_sample(seed: int, permit_ids: list[int], size: int) -> list[int]:
    """R-C02, reproducible: `size` (at most all) of the ids, drawn by `random.Random(seed).sample` over
    the ids in ascending order. The same seed over the same population gives the same sample."""
    population = sorted(permit_ids)
    return random.Random(seed).sample(population, min(size, len(population)))  # noqa: S311 (a replayable draw, not a secret)


def _investigated_district(actor: Actor, district: str | None) -> str | None:
    """R-C02: whose permits an investigation samples, by the scope INVESTIGATION_START gives the
    actor (403 for any other role) — a district reviewer's own district (naming another is 403), or
    for the city approver the district it names (an unknown one is 422) or, naming none, the whole
    city (None)."""
    if policies.INVESTIGATION_START.check(actor) == policies.Scope.OWN_DISTRICT:
        own = actor.account.district_id
        if district not in (None, own):
            raise Forbidden("A district's reviewer investigates only its own district's permits.")
        return own
    if district is not None and not District.objects.filter(code=district).exists():
        unknown = fail("R-C02", f"没有代码为“{district}”的区",
                       f"There is no district with the code {district!r}", "district")
        raise RuleViolation("The investigation was refused.", [unknown.as_error_item()])
    return district


def investigation_start(actor: Actor, *, size: int, district: str | None = None) -> Investigation:
    """R-C02: a random sample of `size` of the valid permits of the district (`_investigated_district`:
    a reviewer's own; the city's named one, or the whole city), all of them when there are fewer,
    drawn with a fresh 64-bit seed that is kept with it. No valid permit is 422."""
    district_id = _investigated_district(actor, district)
    today = clock.today()
    with transaction.atomic():
        population = Permit.objects.in_status(PermitStatus.VALID, today)
        if district_id is not None:
            population = population.filter(unit__district_id=district_id)
        ids = list(population.order_by("pk").values_list("pk", flat=True))
        if not ids:
            where_zh, where_en = ("该区", "district") if district_id else ("全市", "city")
            none = fail("R-C02", f"{where_zh}目前没有有效的工作居住证可供抽查",
                        f"The {where_en} has no valid permit to sample")
            raise RuleViolation("The investigation was refused.", [none.as_error_item()])
        seed = secrets.randbits(64)
        chosen = investigation_sample(seed, ids, size)
        numbers = dict(Permit.objects.filter(pk__in=chosen).values_list("pk", "permit_no"))
        investigation = Investigation.objects.create(
            district_id=district_id,
            size=size,
            seed=str(seed),
            created_by=actor.account,
            permit_nos=[numbers[pk] for pk in chosen],
        )
        audit_record(
            actor, "investigation.started", investigation,
            after={"district": district_id, "size": size, "seed": str(seed), "population": len(ids),
                   "permit_nos": investigation.permit_nos},
        )
    return investigation


def _finding_failures(outcome: str, left_on: dt.date | None, permit: Permit, today: dt.date) -> list[Failure]:
    if outcome == FindingOutcome.EMPLOYED:
        if left_on is None:
            return []
        return [fail("R-C02", "仍在职的核查结果不应填写离职日期", "An `employed` finding has no leaving date",
                     "left_on")]
    if left_on is None:
        return [fail("R-C02", "须填写持证人的离职日期", "The date the holder left is required", "left_on")]
    if left_on > today:
        return [fail("R-C02", f"离职日期{left_on}晚于今天", f"The leaving date {left_on} is in the future",
                     "left_on")]
    if left_on < permit.issue_date:
        return [fail("R-C02", f"离职日期{left_on}早于发证日期{permit.issue_date}",
                     f"The leaving date {left_on} is before the permit was issued ({permit.issue_date})",
                     "left_on")]
    return []


def finding_record(
    actor: Actor, investigation_id: int, *, permit_no: str, outcome: str, left_on: dt.date | None
) -> Finding:
    """R-C02: the finding on one sampled permit (a number outside the sample is 422; one whose unit
    has since moved to another district is that district's now, 404; a second finding on it 409).
    `left_not_cancelled` cancels the permit as of `left_on` (reason `investigation`) and
    disqualifies its unit (R-B03), all in this transaction."""
    policies.FINDING_RECORD.check(actor)
    user = actor.account
    today = clock.today()
    with transaction.atomic():
        investigation = (
            investigations_visible_to(user).select_for_update().filter(pk=investigation_id).first()
        )
        if investigation is None:
            raise NotFound("No such investigation.")
        permit_no = normalise_number(permit_no)  # as the reviewer typed it (core.numbers)
        if permit_no not in investigation.permit_nos:
            outside = fail("R-C02", f"证件{permit_no}不在本次抽查的样本中",
                           f"Permit {permit_no} is not in this investigation's sample", "permit_no")
            raise RuleViolation("The finding was refused.", [outside.as_error_item()])
        # still the reviewer's: a unit that moved district since the draw (R-UI01) is the new one's
        permit = permits_visible_to(user, today).filter(permit_no=permit_no).first()
        if permit is None:
            raise NotFound("No such permit.")
        if Finding.objects.filter(investigation=investigation, permit=permit).exists():
            raise Conflict(f"A finding on {permit_no} is already recorded for this investigation.")
        _refuse("The finding was refused.", _finding_failures(outcome, left_on, permit, today))
        penalty = None
        if outcome == FindingOutcome.LEFT_NOT_CANCELLED and left_on is not None:
            permit_cancel(actor, permit.pk, left_on=left_on, reason=CANCEL_INVESTIGATION,
                          source={"source": f"investigation {investigation.pk}"})
            penalty = _penalty_create(
                actor, PenaltyKind.UNIT_FALSE_DECLARATION, today,
                f"R-C02 抽查（调查编号{investigation.pk}）发现证件{permit_no}的持证人已于{left_on}离职，"
                f"单位未办理注销，视为虚假申报 / investigation {investigation.pk}: the holder of "
                f"{permit_no} left on {left_on} and the unit did not cancel the permit: a false declaration "
                "(R-B03)",
                unit=permit.unit,
            )
        finding = Finding.objects.create(
            investigation=investigation, permit=permit, outcome=outcome, left_on=left_on, recorded_by=user,
            penalty=penalty,
        )
        audit_record(
            actor, "investigation.finding", investigation,
            after={"finding": finding.pk, "permit_no": permit_no, "outcome": outcome, "left_on": left_on,
                   "penalty": penalty.pk if penalty else None},
        )
        if penalty is not None:
            send_imposed([penalty])  # R-B03's notice, naming the finding just recorded
    return finding
