"""Every transition of a case goes through one function here (lifecycle.md, application status).

Each has the same shape: the actor's policy (403, accounts.policies) → one transaction → re-read the
row with select_for_update → check the state against the transition table (409, cases.transitions)
→ check the rules (422) → save → history entry and audit row. A decision on a case is then announced
with cases.signals.case_decided in the same transaction (the notices app writes its notices there)."""

import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from accounts.actor import Actor
from audit.services import audit_record
from cases import history, transitions
from cases.commitment import Commitment
from cases.districts import district_for_new_case
from cases.models import Case, CaseEvent, CaseStatus, CaseType, submitted_open_cases
from cases.quota import r_q01_failures
from cases.selectors import cases_visible_to
from cases.signals import send_decided
from cases.sweep import impose_supplement_timeouts
from cases.types import TypeSpec, spec_for
from core import clock, crypto
from core.errors import BadRequest, Conflict, DomainError, ErrorItem, NotFound, RuleViolation
from core.images import reencoded
from core.locks import advisory_xact_lock
from core.models import Sequence
from permits.models import Permit
from rules import applicant
from rules.cancellation import cancellation_is_late
from rules.checklists import ChecklistItem, checklist_for
from rules.data import id_number_failures
from rules.engine import Eligibility, Failure, evaluate, fail
from rules.penalties import r_b04_timed_out
from rules.photo import check_photo
from rules.process import (
    ensure_permit_held,
    ensure_single_open,
    r_w02_missing,
    r_w05_failures,
    r_w07_reason,
)
from rules.types import decision_rules_for, rules_for
from units.models import Unit
from units.services import unit_may_write

S = CaseStatus

NUMBER_PREFIX = {
    CaseType.NEW: "XB",
    CaseType.RENEWAL: "XQ",
    CaseType.REPLACEMENT: "BB",
    CaseType.EMPLOYER_CHANGE: "DW",
    CaseType.ADDRESS_CHANGE: "DZ",
    CaseType.DEPENDENTS_CHANGE: "SW",
    CaseType.GENERAL_CHANGE: "YB",
    CaseType.UNIT_INFO_CHANGE: "XX",
    CaseType.CANCELLATION: "ZX",
}


def _errors(failures: list[Failure]) -> list[ErrorItem]:
    return [f.as_error_item() for f in failures]


def _spec(case_type: str) -> TypeSpec:
    spec = spec_for(case_type)
    if spec is None:
        raise BadRequest(
            f"Unknown or unsupported application type {case_type!r}.",
            [ErrorItem(f"unknown type {case_type!r}", field="type")],
        )
    return spec


def _validated(spec: TypeSpec, data: dict[str, Any]) -> dict[str, Any]:
    try:
        model = spec.schema.model_validate(data)
    except ValidationError as exc:
        raise BadRequest(
            "The application's fields are malformed.",
            [ErrorItem(e["msg"], field=".".join(str(p) for p in e["loc"])) for e in exc.errors()],
        ) from exc
    return model.model_dump(mode="json", exclude_none=True)


def _bind(spec: TypeSpec, data: dict[str, Any], unit: Unit) -> dict[str, Any]:
    """The columns a case keeps beside its data: the applicant (for `new`) or the permit it concerns,
    found by number (another unit's permit is 404, except for an employer change, which the new unit
    files for a permit held elsewhere). Nothing is counted here: a draft blocks nobody and a second
    draft for the same person or permit is created; R-W05 is judged at submission (spec 1.1)."""
    if spec.case_type == CaseType.UNIT_INFO_CHANGE:
        return {"applicant_name": "", "applicant_id_index": "", "permit": None}
    if spec.permit == "none":
        return _applicant(data)
    permits = Permit.objects.select_related("holder").filter(permit_no=data["permit_no"])
    permit = (permits if spec.permit == "any" else permits.filter(unit=unit)).first()
    if permit is None:
        raise NotFound("No such permit.", [ErrorItem("没有该证件 / no such permit", field="permit_no")])
    return {"applicant_name": permit.holder.name, "applicant_id_index": "", "permit": permit}


def _r_w05_count(case: Case) -> int:
    """R-W05: the other submitted, still open cases of the case's type it would duplicate — on the
    same permit (for a permit the unit holds, only that unit's: a former holder's card still to
    collect no longer counts, R-E03), of the same unit for `unit_info_change`, and for `new` of the
    same applicant at the same unit (another unit's submitted case for the person is R-P08's 422)."""
    others = Case.objects.filter(submitted_open_cases(), type=case.type).exclude(pk=case.pk)
    if case.type == CaseType.UNIT_INFO_CHANGE:
        return others.filter(unit_id=case.unit_id).count()
    if case.type == CaseType.NEW:
        if not case.applicant_id_index:
            return 0
        return others.filter(unit_id=case.unit_id, applicant_id_index=case.applicant_id_index).count()
    same = others.filter(permit_id=case.permit_id or 0)
    if _spec(case.type).permit == "own":
        same = same.filter(unit_id=case.unit_id)
    return same.count()


def _lock_filing(case: Case) -> None:
    """R-W05, R-P08 and R-U04 are count-then-update at submission, so what they count is locked first,
    after the case (decision 64): the submitting unit's row, so two submissions of one unit (two drafts
    for one person or permit, a branch's cases against its cap) cannot both count the other as not
    yet submitted; for `new`, the applicant, so two units submitting one person cannot both pass R-P08;
    for a case on a permit, the permit, so two units' employer changes of it cannot both pass R-W05."""
    _lock_unit(case.unit)
    if case.type == CaseType.NEW and case.applicant_id_index:
        _lock_applicant(case.applicant_id_index)
    if case.permit_id:
        permit = Permit.objects.select_for_update(no_key=True).filter(pk=case.permit_id)
        list(permit.values_list("pk", flat=True))


def _lock_unit(unit: Unit) -> None:
    """FOR NO KEY UPDATE: it excludes the other submissions of the unit but not the inserts that merely
    refer to the unit (a permit approved for it meanwhile, a notice), whose foreign-key checks take
    KEY SHARE (issue 9)."""
    list(Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).values_list("pk", flat=True))


APPLICANT_LOCK_CLASS = 0x52503038  # "RP08": the first key of every applicant's advisory lock


def _lock_applicant(id_index: str) -> None:
    """R-P08 across units: a `new` case's applicant has no row to lock (the person may hold no permit
    yet), so PostgreSQL's transaction-level advisory lock on (APPLICANT_LOCK_CLASS, 32 bits of the blind
    index) stands for it (`core.locks`); two persons sharing the 32 bits only wait for each other.
    Nothing is locked after it (the permit lock of `_lock_filing` concerns other types), so it closes
    no cycle. SQLite has no row locks either: the concurrency tests run on PostgreSQL."""
    advisory_xact_lock(APPLICANT_LOCK_CLASS, int(id_index[:8], 16) - 2**31)  # into int4's range


def _applicant(data: dict[str, Any]) -> dict[str, Any]:
    """The columns a `new` case keeps beside its data: the applicant's name and ID number's blind index."""
    person = data.get("person") or {}
    index = crypto.blind_index(str(person.get("id_number") or ""))
    return {"applicant_name": person.get("name", ""), "applicant_id_index": index, "permit": None}


def _locked(actor: Actor, case_id: int) -> Case:
    case = cases_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    return case


def _lock(actor: Actor, case_id: int, *actions: str) -> Case:
    """The case, locked, in a status from which the transition table lets one of `actions` start
    (409 otherwise); an action the table does not know raises UnknownAction before anything is read.
    The type's own limits (a photo only for `new`, a collection only for R-W04's types) are the
    callers', with their own messages."""
    allowed = transitions.sources(*actions)
    return _allowing(_locked(actor, case_id), allowed, actions[0])


def _allowing(case: Case, allowed: frozenset[str], action: str) -> Case:
    """The case, when its status is one `action` may start from (409 otherwise)."""
    if case.status not in allowed:
        raise Conflict(f"A case in status {case.status!r} does not allow {action}.")
    return case


def _take_effect(case: Case, actor: Actor, today: dt.date) -> None:
    """What the case changes once it takes effect (cases.effects, by type). A type that moves a
    permit to another unit first ends the former unit's open cases on it (R-E03), in this
    transaction: cases before the permit (decision 64)."""
    spec = _spec(case.type)
    if spec.closes_former_cases:
        cases_close_for_transfer(actor, case.permit_id or 0, case)
    spec.effect(case, actor, today)


def judged_on(case: Case, today: dt.date) -> dt.date:
    """The date a case's rules count their days from: its first submission (`submitted_on`) once it
    was submitted and is still before a decision — so a resubmission after a supplement request, and
    the district's re-check of R-E03, judge the windows (R-R01, R-E01, R-E03's 60 days, R-A01's lease…)
    as the first submission did — else `today`. The facts (the unit's standing, penalties in force,
    the permit's state) are always read as of today (docs/decisions.md, "A resubmission")."""
    if case.submitted_on and case.status in transitions.AWAITING_DECISION:
        return min(case.submitted_on, today)
    return today


def eligibility(case: Case, today: dt.date, rule_ids: list[str] | None = None) -> Eligibility:
    """The rules of the type (or `rule_ids`) on the facts as of `today`, judged as of `judged_on`. For
    a case still to be submitted the whole list starts with R-W05 when it fails, so the panel shows
    what the submission would refuse (there a 409, before the rules' 422)."""
    spec = _spec(case.type)
    rules = rules_for(case.type) if rule_ids is None else rule_ids
    result = evaluate(rules, spec.build_facts(case, today), judged_on(case, today))
    if rule_ids is None and case.status in transitions.TO_SUBMIT:
        result.failures[:0] = r_w05_failures(_r_w05_count(case))
    return result


def _ensure_held(case: Case) -> None:
    """R-E03: once an employer change moved a permit, the former unit's cases on it act no more."""
    if case.permit_id and case.type != CaseType.EMPLOYER_CHANGE:
        ensure_permit_held(case.permit.unit_id, case.unit_id)  # type: ignore[union-attr]


def _recheck_at_decision(case: Case, today: dt.date) -> None:
    """Rules a district or city decision judges again (rules.types.decision_rules_for): 422."""
    rule_ids = decision_rules_for(case.type)
    if rule_ids:
        result = eligibility(case, today, rule_ids)
        if not result.eligible:
            raise RuleViolation("The decision was refused.", _errors(result.failures))


def checklist(case: Case, today: dt.date) -> list[ChecklistItem]:
    holder_sex = case.permit.holder.sex if case.permit_id else None  # type: ignore[union-attr]
    return checklist_for(case.type, case.data or {}, case.submitted_on or today, holder_sex=holder_sex)


def case_create(actor: Actor, case_type: str, data: dict[str, Any]) -> Case:
    transitions.check(actor, "create")
    spec = _spec(case_type)
    unit = unit_may_write(actor)
    clean = _validated(spec, data)
    today = clock.today()
    with transaction.atomic():
        bound = _bind(spec, clean, unit)
        district = district_for_new_case(unit.pk)
        serial = Sequence.next("case-" + today.isoformat())
        case = Case.objects.create(
            number=f"{NUMBER_PREFIX[spec.case_type]}{today:%Y%m%d}{serial:05d}",
            type=case_type,
            unit=unit,
            district_id=district,
            data=clean,
            created_by=actor.account,
            status=transitions.next_status("create", spec.case_type, transitions.NO_CASE),
            **bound,
        )
        history.record(case, actor, "create", transitions.NO_CASE)
    return case


def case_create_many(
    actor: Actor, rows: list[dict[str, Any]], *, prior_errors: Mapping[int, list[ErrorItem]] | None = None
) -> list[Case | list[ErrorItem]]:
    """Draft `new` cases in bulk (POST /applications/import): one result per row, a case or its errors.

    Each row is checked as `case_create` checks one (malformed fields), plus R-P09 for the applicant's
    ID number (the key of a row). Like `case_create` it refuses no duplicate: a draft blocks nobody, so
    a person with an open case, or twice in the sheet, gets a draft, and R-W05 and R-P08 judge the
    submission (spec 1.1). `prior_errors` are those the caller found already (an unreadable cell). A row
    with any error creates nothing; the good rows are created together, set-based: one sequence
    increment for their numbers, bulk inserts of the cases and their history, one audit row on the
    unit listing the numbers."""
    transitions.check(actor, "create")
    spec = _spec(CaseType.NEW)
    unit = unit_may_write(actor)
    today = clock.today()
    errors = [list((prior_errors or {}).get(i, [])) for i in range(len(rows))]
    clean: list[dict[str, Any]] = [{} for _ in rows]
    for i, data in enumerate(rows):
        if errors[i]:
            continue
        try:
            clean[i] = _validated(spec, data)
        except BadRequest as exc:
            errors[i] = list(exc.errors)
            continue
        person = clean[i].get("person") or {}
        errors[i] = _errors(id_number_failures("R-P09", "person", "申请人", "Applicant", person))
    good = [i for i in range(len(rows)) if not errors[i]]
    results: list[Case | list[ErrorItem]] = list(errors)
    if not good:
        return results
    with transaction.atomic():
        district = district_for_new_case(unit.pk)
        first = Sequence.take("case-" + today.isoformat(), len(good))
        cases = Case.objects.bulk_create(
            [
                Case(
                    number=f"{NUMBER_PREFIX[spec.case_type]}{today:%Y%m%d}{first + k:05d}",
                    type=CaseType.NEW,
                    unit=unit,
                    district_id=district,
                    data=clean[i],
                    created_by=actor.account,
                    status=transitions.next_status("create", CaseType.NEW, transitions.NO_CASE),
                    **_applicant(clean[i]),
                )
                for k, i in enumerate(good)
            ],
            batch_size=500,
        )
        CaseEvent.objects.bulk_create(
            [history.event(case, actor, "create", "", source="import") for case in cases], batch_size=1000
        )
        audit_record(  # the unit's batch is the object, as for a batch of person inspections
            actor,
            "case.import",
            unit,
            after={"status": CaseStatus.DRAFT, "count": len(cases), "numbers": [c.number for c in cases]},
        )
    for i, case in zip(good, cases, strict=True):
        results[i] = case
    return results


PATCHED = ("data", "applicant_name", "applicant_id_index", "permit")


def _patched(case: Case, data: dict[str, Any], unit: Unit) -> list[str]:
    """Apply `data` to the case in memory (validated, and the columns bound from it); nothing is
    saved. The top-level keys whose value changed."""
    spec = _spec(case.type)
    before = dict(case.data or {})
    case.data = _validated(spec, {**before, **data})
    for key, value in _bind(spec, case.data, unit).items():
        setattr(case, key, value)
    return sorted(k for k in {*before, *case.data} if before.get(k) != case.data.get(k))


def case_patch(actor: Actor, case_id: int, data: dict[str, Any]) -> Case:
    """Save the draft with `data` (its top-level keys replaced): one history entry and audit row naming
    the keys that changed. A patch that changes nothing writes nothing."""
    transitions.check(actor, "patch")
    unit = unit_may_write(actor)
    with transaction.atomic():
        case = _lock(actor, case_id, "patch")
        changed = _patched(case, data, unit)
        if not changed:
            return case
        case.save(update_fields=list(PATCHED))
        history.record(case, actor, "patch", case.status, fields=changed)
    return case


def case_preview(actor: Actor, case_id: int, data: dict[str, Any]) -> Case:
    """The draft as `case_patch` would save it with `data`, not saved: the same checks (403, 404, 409,
    423, 400 malformed), nothing locked and nothing written. Its eligibility and checklist are then
    the saved case's functions (`eligibility`, `checklist`) on the unsaved values: one rules path for
    the employer portal's live form and the saved case."""
    transitions.check(actor, "patch")
    unit = unit_may_write(actor)
    case = cases_visible_to(actor.account).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    _patched(_allowing(case, transitions.sources("patch"), "patch"), data, unit)
    return case


def case_attach_photo(actor: Actor, case_id: int, content: bytes) -> Case:
    """R-W09: the photo is checked from its content; stored under a server-made name. Security
    decision 19: what is stored is a fresh JPEG or PNG of its pixels, never the bytes sent, so
    whatever else rode in them (HTML in a comment or after the image's end) is gone."""
    transitions.check(actor, "photo")
    unit_may_write(actor)
    failures = check_photo(content)
    if failures:
        raise RuleViolation("The photo was refused.", _errors(failures))
    try:
        content, fmt = reencoded(content)
    except Exception as exc:  # noqa: BLE001 — R-W09 read the pixels; Pillow's verify() is stricter
        damaged = fail("R-W09", "图片文件已损坏或不完整，请重新上传",
                       "The image file is damaged or incomplete; upload it again", "file")
        raise RuleViolation("The photo was refused.", _errors([damaged])) from exc
    kind = "png" if fmt == "PNG" else "jpg"
    with transaction.atomic():
        case = _lock(actor, case_id, "photo")
        if not transitions.applies("photo", case.type):
            raise Conflict("Only a new application carries a photo.")
        name = default_storage.save(f"photos/{uuid.uuid4().hex}.{kind}", ContentFile(content))
        old = case.photo_name
        case.photo_name, case.photo_sha256 = name, hashlib.sha256(content).hexdigest()
        case.save(update_fields=["photo_name", "photo_sha256"])
        history.record(case, actor, "photo", case.status, sha256=case.photo_sha256)
        if old:
            transaction.on_commit(lambda: default_storage.delete(old))
    return case


def _ensure_live_permit(case: Case, spec: TypeSpec, today: dt.date) -> None:
    """A change of a permit needs a live one (valid, frozen or expired-but-renewable): 409 otherwise.
    Renewal, employer change and cancellation judge the permit's state by their own rules."""
    live = Permit.objects.live(today).filter(pk=case.permit_id or 0)
    if spec.needs_live_permit and not live.exists():
        raise Conflict("The permit is cancelled or has lapsed; it can no longer be changed.")


def case_submit(actor: Actor, case_id: int, *, commitment: str = Commitment.API) -> Case:
    """Run every rule of the type (422 with all failures). A cancellation takes effect at once (R-W03,
    R-C01), marked late when filed more than 5 days after the leaving date. A resubmission is judged
    as of the first submission (`judged_on`). A supplement request answered more than 3 months late
    whose R-B04 suspension the daily job has not yet imposed gets it now, as the job would (it stands
    even when the answer is then refused, as R-U06 refuses a `new` case of a suspended unit).
    `commitment` is how the unit made its 诚信声明 (cases.commitment): ticked on the web form, or
    the API client's submission itself; the history's submit event keeps it."""
    made = Commitment(commitment)  # a value of the enumeration, or a programming error
    transitions.check(actor, "submit")
    unit_may_write(actor)
    today = clock.today()
    refusal: DomainError | None = None
    with transaction.atomic():
        case = _lock(actor, case_id, "submit", "resubmit")
        suspended = _r_b04_late_answer(case, today)
        try:
            with transaction.atomic():  # a savepoint: a refusal keeps the R-B04 penalty
                _submit_locked(actor, case, today, made)
        except DomainError as exc:
            if not suspended:
                raise
            refusal = exc
    if refusal is not None:
        raise refusal
    return case


def _r_b04_late_answer(case: Case, today: dt.date) -> bool:
    """R-B04 (cases.sweep, the daily job's own function) for this case, if its request timed out."""
    if case.status != S.SUPPLEMENT_REQUESTED or case.supplement_requested_on is None:
        return False
    if not r_b04_timed_out(case.supplement_requested_on, today):
        return False
    return bool(impose_supplement_timeouts(today, case.pk))


def _submit_locked(actor: Actor, case: Case, today: dt.date, commitment: Commitment) -> None:
    spec = _spec(case.type)
    _lock_filing(case)
    _ensure_held(case)
    _ensure_live_permit(case, spec, today)
    ensure_single_open(_r_w05_count(case))  # R-W05: 409
    result = eligibility(case, today)
    if not result.eligible:
        raise RuleViolation("The application does not meet the rules.", _errors(result.failures))
    before = case.status
    action = "submit" if before in transitions.sources("submit") else "resubmit"
    case.status = transitions.next_status(action, case.type, before)
    effective = case.type in transitions.EFFECTIVE_ON_SUBMIT  # R-W03: a cancellation needs no decision
    case.submitted_at = timezone.now()
    case.submitted_on = case.submitted_on or today
    if effective:
        case.decided_at = case.submitted_at
        case.late = cancellation_is_late(dt.date.fromisoformat(case.data["left_on"]), today)
    case.save(update_fields=["status", "submitted_at", "submitted_on", "decided_at", "late"])
    if effective:
        _take_effect(case, actor, today)
    history.record(case, actor, action, before, commitment=commitment.value)


def case_withdraw(actor: Actor, case_id: int) -> Case:
    """R-W06: the unit may withdraw until a district or city decision is recorded."""
    transitions.check(actor, "withdraw")
    unit_may_write(actor)
    with transaction.atomic():
        case = _locked(actor, case_id)
        if not transitions.allows("withdraw", case.type, case.status):
            raise Conflict(
                f"A case in status {case.status!r} can no longer be withdrawn (R-W06).",
                [ErrorItem("已有审核决定，不能撤回 / a decision is recorded", rule="R-W06")],
            )
        before = case.status
        case.status = transitions.next_status("withdraw", case.type, before)
        case.save(update_fields=["status"])
        history.record(case, actor, "withdraw", before)
    return case


def case_review(
    actor: Actor, case_id: int, *, decision: str, materials_received: list[str], missing: list[str], note: str
) -> Case:
    """The district's preliminary review (初审) at the window: R-W02, R-W07."""
    transitions.check(actor, "review")
    today = clock.today()
    with transaction.atomic():
        case = _lock(actor, case_id, "review")
        _ensure_held(case)
        items = checklist(case, today)
        received = sorted(set(materials_received) | set(case.materials_received or []))
        if decision == "pass":
            failures = r_w02_missing(items, received)
        else:
            failures = r_w07_reason(decision, note, missing, [i.code for i in items])
        if failures:
            raise RuleViolation("The decision was refused.", _errors(failures))
        if decision == "pass":
            _recheck_at_decision(case, today)
        before = case.status
        case.materials_received = received
        case.decided_at = timezone.now()
        case.status = transitions.next_status("review", case.type, before, decision)
        if case.status == S.SUPPLEMENT_REQUESTED:
            case.materials_missing = sorted(set(missing))
            case.supplement_requested_on = today
        case.save(
            update_fields=[
                "status",
                "materials_received",
                "materials_missing",
                "decided_at",
                "supplement_requested_on",
            ]
        )
        if case.status == S.APPROVED:
            _take_effect(case, actor, today)
        history.record(
            case,
            actor,
            f"review.{decision}",
            before,
            note,
            materials_received=received,
            missing=sorted(set(missing)),
        )
        send_decided(case, action="review", decision=decision, before=before, note=note)  # the notices
    return case


def case_approve(
    actor: Actor, case_id: int, *, decision: str, note: str, confirm_special_talent: bool
) -> Case:
    """The city's approval (审批): R-P03(c) needs explicit confirmation; R-W07 for a refusal; a `new`
    case is refused while a quota of the year is reached (R-Q01)."""
    transitions.check(actor, "approval")
    today = clock.today()
    with transaction.atomic():
        case = _lock(actor, case_id, "approval")
        spec = _spec(case.type)
        _ensure_held(case)
        before = case.status
        if decision == "approve":
            _recheck_at_decision(case, today)
            failures: list[Failure] = []
            if case.type == CaseType.NEW:
                failures = applicant.approval_failures(
                    spec.build_facts(case, today), today, confirm_special_talent
                ) + r_q01_failures(case.unit.district, today.year)
            if failures:
                raise RuleViolation("The approval was refused.", _errors(failures))
            case.special_talent_confirmed = confirm_special_talent
        else:
            failures = r_w07_reason("reject", note, [], [])
            if failures:
                raise RuleViolation("The decision was refused.", _errors(failures))
        case.status = transitions.next_status("approval", case.type, before, decision)
        case.decided_at = timezone.now()
        case.save(update_fields=["status", "special_talent_confirmed", "decided_at"])
        if case.status == S.APPROVED:
            _take_effect(case, actor, today)
        history.record(
            case, actor, f"approval.{decision}", before, note, confirm_special_talent=confirm_special_talent
        )
        send_decided(case, action="approval", decision=decision, before=before, note=note)  # the notices
    return case


def case_collect(actor: Actor, case_id: int, *, collected_by: str, note: str) -> Case:
    """R-W04: the card is handed out at the district window to the holder or the operator."""
    transitions.check(actor, "collection")
    with transaction.atomic():
        case = _lock(actor, case_id, "collection")
        _ensure_held(case)
        if not transitions.applies("collection", case.type):
            raise Conflict("This type of application has nothing to collect.")
        before = case.status
        case.status = transitions.next_status("collection", case.type, before)
        case.save(update_fields=["status"])
        _spec(case.type).on_collect(case, actor, clock.today())
        history.record(case, actor, "collection", before, note, collected_by=collected_by)
    return case


def cases_close_for_transfer(actor: Actor, permit_id: int, transfer: Case) -> list[Case]:
    """R-E03: when an employer change moves the permit, the former unit's open cases on it end in the same
    transaction (`_take_effect` calls this before the effect locks the permit: cases are
    locked before permits, decision 64): those no decision was recorded on
    (`draft`, `submitted`) are withdrawn, as R-W06 lets them be; those after a decision
    (`supplement_requested`, `district_passed`) are rejected. Each gets a history entry and an audit
    row naming the transfer. An `approved` card still to collect stays, refused at the window."""
    rows = list(
        Case.objects.select_for_update()
        .filter(permit_id=permit_id, status__in=transitions.sources("transfer.close"))
        .exclude(unit_id=transfer.unit_id)
        .exclude(pk=transfer.pk)
        .order_by("pk")
    )
    note = (f"证件已随聘用单位变更（{transfer.number}）转至新单位，本申请终止 / "
            "the permit moved to another unit")
    for case in rows:
        before = case.status
        case.status = transitions.next_status("transfer.close", case.type, before)
        case.decided_at = case.decided_at if case.status == S.WITHDRAWN else timezone.now()
        case.save(update_fields=["status", "decided_at"])
        history.record(case, actor, "transfer.close", before, note, transfer=transfer.number)
        if case.status == S.REJECTED:  # a withdrawal is no decision; a rejection is told (case_rejected)
            send_decided(case, action="transfer.close", decision="reject", before=before, note=note)
    return rows
