"""What every notice is made of, and the dates in the words the notices use."""

import datetime as dt
from typing import NamedTuple

WEEKDAYS_ZH = "一二三四五六日"


class Row(NamedTuple):
    """One notice's texts, for one unit; `key` is what it is about (api.md: a case or permit number)."""

    unit_id: int
    key: str
    due_on: dt.date | None
    title: str
    body: str
    title_en: str
    body_en: str


def zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def zh_with_weekday(day: dt.date) -> str:
    return f"{zh(day)}（星期{WEEKDAYS_ZH[day.weekday()]}）"


def en_with_weekday(day: dt.date) -> str:
    return f"{day:%A} {day.isoformat()}"
