"""Which penalties and investigations an official may see (everything else is 404)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from core import crypto
from core.errors import NotFound
from penalties.models import DISQUALIFYING_UNIT_KINDS, SUSPENDING_KINDS, Investigation, Penalty


def penalties_visible_to(user: User) -> QuerySet[Penalty]:
    """A district reviewer sees its units' penalties and every person penalty (a disqualified person
    is disqualified at every unit, R-B01); a city approver sees all; nobody else any."""
    qs = Penalty.objects.all()
    if user.role == Role.DISTRICT_REVIEWER and user.district_id is not None:
        return qs.filter(Q(unit__district_id=user.district_id) | Q(unit__isnull=True))
    if user.role == Role.CITY_APPROVER:
        return qs
    return qs.none()


def penalties_filtered(user: User, *, unit_id: int | None, id_number: str | None) -> QuerySet[Penalty]:
    qs = penalties_visible_to(user)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if id_number:
        qs = qs.filter(person_id_index=crypto.blind_index(id_number))
    return qs


def investigations_visible_to(user: User) -> QuerySet[Investigation]:
    """A district reviewer sees its district's investigations, the city's of its district included
    (the permits are its own); the city approver sees every one, the whole city's too (R-C02);
    nobody else any."""
    if user.role == Role.DISTRICT_REVIEWER and user.district_id is not None:
        return Investigation.objects.filter(district_id=user.district_id)
    if user.role == Role.CITY_APPROVER:
        return Investigation.objects.all()
    return Investigation.objects.none()


def investigation_for(user: User, investigation_id: int) -> Investigation:
    found = investigations_visible_to(user).filter(pk=investigation_id).first()
    if found is None:
        raise NotFound("No such investigation.")
    return found


@dataclass(frozen=True)
class Restrictions:
    """A unit's penalties in force on a day and what they mean for its filings: the one read of
    them (the unit object, the eligibility facts, the unit's dashboard and the office's unit page)."""

    penalties: list[Penalty]
    new_applications_blocked: bool  # a suspension in force (R-U06: R-B02, R-B04)
    disqualified: bool  # R-U07 (R-B03)


def unit_restrictions(unit_id: int, today: dt.date) -> Restrictions:
    penalties = list(Penalty.objects.in_force(today).filter(unit_id=unit_id).order_by("starts_on", "pk"))
    kinds = {p.kind for p in penalties}
    return Restrictions(
        penalties=penalties,
        new_applications_blocked=bool(kinds & {k.value for k in SUSPENDING_KINDS}),
        disqualified=bool(kinds & {k.value for k in DISQUALIFYING_UNIT_KINDS}),
    )
