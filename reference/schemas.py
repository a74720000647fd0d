import datetime as dt

from ninja import Field, Schema

from core.schemas import Label, Out


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


class DistrictOut(Out):
    """A district (`districts`), with its office's telephone and address for the public."""

    code: str
    name: str
    name_en: str
    phone: str
    address: str


class EntityTypeOut(Out):
    """An entity type that may register (`entity-types`, R-U01)."""

    code: str
    name: Label


class ShortageEntryOut(Out):
    """An entry of the shortage catalogue (`shortage-catalogue`, 急需专业或岗位目录, R-P10)."""

    code: str
    name: str
    name_en: str
    category: str


class ReferenceOut(Out):
    """`{"items": [{"code", "name", ...}]}`; the other keys depend on the list."""

    items: list[DistrictOut] | list[EntityTypeOut] | list[ShortageEntryOut]
