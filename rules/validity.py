"""Validity R-V01 (rules.md "Validity (有效期)") and the effect of an approved renewal, R-R05."""

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from core.dates import add_years
from rules.states import PermitStatus

VALIDITY_YEARS = 3


def expiry_for(issue_date: dt.date) -> dt.date:
    """R-V01: the same month and day 3 years after the issue date (29 February → 28 February);
    the permit is valid up to and including it."""
    return add_years(issue_date, VALIDITY_YEARS)


def renewed_expiry(old_expiry: dt.date) -> dt.date:
    """R-R05: an approved renewal sets the new expiry to the old expiry + 3 years (29 February →
    28 February), whatever the day of approval; the new holding period starts at the old expiry."""
    return add_years(old_expiry, VALIDITY_YEARS)


class PermitState(Protocol):
    """The columns of a permit its status is read from (permits.models.Permit)."""

    @property
    def cancelled_at(self) -> dt.datetime | None: ...
    @property
    def expiry_date(self) -> dt.date: ...
    @property
    def lapses_on(self) -> dt.date: ...
    @property
    def renewal_submitted_on(self) -> dt.date | None: ...


def permit_status(p: PermitState, today: dt.date, frozen: Callable[[], bool]) -> PermitStatus:
    """lifecycle.md "Permit status" for one permit on `today`, in its precedence: cancelled, lapsed
    (R-V02: a month after the expiry, unless a renewal submitted by then is still open), frozen
    (`frozen`, asked only when it decides), expired, valid (R-V01: up to and including the expiry).
    The same answer in SQL, for many rows at once: permits.models.status_is / with_status
    (permits/tests/test_status_filter.py holds the three to the same answers)."""
    if p.cancelled_at is not None:
        return PermitStatus.CANCELLED
    renewal_in_time = p.renewal_submitted_on is not None and p.renewal_submitted_on <= p.lapses_on
    if p.lapses_on < today and not renewal_in_time:
        return PermitStatus.LAPSED
    if frozen():
        return PermitStatus.FROZEN
    return PermitStatus.EXPIRED if p.expiry_date < today else PermitStatus.VALID
