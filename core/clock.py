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


def today() -> dt.date:
    clock_file = settings.CLOCK_FILE
    if clock_file:
        text = Path(clock_file).read_text(encoding="utf-8").strip()
        return dt.date.fromisoformat(text)
    return now().astimezone(SHANGHAI).date()
