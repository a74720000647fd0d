"""R-I02 and R-I03 as conditions on rows: which units and which permits missed the annual
inspection of a year (rules.md "Annual inspection (年检)"). The one expression of each rule: the
daily job freezes what they select (units.sweep), and `Unit.objects.with_status` and
`Permit.objects.with_status` read the same rows as `frozen` whether or not the job ran."""

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import clock
from core.clock import SHANGHAI
from inspections.models import PermitFreezeCompleted, PersonInspection, UnitInspection
from rules.inspection import enforced_year, inspection_season
from rules.states import UnitStatus

Rows = TypeVar("Rows", bound=QuerySet[Any])


def person_inspected(year: int) -> Exists:
    """On a Permit row: its person inspection for `year` is recorded (filed, or by an unfreezing)."""
    return Exists(PersonInspection.objects.filter(permit=OuterRef("pk"), year=year))


def unit_has_inspection(year: int) -> Exists:
    """On a Unit row: its own inspection for `year` is recorded (filed, or by an unfreezing)."""
    return Exists(UnitInspection.objects.filter(unit=OuterRef("pk"), year=year))


def unit_inspected(unit_id: int, year: int) -> bool:
    """The unit's own inspection for `year` is recorded (filed, or by an unfreezing)."""
    return UnitInspection.objects.filter(unit_id=unit_id, year=year).exists()

def r_i02_missed(year: int) -> Q:
    """R-I02 as a condition on a Unit row: `active` since before 1 April of `year` (the
    Asia/Shanghai date of its verification) and no unit inspection for `year`. The one expression
    of the rule: the daily job freezes the units it selects (`r_i02_units_to_freeze`), and
    `Unit.objects.with_status` reads them as `frozen` whether or not the job ran. Unfreezing
    (R-I04) records the inspection, so the condition clears."""
    season_start = dt.datetime.combine(inspection_season(year)[0], dt.time(), tzinfo=SHANGHAI)
    return Q(status=UnitStatus.ACTIVE, verified_at__lt=season_start) & ~Q(unit_has_inspection(year))


def r_i03_missed(year: int) -> Q:
    """R-I03 as a condition on a Permit row: issued before 1 April of `year`, valid at the end of
    1 May of `year` as it stood that day, with no person inspection for `year`. Valid then: not
    cancelled, its expiry on or after 1 May (valid up to and including the expiry, R-V01), and not
    marked `not_valid_on_1_may = year` — the mark an approval after that day leaves on a permit it
    brings back from expired or cancelled (`r_i03_not_valid_on_1_may`): a renewal approved later
    moves the expiry past 1 May without making the permit valid on that day. So the condition holds
    exactly for the permits the job would have stamped had it run on 2 May, whenever it runs and
    whatever was approved since. The one expression of the rule: the daily job stamps (permits.Freeze)
    the permits it selects (`r_i03_permits_to_freeze`), and `Permit.objects.with_status` reads them
    as `frozen` whether or not the job ran. Unfreezing (R-I05) records the inspection, so the
    condition clears."""
    return person_inspection_required(year) & ~Q(person_inspected(year))


def r_i03_stamped(year: int) -> bool:
    """R-I03 for `year` is the stamp alone: no permit meets `r_i03_missed(year)` without a stamp
    (permits.Freeze), so the stamps select the same rows as the condition, from their own table (issue 14).
    True once the daily job's freezing has completed for `year` (`PermitFreezeCompleted`, written in
    its last transaction), and only while the clock enforces `year`: until then every service that
    makes a permit meet the condition stamps it itself (permits.services.r_i03_stamp_if_missed) —
    an unfreezing or an approval in a later year may leave a permit meeting an earlier year's
    condition unstamped, so an earlier year's mark is not read. One indexed look-up."""
    if year != enforced_year(clock.today()):
        return False
    return PermitFreezeCompleted.objects.filter(year=year).exists()


def person_inspection_required(year: int) -> Q:
    """On a Permit row: it needs a person inspection in `year` — issued before 1 April of `year`
    and valid at the end of 1 May as it stood that day (R-I03), whether or not it is done. The one
    question the permits page, the inspection page and the dashboard ask ("needs an inspection this
    year"); a permit issued on or after 1 April, or ending before 1 May, needs none."""
    start, end = inspection_season(year)
    return Q(cancelled_at__isnull=True, issue_date__lt=start, expiry_date__gte=end) & ~Q(
        not_valid_on_1_may=year
    )


def r_i02_units_to_freeze(units: Rows, year: int) -> Rows:
    """R-I02: the units the daily job freezes on (or, catching up, after) 2 May of `year`."""
    return units.filter(r_i02_missed(year))


def r_i03_permits_to_freeze(permits: Rows, year: int) -> Rows:
    """R-I03: the permits the daily job stamps `frozen` on (or, catching up, after) 2 May of
    `year`: those of `r_i03_missed` not stamped yet."""
    return permits.filter(freeze__isnull=True).filter(r_i03_missed(year))
