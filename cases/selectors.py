"""Which cases a user may see. Another unit's or another district's case is 404, never 403."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role
from cases.models import Case
from core.errors import NotFound


def cases_visible_to(user: User) -> QuerySet[Case]:
    qs = Case.objects.select_related("unit", "permit")
    if user.role == Role.UNIT and user.unit_id is not None:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.DISTRICT_REVIEWER:
        return qs.filter(unit__district_id=user.district_id)
    if user.role == Role.CITY_APPROVER:
        return qs
    return qs.none()


def case_for(user: User, case_id: int) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    return case
