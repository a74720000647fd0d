import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from core.errors import NotFound
from core.numbers import normalise_number
from permits.models import Permit, PermitQuerySet, PermitTransfer


def scoped_permits(user: User) -> PermitQuerySet:
    """The permits `user` may see (their unit's, their district's, the city's)."""
    qs = Permit.objects.select_related("holder", "unit")
    return scoped(qs, user, unit="unit_id", district="unit__district_id")  # type: ignore[return-value]


def permits_visible_to(user: User, today: dt.date) -> PermitQuerySet:
    """The permits `user` may see, each with its status on `today` (`status_now`, with_status)."""
    return scoped_permits(user).with_status(today)


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
