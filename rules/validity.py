"""Validity R-V01 (rules.md "Validity (有效期)") and the effect of an approved renewal, R-R05."""

import datetime as dt

from core.dates import add_years

VALIDITY_YEARS = 3


def expiry_for(issue_date: dt.date) -> dt.date:
    """R-V01: the same month and day 3 years after the issue date (29 February → 28 February);
    the permit is valid up to and including it."""
    return add_years(issue_date, VALIDITY_YEARS)


def renewed_expiry(old_expiry: dt.date) -> dt.date:
    """R-R05: an approved renewal sets the new expiry to the old expiry + 3 years (29 February →
    28 February), whatever the day of approval; the new holding period starts at the old expiry."""
    return add_years(old_expiry, VALIDITY_YEARS)
