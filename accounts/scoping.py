"""Which rows a user may see (security: tenant and district isolation). One rule for every model:
a unit sees its own, a district reviewer its district's, a city approver everything, an admin none
(admins configure; they decide nothing)."""

from typing import TypeVar

from django.db.models import Model, QuerySet

from accounts.models import User
from accounts.roles import Role

M = TypeVar("M", bound=Model)


def scoped(qs: QuerySet[M], user: User, *, unit: str, district: str) -> QuerySet[M]:
    """`unit` and `district` name the lookups from the model to its unit's id and district code."""
    if user.role == Role.UNIT and user.unit_id is not None:
        return qs.filter(**{unit: user.unit_id})
    if user.role == Role.DISTRICT_REVIEWER and user.district_id is not None:
        return qs.filter(**{district: user.district_id})
    if user.role == Role.CITY_APPROVER:
        return qs
    return qs.none()
