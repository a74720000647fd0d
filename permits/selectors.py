import datetime as dt

from accounts.models import User
from accounts.roles import Role
from core.errors import NotFound
from permits.models import Permit, PermitQuerySet


def permits_visible_to(user: User, today: dt.date) -> PermitQuerySet:
    qs = Permit.objects.select_related("holder", "unit").with_status(today)
    if user.role == Role.UNIT and user.unit_id is not None:
        return qs.filter(unit_id=user.unit_id)
    if user.role == Role.DISTRICT_REVIEWER:
        return qs.filter(unit__district_id=user.district_id)
    if user.role == Role.CITY_APPROVER:
        return qs
    return qs.none()


def permit_for(user: User, permit_no: str, today: dt.date) -> Permit:
    permit = permits_visible_to(user, today).filter(permit_no=permit_no).first()
    if permit is None:
        raise NotFound("No such permit.")
    return permit
