"""Annual inspection rules R-I01…R-I03 (rules.md "Annual inspection (年检)", seed 篇2 年检).

They judge a date or select rows for the daily job, not a case's facts, so they are plain
functions named by rule ID (as in rules.process); none is in the registry. R-I04 and R-I05 (the
district unfreezes, and that records the year's inspection) live in `units.services.unit_unfreeze`
and `permits.services.permit_unfreeze`.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.clock import SHANGHAI
from inspections.models import PersonInspection, UnitInspection
from permits.models import Permit, PermitQuerySet
from rules.engine import Failure, fail
from units.models import Unit, UnitStatus


def inspection_season(year: int) -> tuple[dt.date, dt.date]:
    """R-I01: the season of `year`, 1 April to 1 May, both included."""
    return dt.date(year, 4, 1), dt.date(year, 5, 1)


def r_i01_in_season(today: dt.date) -> list[Failure]:
    """R-I01: inspections are filed, and approved at once, only in the season."""
    start, end = inspection_season(today.year)
    if start <= today <= end:
        return []
    return [
        fail(
            "R-I01",
            f"年检时间为每年4月1日至5月1日，今天（{today.isoformat()}）不在年检期内",
            f"The annual inspection runs from 1 April to 1 May each year; {today.isoformat()} is "
            "outside the season",
        )
    ]


def freeze_day(year: int) -> dt.date:
    """R-I02, R-I03: the day after the season ends, when missed inspections freeze."""
    return inspection_season(year)[1] + dt.timedelta(days=1)


def enforced_year(today: dt.date) -> int:
    """The latest year whose freeze day (2 May) is on or before `today`: the year whose missed
    inspections the daily job freezes and an unfreezing records. A job that missed days still
    freezes that year's misses; a gap longer than a year is not caught up (only this one year)."""
    return today.year if today >= freeze_day(today.year) else today.year - 1


def r_i02_missed(year: int) -> Q:
    """R-I02 as a condition on a Unit row: `active` since before 1 April of `year` (the
    Asia/Shanghai date of its verification) and no unit inspection for `year`. The one expression
    of the rule: the daily job freezes the units it selects (`r_i02_units_to_freeze`), and
    `Unit.objects.with_status` reads them as `frozen` whether or not the job ran. Unfreezing
    (R-I04) records the inspection, so the condition clears."""
    season_start = dt.datetime.combine(inspection_season(year)[0], dt.time(), tzinfo=SHANGHAI)
    inspected = UnitInspection.objects.filter(unit=OuterRef("pk"), year=year)
    return Q(status=UnitStatus.ACTIVE, verified_at__lt=season_start) & ~Q(Exists(inspected))


def r_i03_missed(year: int) -> Q:
    """R-I03 as a condition on a Permit row: issued before 1 April of `year`, valid at the end of
    1 May of `year` as it stood that day, with no person inspection for `year`. Valid then: not
    cancelled, its expiry on or after 1 May (valid up to and including the expiry, R-V01), and not
    marked `not_valid_on_1_may = year` — the mark an approval after that day leaves on a permit it
    brings back from expired or cancelled (`r_i03_not_valid_on_1_may`): a renewal approved later
    moves the expiry past 1 May without making the permit valid on that day. So the condition holds
    exactly for the permits the job would have stamped had it run on 2 May, whenever it runs and
    whatever was approved since. The one expression of the rule: the daily job stamps `frozen_at` on
    the permits it selects (`r_i03_permits_to_freeze`), and `Permit.objects.with_status` reads them
    as `frozen` whether or not the job ran. Unfreezing (R-I05) records the inspection, so the
    condition clears."""
    inspected = PersonInspection.objects.filter(permit=OuterRef("pk"), year=year)
    return (
        Q(cancelled_at__isnull=True, issue_date__lt=inspection_season(year)[0],
          expiry_date__gte=inspection_season(year)[1])
        & ~Q(not_valid_on_1_may=year)
        & ~Q(Exists(inspected))
    )


def r_i03_not_valid_on_1_may(permit: Permit, today: dt.date) -> int | None:
    """R-I03 ("as it stood that day"), for an approval on `today` that makes `permit` valid again —
    a renewal, or an employer change that brings back a permit cancelled for leaving: the year of
    the last 1 May before today (`enforced_year`, the one year reads and the job judge) when the
    permit, as the approval found it, did not end that day valid — already marked for that year,
    expired by then (its expiry before 1 May), or cancelled by then (the cancellation recorded on
    or before 1 May, Asia/Shanghai) — else None. The service keeps it in `not_valid_on_1_may`, so
    that `r_i03_missed` does not read the renewed expiry or the lifted cancellation back into that
    day. A cancellation recorded after 1 May leaves the permit valid on it: the job of 2 May would
    have frozen it, and the employer change that brings it back brings it back frozen."""
    year = enforced_year(today)
    may_1 = inspection_season(year)[1]
    if permit.not_valid_on_1_may == year or permit.expiry_date < may_1:
        return year
    if permit.cancelled_at is not None and permit.cancelled_at.astimezone(SHANGHAI).date() <= may_1:
        return year
    return None


def r_i02_units_to_freeze(units: QuerySet[Unit], year: int) -> QuerySet[Unit]:
    """R-I02: the units the daily job freezes on (or, catching up, after) 2 May of `year`."""
    return units.filter(r_i02_missed(year))


def r_i03_permits_to_freeze(permits: PermitQuerySet, year: int) -> PermitQuerySet:
    """R-I03: the permits the daily job stamps `frozen` on (or, catching up, after) 2 May of
    `year`: those of `r_i03_missed` not stamped yet."""
    return permits.filter(frozen_at__isnull=True).filter(r_i03_missed(year))
