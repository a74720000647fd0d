"""The one clock. "Today" is Asia/Shanghai's date, or the date in CLOCK_FILE (api.md, test clock)."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    """The real time of day, aware. Only the date may be moved by the test clock."""
    return timezone.now()


def stamp() -> dt.datetime:
    """The real time of day on today's date (the test clock's, when set), in Asia/Shanghai: for a
    stamp that a rule later reads as a date (R-I02 reads the day a unit was verified), so that it
    agrees with the "today" every request and command goes by (api.md, test clock)."""
    real = now().astimezone(SHANGHAI)
    return dt.datetime.combine(today(), real.timetz())


def today() -> dt.date:
    clock_file = settings.CLOCK_FILE
    if clock_file:
        text = Path(clock_file).read_text(encoding="utf-8").strip()
        return dt.date.fromisoformat(text)
    return now().astimezone(SHANGHAI).date()
