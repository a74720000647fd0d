"""Which notices a user may see: a unit its own (another unit's notice is 404)."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.scoping import scoped
from core.errors import NotFound
from notices.models import ALWAYS_SENT, Notice, NoticeKind, NoticePreference


def notices_visible_to(user: User) -> QuerySet[Notice]:
    return scoped(Notice.objects.all(), user, unit="unit_id", district="unit__district_id")


def notice_for(user: User, notice_id: int) -> Notice:
    notice = notices_visible_to(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("No such notice.")
    return notice


def preferences_of(unit_id: int) -> list[dict[str, object]]:
    """Every kind, in the order of NoticeKind, on unless the unit turned it off; `always`: the kinds
    that always arrive (api.md), never off."""
    off = set(NoticePreference.objects.filter(unit_id=unit_id, enabled=False).values_list("kind", flat=True))
    return [
        {"kind": k.value, "enabled": k in ALWAYS_SENT or k.value not in off, "title": k.label,
         "always": k in ALWAYS_SENT}
        for k in NoticeKind
    ]
