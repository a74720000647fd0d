"""Calendar arithmetic of rules.md: calendar months, 周岁 ages, month lists."""

import datetime as dt

from dateutil.relativedelta import relativedelta


def add_months(day: dt.date, months: int) -> dt.date:
    """31 March + 1 month = 30 April; 29 February + 12 months = 28 February."""
    return day + relativedelta(months=months)


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 February becomes 28 February."""
    return day + relativedelta(years=years)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years (周岁) on `day`. Someone born on 29 February turns a year older on 1 March."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_before(day: dt.date, count: int) -> list[str]:
    """The `count` calendar months before the month of `day`, oldest first, as YYYY-MM."""
    first = day.replace(day=1)
    return [month_key(add_months(first, -n)) for n in range(count, 0, -1)]


def months_between(start: dt.date, end_exclusive_month: dt.date) -> list[str]:
    """Every month from the month of `start` up to, not including, the month of `end_exclusive_month`."""
    out: list[str] = []
    cur = start.replace(day=1)
    stop = end_exclusive_month.replace(day=1)
    while cur < stop:
        out.append(month_key(cur))
        cur = add_months(cur, 1)
    return out
