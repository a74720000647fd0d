"""R-W08: when the acceptance window (受理窗口) is open.

Monday–Thursday 9:00–17:00, Friday 9:00–12:00, closed on Saturdays, Sundays and statutory
holidays; an adjusted working day (调休上班) on a weekend is open 9:00–17:00 (篇2 受理时间).

Which days are holidays or adjusted working days comes from, in this order:
1. `WindowDayOverride` rows, which an admin enters (e.g. the State Council's notice for a year
   the package does not know yet, or an exceptional closure);
2. the `chinese_calendar` package for the years it covers;
3. otherwise a fallback: weekends closed and the fixed-date statutory holidays closed (New Year
   1 Jan, Labour Day 1–2 May, National Day 1–3 Oct). Lunar holidays (Spring Festival, Dragon
   Boat, Mid-Autumn) and Qingming cannot be known without data, so admins add them as overrides.
"""

import datetime as dt
from typing import NamedTuple

import chinese_calendar

from reference.models import WindowDayOverride

OPENS_AT = "09:00"
CLOSES_AT = "17:00"
FRIDAY_CLOSES_AT = "12:00"
MAX_RANGE_DAYS = 92  # api.md: at most 92 days per request

# Fixed-date statutory holidays (全国年节及纪念日放假办法, as amended in 2024, in force 2025).
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}

FRIDAY, SATURDAY = 4, 5


class WindowHours(NamedTuple):
    open: bool
    opens_at: str | None
    closes_at: str | None


CLOSED = WindowHours(False, None, None)


def _is_workday(day: dt.date, override: str | None) -> bool:
    if override is not None:
        return override == WindowDayOverride.Kind.WORKDAY
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package has no data for
        return day.weekday() < SATURDAY and (day.month, day.day) not in FIXED_HOLIDAYS


def _hours(day: dt.date, override: str | None) -> WindowHours:
    if not _is_workday(day, override):
        return CLOSED
    if day.weekday() == FRIDAY:
        return WindowHours(True, OPENS_AT, FRIDAY_CLOSES_AT)
    return WindowHours(True, OPENS_AT, CLOSES_AT)  # Mon–Thu, or 调休上班 on a weekend


def window_day(day: dt.date) -> WindowHours:
    """R-W08: (open, opens_at, closes_at) of the window on `day`."""
    override = WindowDayOverride.objects.filter(date=day).values_list("kind", flat=True).first()
    return _hours(day, override)


def window_days(start: dt.date, end: dt.date) -> list[tuple[dt.date, WindowHours]]:
    """R-W08 for every date from `start` to `end` inclusive, with the overrides read in one query."""
    overrides = dict(WindowDayOverride.objects.filter(date__range=(start, end)).values_list("date", "kind"))
    days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return [(day, _hours(day, overrides.get(day))) for day in days]


LOOK_AHEAD_DAYS = 31  # the longest closure (Spring Festival with its weekends) is far shorter


def next_opening(today: dt.date, now: dt.time) -> tuple[dt.date, WindowHours] | None:
    """R-W08: the next time the window is open from `today` at `now` (today itself while it has
    not yet closed), as (date, hours); None when no day of the next month is open (an admin closed
    them all)."""
    for day, hours in window_days(today, today + dt.timedelta(days=LOOK_AHEAD_DAYS)):
        if hours.open and not (day == today and now >= dt.time.fromisoformat(str(hours.closes_at))):
            return day, hours
    return None
