"""Every change of a unit goes through one of these functions (lifecycle.md, unit status)."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import policies
from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from accounts.services import clean_email
from audit.services import audit_record
from core import clock, crypto
from core.errors import BadRequest, Conflict, ErrorItem, NotFound, RuleViolation
from inspections.models import InspectionSource, UnitInspection
from reference.models import District
from rules.checklists import REG_CHECKLIST
from rules.engine import evaluate
from rules.facts import RegistrationFacts
from rules.inspection import enforced_year
from rules.process import r_w02_missing, r_w07_reason
from rules.types import REGISTRATION_RULES
from rules.unit import ensure_not_frozen
from units import consent
from units.consent import ConsentVia
from units.models import Unit, UnitStatus
from units.selectors import units_visible_to
from units.signals import send_verified


def unit_may_write(actor: Actor) -> Unit:
    """The acting operator's unit for a write: 404 without one, 423 while it is frozen on the
    clock's day (R-U05, `rules.unit.ensure_not_frozen`)."""
    unit = actor.account.unit
    if unit is None:
        raise NotFound("No such unit.")
    ensure_not_frozen(unit.status_on(clock.today()))
    return unit


def _snapshot(unit: Unit) -> dict[str, Any]:
    return {"status": unit.status, "district": unit.district_id, "permit_cap": unit.permit_cap}


def _locked(actor: Actor, unit_id: int) -> Unit:
    unit = units_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("No such unit.")
    return unit


def unit_register(
    data: dict[str, Any], actor: Actor, *, consent_via: ConsentVia = ConsentVia.API_CLIENT
) -> Unit:
    """Online registration (聘用单位注册): R-U01, R-U02, R-P09 for the operator → a `pending` unit
    and its operator account (with the operator's email address, if given: 400 when malformed).
    The unit keeps the personal-data notice agreed to (units.consent: its version, the time, and
    `consent_via` — the web form passes its tick; an API client's registration is its consent, as
    the API's contract takes no consent field)."""
    operator = data["operator"]
    email = clean_email(operator.get("email"), field="operator.email")
    uscc = data["uscc"].strip().upper()
    operator_id = operator["id_number"].strip().upper()  # a final "x" is the same number as "X"
    district = District.objects.filter(code=data["district"]).first()
    if district is None:  # an unknown code, like any value outside its enumeration: 400
        raise BadRequest(
            "Unknown district.",
            [ErrorItem(f"未知的区 / unknown district {data['district']!r}", field="district")],
        )
    failures = evaluate(
        REGISTRATION_RULES,
        RegistrationFacts(entity_type=data["entity_type"], uscc=uscc, operator_id_number=operator_id),
        clock.today(),
    ).failures
    errors = [f.as_error_item() for f in failures]
    user = User(username=data["username"], role=Role.UNIT, email=email)
    try:
        validate_password(data["password"], user)
    except ValidationError as exc:
        errors.extend(ErrorItem(m, field="password") for m in exc.messages)
    if errors:
        raise RuleViolation("The registration was refused.", errors)
    with transaction.atomic():
        if Unit.objects.filter(uscc=uscc).exists():
            raise Conflict(
                "A unit with this 统一社会信用代码 is already registered.",
                [ErrorItem("统一社会信用代码已注册 / USCC already registered", rule="R-U02", field="uscc")],
            )
        if User.objects.filter(username=data["username"]).exists():
            raise Conflict(
                "This username is taken.", [ErrorItem("用户名已被使用 / username taken", field="username")]
            )
        try:
            with transaction.atomic():
                unit = Unit.objects.create(
                    name=data["name"].strip(),
                    uscc=uscc,
                    entity_type=data["entity_type"],
                    district=district,
                    address=data["address"],
                    main_business=data["main_business"],
                    last_year_tax_cny=data["last_year_tax_cny"],
                    employee_count=data["employee_count"],
                    planned_permit_count=data["planned_permit_count"],
                    legal_representative=data["legal_representative"],
                    high_tech=bool(data.get("high_tech")),
                    registered_capital_cny=data.get("registered_capital_cny"),
                    operator_name=operator["name"],
                    operator_id_number=operator_id,
                    operator_id_index=crypto.blind_index(operator_id),
                    operator_phone=operator["phone"],
                    consent_version=consent.VERSION,
                    consent_given_at=timezone.now(),
                    consent_via=consent_via,
                )
                user.unit = unit
                user.set_password(data["password"])
                user.save()
        except IntegrityError as exc:  # a concurrent registration with the same code or username
            raise Conflict("A unit with this code or this username already exists.") from exc
        audit_record(Actor(user, Role.UNIT, actor.ip), "unit.registered", unit,
                     after={**_snapshot(unit),
                            "consent": {"version": unit.consent_version, "via": consent_via.value}})
    return unit


def unit_verify(
    actor: Actor, unit_id: int, *, decision: str, materials_received: list[str], note: str
) -> Unit:
    """Window verification of a registration (R-U03, R-W02 with the REG checklist, R-W07)."""
    policies.UNIT_VERIFY.check(actor)
    with transaction.atomic():
        unit = _locked(actor, unit_id)
        if unit.status != UnitStatus.PENDING:
            raise Conflict(f"The unit is {unit.status}, not pending.")
        before = _snapshot(unit)
        if decision == "approve":
            failures = r_w02_missing(REG_CHECKLIST, materials_received)
            unit.status = UnitStatus.ACTIVE
        else:
            failures = r_w07_reason("reject", note, [], [])
            unit.status = UnitStatus.REJECTED
        if failures:
            raise RuleViolation(
                "The verification was refused.",
                [f.as_error_item() for f in failures],
            )
        unit.verified_at = clock.stamp()  # on the clock's date: R-I02 reads it
        unit.materials_received = sorted(set(materials_received))
        unit.save(update_fields=["status", "verified_at", "materials_received"])
        audit_record(
            actor,
            f"unit.verification.{decision}",
            unit,
            before=before,
            after={**_snapshot(unit), "materials_received": unit.materials_received, "note": note},
        )
        if unit.status == UnitStatus.ACTIVE:
            send_verified(unit)  # the notice unit_verified, in this transaction (units.signals)
    return unit


def unit_unfreeze(actor: Actor, unit_id: int, *, note: str) -> Unit:
    """R-I04: only the district unfreezes a unit (business licence shown at the window), and that
    records the unit inspection of the year whose inspection was missed (rules.inspection)."""
    policies.UNIT_UNFREEZE.check(actor)
    with transaction.atomic():
        unit = _locked(actor, unit_id)
        status = unit.status_on(clock.today())  # frozen by the job, or by R-I02 before it ran
        if status != UnitStatus.FROZEN:
            raise Conflict(f"The unit is {status}, not frozen.")
        before = {**_snapshot(unit), "status": status}
        unit.status = UnitStatus.ACTIVE
        unit.save(update_fields=["status"])
        year = enforced_year(clock.today())
        UnitInspection.objects.get_or_create(
            unit=unit, year=year, defaults={"source": InspectionSource.DISTRICT_UNFREEZE}
        )
        audit_record(
            actor,
            "unit.unfrozen",
            unit,
            before=before,
            after={**_snapshot(unit), "note": note, "inspection_year": year},
        )
    return unit


def unit_set_cap(actor: Actor, unit_id: int, *, permit_cap: int, note: str) -> Unit:
    """R-U04: a city approver may raise one unit's cap, with a reason."""
    policies.UNIT_CAP.check(actor)
    with transaction.atomic():
        unit = _locked(actor, unit_id)
        before = _snapshot(unit)
        unit.permit_cap_override = permit_cap
        unit.save(update_fields=["permit_cap_override"])
        audit_record(actor, "unit.cap_set", unit, before=before, after={**_snapshot(unit), "note": note})
    return unit


def unit_apply_changes(actor: Actor, unit_id: int, changes: dict[str, Any], *, case_number: str) -> Unit:
    """R-UI01: the changes an approved unit-information change names (its `case_number`). A new
    district moves the unit, and with it its permits (read through the unit), to that district at
    once; its cases, which keep their district, move through `cases.districts.cases_move_with_unit`,
    which locks them before calling this (decision 64)."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit_id)
        before = {k: (unit.district_id if k == "district" else getattr(unit, k)) for k in changes}
        if "uscc" in changes and Unit.objects.filter(uscc=changes["uscc"]).exclude(pk=unit.pk).exists():
            raise Conflict(
                "Another unit is registered with this 统一社会信用代码.",
                [
                    ErrorItem(
                        "统一社会信用代码已被其他单位注册 / USCC already registered",
                        rule="R-U02",
                        field="changes.uscc",
                    )
                ],
            )
        for key, value in changes.items():
            if key == "district":
                unit.district = District.objects.get(code=value)
            else:
                setattr(unit, key, value)
        unit.save()
        audit_record(actor, "unit.info_changed", unit, before=before, after={**changes, "case": case_number})
    return unit
