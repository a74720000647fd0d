"""Which penalties and investigations an official may see (everything else is 404)."""

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from core import crypto
from core.errors import NotFound
from penalties.models import Investigation, Penalty


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
