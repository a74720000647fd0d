"""Annual inspection rules R-I01…R-I03 (rules.md "Annual inspection (年检)", seed 篇2 年检).

They judge a date, not a case's facts, so they are plain functions named by rule ID (as in
rules.process); none is in the registry. R-I02 and R-I03 as conditions on rows (which units and
permits missed the year's inspection) are `inspections.conditions`; R-I04 and R-I05 (the district
unfreezes, and that records the year's inspection) live in `units.services.unit_unfreeze` and
`permits.services.permit_unfreeze`.
"""

import datetime as dt
from typing import Protocol

from core.clock import SHANGHAI
from rules.engine import Failure, fail


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




class PermitDates(Protocol):
    """What R-I03's "as it stood that day" reads of a permit."""

    @property
    def expiry_date(self) -> dt.date: ...
    @property
    def cancelled_at(self) -> dt.datetime | None: ...
    @property
    def not_valid_on_1_may(self) -> int | None: ...


class PermitIssue(PermitDates, Protocol):
    @property
    def issue_date(self) -> dt.date: ...


def r_i03_requires(permit: PermitIssue, year: int) -> bool:
    """R-I03: the permit needs a person inspection in `year` — issued before 1 April, valid at the
    end of 1 May as it stood that day (not cancelled, expiring on or after 1 May, not marked
    `not_valid_on_1_may` for the year). One permit's answer to what
    inspections.conditions.person_inspection_required asks of many rows in SQL."""
    start, end = inspection_season(year)
    return (permit.cancelled_at is None and permit.issue_date < start and permit.expiry_date >= end
            and permit.not_valid_on_1_may != year)


def r_i03_not_valid_on_1_may(permit: PermitDates, today: dt.date) -> int | None:
    """R-I03 ("as it stood that day"), for an approval on `today` that makes `permit` valid again —
    a renewal, or an employer change that brings back a permit cancelled for leaving: the year of
    the last 1 May before today (`enforced_year`, the one year reads and the job judge) when the
    permit, as the approval found it, did not end that day valid — already marked for that year,
    expired by then (its expiry before 1 May), or cancelled by then (the cancellation recorded on
    or before 1 May, Asia/Shanghai) — else None. The service keeps it in `not_valid_on_1_may`, so
    that `inspections.conditions.r_i03_missed` does not read the renewed expiry or the lifted
    cancellation back into that day. A cancellation recorded after 1 May leaves the permit valid on
    it: the job of 2 May would have frozen it, and the employer change that brings it back brings
    it back frozen."""
    year = enforced_year(today)
    may_1 = inspection_season(year)[1]
    if permit.not_valid_on_1_may == year or permit.expiry_date < may_1:
        return year
    if permit.cancelled_at is not None and permit.cancelled_at.astimezone(SHANGHAI).date() <= may_1:
        return year
    return None


