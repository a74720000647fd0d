"""The unit's own changes to its notices: marking one read, turning a kind on or off."""

from django.db import transaction
from django.utils import timezone

from accounts import policies
from accounts.actor import Actor
from audit.services import audit_record
from core.errors import ErrorItem, NotFound, RuleViolation
from notices.models import ALWAYS_SENT, Notice, NoticeKind, NoticePreference
from notices.selectors import notices_visible_to
from units.services import unit_may_write


def notice_mark_read(actor: Actor, notice_id: int) -> Notice:
    """Idempotent: a notice read before keeps its first reading time. Not audited: it changes
    nothing but the unit's own view of its inbox."""
    policies.NOTICE_MARK_READ.check(actor)
    with transaction.atomic():
        notice = notices_visible_to(actor.account).select_for_update().filter(pk=notice_id).first()
        if notice is None:
            raise NotFound("No such notice.")
        if notice.read_at is None:
            notice.read_at = timezone.now()
            notice.save(update_fields=["read_at"])
    return notice


def notice_preference_set(actor: Actor, kind: str, enabled: bool) -> NoticePreference:
    """Turn one kind of notice on or off for the actor's unit; audited with before and after. The
    kinds that always arrive cannot be turned off (api.md: 422). A frozen unit changes nothing
    (R-U05, 423); the operator's own email address is another matter (decision 47)."""
    policies.NOTICE_PREFERENCE.check(actor)
    if kind in ALWAYS_SENT and not enabled:
        label = NoticeKind(kind).label
        raise RuleViolation(
            "This kind of notice always arrives; it cannot be turned off.",
            [ErrorItem(f"“{label}”关系到办理结果，始终发送，不能关闭 / the notice {kind} always arrives "
                       "and cannot be turned off", field="kind",
                       extra={"message_zh": f"“{label}”关系到办理结果，始终发送，不能关闭",
                              "message_en": f"The notice {kind} always arrives and cannot be turned off"})],
        )
    unit_id = unit_may_write(actor).pk  # R-U05
    with transaction.atomic():
        made, _ = NoticePreference.objects.get_or_create(unit_id=unit_id, kind=kind)  # on by default
        pref = NoticePreference.objects.select_for_update().get(pk=made.pk)
        before = pref.enabled
        if before != enabled:
            pref.enabled = enabled
            pref.save(update_fields=["enabled"])
        audit_record(
            actor,
            "notice.preference",
            pref,
            before={"kind": kind, "enabled": before},
            after={"kind": kind, "enabled": enabled},
        )
    return pref
