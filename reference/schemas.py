import datetime as dt

from ninja import Field, Schema


class WindowRangeIn(Schema):
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")


class WindowDayOut(Schema):
    date: dt.date
    open: bool
    opens_at: str | None
    closes_at: str | None


class WindowHoursOut(Schema):
    items: list[WindowDayOut]


class ReferenceOut(Schema):
    """`{"items": [{"code", "name", ...}]}`; the other keys depend on the list."""

    items: list[dict[str, object]]
