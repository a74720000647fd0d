import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from core.errors import NotFound
from core.numbers import normalise_number
from inspections.conditions import r_i03_stamped
from permits.models import Freeze, Permit, PermitQuerySet, PermitTransfer, alive_on
from rules.inspection import enforced_year
from rules.states import PermitStatus


def scoped_permits(user: User) -> PermitQuerySet:
    """The permits `user` may see (their unit's, their district's, the city's)."""
    qs = Permit.objects.select_related("holder", "unit")
    return scoped(qs, user, unit="unit_id", district="unit__district_id")  # type: ignore[return-value]


def permits_visible_to(user: User, today: dt.date) -> PermitQuerySet:
    """The permits `user` may see, each with its status on `today` (`status_now`, with_status)."""
    return scoped_permits(user).with_status(today)


def frozen_permits_for(user: User, today: dt.date, unit_name: str = "") -> tuple[PermitQuerySet, int]:
    """The permits frozen on `today` that `user` may see (of the units whose name holds `unit_name`,
    when given), in the order they were frozen, and how many. Once the year's freezing completed
    (`r_i03_stamped`) the stamps alone are the frozen permits (`frozen_on`), and they are counted
    from their own table: a stamp's unit and alive columns are its permit's (`Freeze.COPIED`), so
    the count reads no permit (decision 121: a district's few thousand look-ups were the list's
    slowest part). Before then, the frozen filter itself is counted."""
    permits = permits_visible_to(user, today)
    alive = Freeze.objects.filter(alive_on(today))
    stamps = scoped(alive, user, unit="unit_id", district="unit__district_id")
    if unit_name:
        permits = permits.filter(unit__name__icontains=unit_name)
        stamps = stamps.filter(unit__name__icontains=unit_name)
    frozen = permits.in_status(PermitStatus.FROZEN, today).order_by("freeze__frozen_at", "pk")
    return frozen, stamps.count() if r_i03_stamped(enforced_year(today)) else frozen.count()


def permit_for(user: User, permit_no: str, today: dt.date) -> Permit:
    """The permit numbered `permit_no` as typed (core.numbers), if the user may see it; else 404."""
    permit = permits_visible_to(user, today).filter(permit_no=normalise_number(permit_no)).first()
    if permit is None:
        raise NotFound("No such permit.")
    return permit


def omitted_cancellations(user: User) -> QuerySet[PermitTransfer]:
    """Permits moved by an employer change although the former unit never cancelled them (R-C01),
    as the former unit's district sees them: the compliance list of the API and of the workbench."""
    transfers = PermitTransfer.objects.filter(former_unit_cancelled=False).select_related(
        "permit", "permit__holder", "from_unit", "to_unit", "case"
    )
    return scoped(transfers, user, unit="from_unit_id", district="from_unit__district_id")
