import datetime as dt

from ninja import Schema
from pydantic import Field

from core.schemas import Label, Out
from core.strict import Bool
from notices.models import NoticeKind


class NoticeFilters(Schema):
    unread: bool | None = None
    limit: int | None = None
    cursor: str | None = None


class PreferenceIn(Schema):
    kind: NoticeKind
    enabled: Bool


class NoticeOut(Out):
    """A notice to the unit (api.md "Notices to units"); `title_en` and `body_en` are its English text."""

    id: int
    kind: str = Field(description='The kind (api.md "Notices to units"), e.g. `renewal_window_open`.')
    key: str = Field(description="What the notice is about: a case number, a permit number or a unit id.")
    title: str
    body: str
    title_en: str
    body_en: str
    due_on: dt.date | None = Field(description="The last day to act, where there is one.")
    created_at: dt.datetime
    read_at: dt.datetime | None


class NoticesOut(Out):
    items: list[NoticeOut]
    next_cursor: str | None


class PreferenceOut(Out):
    kind: NoticeKind
    enabled: bool
    title: Label
    always: bool = Field(
        description="The kind always arrives and cannot be turned off (a PUT turning it off is 422)."
    )


class PreferencesOut(Out):
    """Every kind of notice, in a fixed order, with whether the unit receives it."""

    items: list[PreferenceOut]
