"""Which cases a user may see. Another unit's or another district's case is 404, never 403."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from cases.models import Case
from core.errors import NotFound


def cases_visible_to(user: User) -> QuerySet[Case]:
    return scoped(Case.objects.select_related("unit", "permit", "permit__holder"), user, unit="unit_id",
                  district="unit__district_id")


# What no list row shows, left undecrypted in the database: the unit operator's ID and phone numbers, the
# permit's dependents, the holder's ID and phone numbers (a row shows the case's own data, masked).
UNSHOWN_IN_LISTS = (
    "unit__operator_id_number",
    "unit__operator_phone",
    "permit__dependents",
    "permit__holder__id_number",
    "permit__holder__phone",
)


def case_rows(qs: QuerySet[Case], *, data: bool = True) -> QuerySet[Case]:
    """`qs` (of cases_visible_to) as lists read it: without the columns no row shows, nor the case's own
    data where the list shows none of it (`data=False`: the workbench's queues, the unit's case list)."""
    return qs.defer(*UNSHOWN_IN_LISTS, *(() if data else ("data",)))


def case_for(user: User, case_id: int) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    return case
