"""The unit's inbox of reminders (lifecycle.md "reminders to units") and its preferences."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from accounts.actor import Actor
from accounts.auth import allow, token_auth, user_of
from accounts.roles import Role
from core.pagination import page, page_response
from notices import services
from notices.models import Notice
from notices.schemas import NoticeFilters, PreferenceIn
from notices.selectors import notices_visible_to, preferences_of

router = Router(tags=["notices"], auth=token_auth)


def notice_out(n: Notice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "key": n.key,
        "title": n.title,
        "body": n.body,
        "title_en": n.title_en,
        "body_en": n.body_en,
        "due_on": n.due_on,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("", response=dict)
@allow(Role.UNIT)
def list_notices(request: HttpRequest, filters: Query[NoticeFilters]) -> dict[str, Any]:
    """The unit's reminders, newest first; `unread=true` for the unread ones only."""
    qs = notices_visible_to(user_of(request))
    if filters.unread is not None:
        qs = qs.filter(read_at__isnull=filters.unread)
    rows, cursor = page(qs, filters.limit, filters.cursor)
    return page_response([notice_out(n) for n in rows], cursor)


@router.post("/{int:notice_id}/read", response=dict)
@allow(Role.UNIT)
def mark_read(request: HttpRequest, notice_id: int) -> dict[str, Any]:
    """Mark one of the unit's reminders read (idempotent); another unit's is 404."""
    return notice_out(services.notice_mark_read(Actor.from_request(request), notice_id))


@router.get("/preferences", response=dict)
@allow(Role.UNIT)
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    """Every kind of reminder with whether the unit receives it (all on unless turned off)."""
    return {"items": preferences_of(user_of(request).unit_id or 0)}


@router.put("/preferences", response=dict)
@allow(Role.UNIT)
def put_preference(request: HttpRequest, body: PreferenceIn) -> dict[str, Any]:
    """Turn one kind on or off: `{"kind", "enabled"}`; answers the whole list."""
    actor = Actor.from_request(request)
    services.notice_preference_set(actor, body.kind.value, body.enabled)
    return {"items": preferences_of(actor.account.unit_id or 0)}
