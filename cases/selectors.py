"""Which cases a user may see. Another unit's or another district's case is 404, never 403."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from cases.models import Case
from core.errors import NotFound


def cases_visible_to(user: User) -> QuerySet[Case]:
    return scoped(Case.objects.select_related("unit", "permit", "permit__holder"), user, unit="unit_id",
                  district="unit__district_id")


def case_for(user: User, case_id: int) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    return case
