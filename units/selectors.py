"""Which units a user may see (everything else is 404)."""

import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from core import clock
from core.errors import NotFound
from penalties.selectors import unit_restrictions
from permits.models import Permit
from units.models import Unit


def units_visible_to(user: User) -> QuerySet[Unit]:
    return scoped(Unit.objects.select_related("district"), user, unit="pk", district="district_id")


def unit_for(user: User, unit_id: int) -> Unit:
    """The unit, for reading, with its status of today (`status_now`, what `Unit.status_on` answers):
    a unit that missed its inspection reads `frozen` from 2 May on even before the daily job ran
    (R-I02)."""
    unit = units_visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound("No such unit.")
    unit.status_now = unit.status_on(clock.today())  # type: ignore[attr-defined]
    return unit


def unit_standing(unit: Unit, today: dt.date) -> dict[str, object]:
    """The derived parts of the unit object: restrictions (penalties.selectors.unit_restrictions),
    blocked, disqualified, and the live permits it holds."""
    restrictions = unit_restrictions(unit.pk, today)
    return {
        "restrictions": restrictions.penalties,
        "new_applications_blocked": restrictions.new_applications_blocked,
        "disqualified": restrictions.disqualified,
        "permit_count": Permit.objects.live(today).filter(unit=unit).count(),
    }
