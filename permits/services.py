"""Every change of a permit goes through one function here."""

import datetime as dt

from django.db import transaction

from accounts.actor import Actor
from audit.services import audit_record
from cases.models import Case
from core import crypto
from core.dates import add_months
from core.errors import Conflict, NotFound
from core.models import Sequence
from people.models import Person
from permits.models import Permit
from rules.validators import id_birth_date, id_sex
from rules.validity import expiry_for


def _person_for(data: dict) -> Person:  # type: ignore[type-arg]
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
            holder=_person_for(data),
            unit=case.unit,
            source_case=case,
            issue_date=today,
            first_issued_on=today,
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


def permit_unfreeze(actor: Actor, permit_id: int, *, note: str) -> Permit:
    """R-I05: the district unfreezes a frozen permit."""
    with transaction.atomic():
        permit = Permit.objects.select_for_update().filter(pk=permit_id).first()
        if permit is None:
            raise NotFound("No such permit.")
        if permit.frozen_at is None:
            raise Conflict("The permit is not frozen.")
        permit.frozen_at = None
        permit.save(update_fields=["frozen_at"])
        audit_record(
            actor, "permit.unfrozen", permit, before={"frozen": True}, after={"frozen": False, "note": note}
        )
    return permit
