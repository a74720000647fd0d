from ninja import Schema

from core.strict import Bool
from notices.models import NoticeKind


class NoticeFilters(Schema):
    unread: bool | None = None
    limit: int | None = None
    cursor: str | None = None


class PreferenceIn(Schema):
    kind: NoticeKind
    enabled: Bool
