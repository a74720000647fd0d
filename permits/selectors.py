import datetime as dt

from accounts.models import User
from accounts.scoping import scoped
from core.errors import NotFound
from permits.models import Permit, PermitQuerySet


def permits_visible_to(user: User, today: dt.date) -> PermitQuerySet:
    qs = Permit.objects.select_related("holder", "unit").with_status(today)
    return scoped(qs, user, unit="unit_id", district="unit__district_id")  # type: ignore[return-value]


def permit_for(user: User, permit_no: str, today: dt.date) -> Permit:
    permit = permits_visible_to(user, today).filter(permit_no=permit_no).first()
    if permit is None:
        raise NotFound("No such permit.")
    return permit
