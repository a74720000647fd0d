"""R-W08: the next time the window opens (reference.window.next_opening), which the progress lookup
tells a holder whose card is ready (可取证)."""

import datetime as dt

import pytest

from reference.models import WindowDayOverride
from reference.window import CLOSED, WindowHours, next_opening

pytestmark = pytest.mark.django_db

FULL_DAY = WindowHours(True, "09:00", "17:00")
MORNING = WindowHours(True, "09:00", "12:00")
D = dt.date.fromisoformat
T = dt.time.fromisoformat


@pytest.mark.parametrize(
    ("today", "now", "expected"),
    [
        ("2026-06-15", "08:00", ("2026-06-15", FULL_DAY)),  # Monday before opening: today
        ("2026-06-15", "16:59", ("2026-06-15", FULL_DAY)),  # a minute before closing: still today
        ("2026-06-15", "17:00", ("2026-06-16", FULL_DAY)),  # closed for the day: tomorrow
        ("2026-06-26", "11:59", ("2026-06-26", MORNING)),  # Friday morning
        ("2026-06-26", "12:00", ("2026-06-29", FULL_DAY)),  # Friday noon: Monday
        ("2026-06-27", "10:00", ("2026-06-29", FULL_DAY)),  # Saturday: Monday
        ("2026-06-18", "17:30", ("2026-06-22", FULL_DAY)),  # Dragon Boat Festival (19 June) skipped
        ("2026-09-30", "18:00", ("2026-10-08", FULL_DAY)),  # the National Day week (1-7 October) skipped
    ],
)
def test_r_w08_next_opening(today, now, expected):
    day, hours = expected
    assert next_opening(D(today), T(now)) == (D(day), hours)


def test_r_w08_next_opening_honours_the_admins_overrides():
    WindowDayOverride.objects.create(date=D("2026-06-16"), kind=WindowDayOverride.Kind.HOLIDAY)
    assert next_opening(D("2026-06-15"), T("17:00")) == (D("2026-06-17"), FULL_DAY)


def test_r_w08_no_opening_within_a_month_is_none():
    WindowDayOverride.objects.bulk_create(
        WindowDayOverride(date=D("2026-06-15") + dt.timedelta(days=n), kind=WindowDayOverride.Kind.HOLIDAY)
        for n in range(32)
    )
    assert next_opening(D("2026-06-15"), T("08:00")) is None
    assert CLOSED.open is False
