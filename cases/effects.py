"""What a case does to the permit register once it takes effect (lifecycle.md; cases.types names
each type's effect): issue, renew, move, change or re-card a permit, or cancel it. Each locks the
permit (`permits.services.permit_locked`, after the case: decision 64) and writes its audit row in
the case's transaction."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from core import crypto
from core.dates import add_months
from core.errors import Conflict, ErrorItem, RuleViolation
from core.models import Sequence
from people.models import Person
from permits.models import Permit, PermitTransfer
from permits.services import permit_cancel, permit_locked, permit_state, r_i03_stamp_if_missed
from rules.engine import fail
from rules.inspection import r_i03_not_valid_on_1_may
from rules.states import CANCEL_LEFT
from rules.validators import id_birth_date, id_sex
from rules.validity import expiry_for, renewed_expiry

Effect = Callable[[Case, Actor, dt.date], Any]


def nothing(case: Case, actor: Actor, today: dt.date) -> None:
    return None


def person_for(data: dict) -> Person:  # type: ignore[type-arg]
    person = data["person"]
    number = person["id_number"]
    values = {
        "name": person["name"],
        "id_number": number,
        "sex": person.get("sex") or id_sex(number) or "",
        "birth_date": person.get("birth_date") or id_birth_date(number),
        "hukou": person.get("hukou", ""),
        "phone": person.get("phone", ""),
    }
    holder, created = Person.objects.select_for_update().get_or_create(
        id_index=crypto.blind_index(number), defaults=values
    )
    if not created:
        for key, value in values.items():
            setattr(holder, key, value)
        holder.save()
    return holder

def permit_issue(case: Case, actor: Actor, today: dt.date) -> Permit:
    """The effect of an approved `new` case: a permit valid 3 years from today (R-V01)."""
    with transaction.atomic():
        data = case.data or {}
        expiry = expiry_for(today)
        permit = Permit.objects.create(
            permit_no=f"BJ{today.year}{Sequence.next(f'permit-{today.year}'):07d}",
            holder=person_for(data),
            unit=case.unit,
            source_case=case,
            issue_date=today,
            first_issued_on=today,
            period_start=today,
            expiry_date=expiry,
            lapses_on=add_months(expiry, 1),
            residence=data.get("residence") or {},
            dependents=data.get("dependents") or {},
            photo_path=case.photo_name,
        )
        case.permit = permit
        case.save(update_fields=["permit"])
        audit_record(
            actor,
            "permit.issued",
            permit,
            after={
                "permit_no": permit.permit_no,
                "case": case.number,
                "issue_date": today,
                "expiry_date": expiry,
            },
        )
    return permit

def permit_renew(case: Case, actor: Actor, today: dt.date) -> Permit:
    """R-R05: an approved renewal sets the new expiry to the old expiry + 3 years. A permit that had
    expired by the last 1 May keeps that fact for R-I03 (`not_valid_on_1_may`): the new expiry does
    not make it valid on that day, so it is not frozen for that year's missed inspection."""
    with transaction.atomic():
        permit = permit_locked(case.permit_id or 0)
        before = permit_state(permit)
        old_expiry = permit.expiry_date
        permit.not_valid_on_1_may = r_i03_not_valid_on_1_may(permit, today) or permit.not_valid_on_1_may
        permit.expiry_date = renewed_expiry(old_expiry)
        permit.lapses_on = add_months(permit.expiry_date, 1)
        permit.period_start = old_expiry + dt.timedelta(days=1)
        permit.save(update_fields=["expiry_date", "lapses_on", "period_start", "not_valid_on_1_may"])
        audit_record(
            actor, "permit.renewed", permit, before=before,
            after={**permit_state(permit), "case": case.number},
        )
    return permit

def permit_transfer(case: Case, actor: Actor, today: dt.date) -> Permit:
    """R-E03: an approved employer change moves the permit to the new unit, valid, expiry unchanged.
    When the former unit had not cancelled it, the omission is recorded against that unit. A permit
    cancelled (or expired) by the last 1 May keeps that fact for R-I03 (`not_valid_on_1_may`); one
    cancelled after it comes back frozen if it missed that year's inspection, stamped here
    (`r_i03_stamp_if_missed`) as the daily job would."""
    with transaction.atomic():
        permit = permit_locked(case.permit_id or 0)
        if permit.cancelled_at is not None and permit.cancel_reason != CANCEL_LEFT:
            failure = fail("R-E03", "该证已被注销（非因离职注销，例如调查注销），不能通过聘用单位变更恢复",
                           "The permit was cancelled for a reason other than leaving employment (an "
                           "investigation, for one); an employer change cannot bring it back", "permit_no")
            raise RuleViolation(failure.message, [failure.as_error_item()])
        before = permit_state(permit)
        former = permit.unit_id
        cancelled = permit.cancelled_at is not None and permit.cancel_reason == CANCEL_LEFT
        PermitTransfer.objects.create(
            permit=permit,
            case=case,
            from_unit_id=former,
            to_unit=case.unit,
            left_on=dt.date.fromisoformat((case.data or {})["left_previous_on"]),
            transferred_on=today,
            former_unit_cancelled=cancelled,
        )
        permit.unit = case.unit
        permit.not_valid_on_1_may = r_i03_not_valid_on_1_may(permit, today) or permit.not_valid_on_1_may
        permit.cancelled_at, permit.cancelled_on, permit.cancel_reason = None, None, ""
        permit.save(
            update_fields=["unit", "cancelled_at", "cancelled_on", "cancel_reason", "not_valid_on_1_may"]
        )
        frozen = r_i03_stamp_if_missed(permit, today)  # brought back frozen (R-I03), stamped
        after = {**permit_state(permit), "case": case.number, "former_unit_cancelled": cancelled}
        audit_record(actor, "permit.transferred", permit, before=before,
                     after={**after, "frozen": "R-I03"} if frozen else after)
    return permit

def replace_section(section: str) -> Effect:
    """Address change (residence) and dependents change (dependents): the section is replaced."""

    def replace(case: Case, actor: Actor, today: dt.date) -> Permit:
        return _replace_section(case, actor, section)

    return replace


def _replace_section(case: Case, actor: Actor, section: str) -> Permit:
    """Address change (residence) and dependents change (dependents): the section is replaced."""
    with transaction.atomic():
        permit = permit_locked(case.permit_id or 0)
        before = _masked_section(section, getattr(permit, section))
        setattr(permit, section, (case.data or {}).get(section) or {})
        permit.save(update_fields=[section])
        audit_record(
            actor,
            f"permit.{section}_changed",
            permit,
            before={section: before},
            after={section: _masked_section(section, getattr(permit, section)), "case": case.number},
        )
    return permit

def _masked_section(section: str, value: Any) -> dict[str, Any]:
    """A residence or dependents section as an audit row keeps it (security.md §7): the address as it
    is; the spouse's and children's names and ID numbers masked (R-S01, R-S02)."""
    out = json.loads(json.dumps(value or {}, default=str))
    if section != "dependents":
        return out  # type: ignore[no-any-return]
    people = [out.get("spouse")] + list(out.get("children") or [])
    for person in people:
        if isinstance(person, dict):
            if "name" in person:
                person["name"] = crypto.mask_name(person["name"])
            if "id_number" in person:
                person["id_number"] = crypto.mask_id(person["id_number"])
    return out  # type: ignore[no-any-return]

HOLDER_MASKS = {"name": crypto.mask_name, "id_number": crypto.mask_id}

def _holder_state(holder: Person, fields: list[str]) -> dict[str, str]:
    """The holder's fields a general change names, masked where they identify the person."""
    return {key: HOLDER_MASKS.get(key, str)(getattr(holder, key) or "") for key in fields}

def permit_change_holder(case: Case, actor: Actor, today: dt.date) -> Permit:
    """R-G01: the holder's name, 身份证 number or hukou changes; verification follows at once."""
    changes = (case.data or {}).get("changes") or {}
    fields = sorted(k for k in ("name", "id_number", "hukou") if changes.get(k))
    with transaction.atomic():
        permit = permit_locked(case.permit_id or 0)
        holder = Person.objects.select_for_update().get(pk=permit.holder_id)
        before = _holder_state(holder, fields)
        if changes.get("id_number"):
            index = crypto.blind_index(changes["id_number"])
            if Person.objects.filter(id_index=index).exclude(pk=holder.pk).exists():
                raise Conflict(
                    "Another person already has this ID number.",
                    [
                        ErrorItem(
                            "该身份证号码已属于另一人 / this ID number belongs to another person",
                            rule="R-G01",
                            field="changes.id_number",
                        )
                    ],
                )
            holder.id_number, holder.id_index = changes["id_number"], index
        for key in ("name", "hukou"):
            if changes.get(key):
                setattr(holder, key, changes[key])
        holder.save()
        audit_record(
            actor,
            "permit.holder_changed",
            permit,
            before=before,
            after={**_holder_state(holder, fields), "case": case.number, "fields": sorted(changes)},
        )
    return permit

def permit_new_card(case: Case, actor: Actor, today: dt.date) -> Permit:
    """R-X01: collecting a replacement issues card version N+1; version N stops verifying. R-W11: it
    ends the card's loss report, if one stands (verification answers the new card's status again)."""
    with transaction.atomic():
        permit = permit_locked(case.permit_id or 0)
        before = permit_state(permit)
        permit.card_version += 1
        permit.lost_reported_at = None
        permit.save(update_fields=["card_version", "lost_reported_at"])
        audit_record(
            actor,
            "permit.card_replaced",
            permit,
            before=before,
            after={**permit_state(permit), "case": case.number},
        )
    return permit


def cancel(case: Case, actor: Actor, today: dt.date) -> Permit:
    """R-C01: a cancellation takes effect when submitted, as of the leaving date."""
    left_on = dt.date.fromisoformat((case.data or {})["left_on"])
    return permit_cancel(actor, case.permit_id or 0, left_on=left_on, source={"case": case.number})
