"""The unit's inbox of reminders (lifecycle.md "reminders to units") and its preferences."""

from django.http import HttpRequest
from ninja import Query, Router

from accounts import policies
from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from core.pagination import page
from notices import services
from notices.presenters import notice_out, preferences_out
from notices.schemas import NoticeFilters, NoticeOut, NoticesOut, PreferenceIn, PreferencesOut
from notices.selectors import notices_visible_to

router = Router(tags=["notices"], auth=token_auth)


@router.get("", response=NoticesOut)
@allow(policies.NOTICE_READ)
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]) -> NoticesOut:
    """The unit's reminders, newest first; `unread=true` for the unread ones only."""
    qs = notices_visible_to(user_of(request))
    if filters.unread is not None:
        qs = qs.filter(read_at__isnull=filters.unread)
    rows, cursor = page(qs, filters.limit, filters.cursor)
    return NoticesOut(items=[notice_out(n) for n in rows], next_cursor=cursor)


@router.post("/{int:notice_id}/read", response=NoticeOut)
@allow(policies.NOTICE_MARK_READ)
def mark_read(request: HttpRequest, notice_id: int) -> NoticeOut:
    """Mark one of the unit's reminders read (idempotent); another unit's is 404."""
    return notice_out(services.notice_mark_read(Actor.from_request(request), notice_id))


@router.get("/preferences", response=PreferencesOut)
@allow(policies.NOTICE_READ)
def get_preferences(request: HttpRequest) -> PreferencesOut:
    """Every kind of reminder with whether the unit receives it (all on unless turned off)."""
    return preferences_out(user_of(request).unit_id or 0)


@router.put("/preferences", response=PreferencesOut)
@allow(policies.NOTICE_PREFERENCE)
def put_preference(request: HttpRequest, body: PreferenceIn) -> PreferencesOut:
    """Turn one kind on or off: `{"kind", "enabled"}`; answers the whole list."""
    actor = Actor.from_request(request)
    services.notice_preference_set(actor, body.kind.value, body.enabled)
    return preferences_out(actor.account.unit_id or 0)
