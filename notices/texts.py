"""What every notice is made of, and the dates in the words the notices use."""

import datetime as dt
from typing import NamedTuple

from reference.models import District
from reference.window import WindowHours

WEEKDAYS_ZH = "一二三四五六日"
WINDOW_HOURS_ZH = ("窗口受理时间为周一至周四9:00–17:00、周五9:00–12:00，"
                   "周六、周日和法定节假日不受理（R-W08）。")
WINDOW_HOURS_EN = ("The window is open Monday to Thursday 9:00–17:00 and Friday 9:00–12:00, closed at "
                   "weekends and on public holidays (R-W08).")


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


def window(district: District, opening: tuple[dt.date, WindowHours] | None) -> tuple[str, str]:
    """Where the district's window is and when it next opens (R-W08: reference.window.next_opening),
    in Chinese (address, office to ask, telephone, next open hours: what the reference data holds) and
    English (address, next open hours), each sentence ending in its full stop; the caller appends
    WINDOW_HOURS_*."""
    where_zh = "".join([
        f"地址：{district.address}。" if district.address else "",
        f"咨询部门：{district.office}。" if district.office else "",
        f"咨询电话：{district.phone}。" if district.phone else "",
    ])
    where_en = f" Address: {district.address}." if district.address else ""
    if opening is None:
        return where_zh, where_en
    day, hours = opening
    return (f"{where_zh}最近的办理时间：{zh_with_weekday(day)}{hours.opens_at}–{hours.closes_at}。",
            f"{where_en} Next open: {en_with_weekday(day)}, {hours.opens_at}–{hours.closes_at}.")
