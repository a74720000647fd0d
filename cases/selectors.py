"""Which cases a user may see. Another unit's or another district's case is 404, never 403."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from cases.models import Case
from core.errors import NotFound


def cases_visible_to(user: User) -> QuerySet[Case]:
    # A case's own district (cases.districts: always its unit's), which a district's queue index holds.
    return scoped(Case.objects.select_related("unit", "permit", "permit__holder"), user, unit="unit_id",
                  district="district_id")


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
    data where the list shows none of it (`data=False`: the unit's case list). The officials' queues
    read less still (`queue_rows`)."""
    return qs.defer(*UNSHOWN_IN_LISTS, *(() if data else ("data",)))


# What a row of an officials' queue shows (web/office/views.py `queue`): the case's number, type, status,
# applicant and submission date, its unit's name, its district; nothing of the permit or the holder.
QUEUE_ROW_FIELDS = (
    "number",
    "type",
    "status",
    "applicant_name",
    "submitted_on",
    "unit__name",
    "district__name",
    "district__name_en",
)


def queue_rows(qs: QuerySet[Case]) -> QuerySet[Case]:
    """`qs` (of cases_visible_to) as a queue page reads it: the columns a row shows and no others
    (issue 14: building the permit and the holder of 25 rows no row shows cost more than the query)."""
    return qs.select_related(None).select_related("unit", "district").only(*QUEUE_ROW_FIELDS)


def case_for(user: User, case_id: int) -> Case:
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("No such application.")
    return case
