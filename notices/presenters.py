"""The notice object of api.md "Notices to units", and the unit's preferences."""

from notices.models import Notice
from notices.schemas import NoticeOut, PreferencesOut
from notices.selectors import preferences_of


def notice_out(n: Notice) -> NoticeOut:
    return NoticeOut(id=n.pk, kind=n.kind, key=n.key, title=n.title, body=n.body, title_en=n.title_en,
                     body_en=n.body_en, due_on=n.due_on, created_at=n.created_at, read_at=n.read_at)


def preferences_out(unit_id: int) -> PreferencesOut:
    return PreferencesOut.model_validate({"items": preferences_of(unit_id)})
