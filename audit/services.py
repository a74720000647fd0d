"""The one way to write an audit row (security decision 7)."""

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.actor import Actor
from audit.models import AuditEvent

GENESIS = "0" * 64
_LOCK_KEY = 7_301_001  # advisory lock that serialises the chain on PostgreSQL


def _canonical(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def row_digest(event: AuditEvent) -> str:
    body = {
        "at": event.at.isoformat(), "actor_id": event.actor_id, "actor_username": event.actor_username,
        "actor_role": event.actor_role, "action": event.action, "object_type": event.object_type,
        "object_id": event.object_id, "outcome": event.outcome, "ip": event.ip,
        "before": event.before, "after": event.after, "prev_hash": event.prev_hash,
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_record(actor: Actor, action: str, obj: Any = None, *, object_type: str = "", object_id: str = "",
                 before: Any = None, after: Any = None, outcome: str = "success") -> AuditEvent:
    """Append one row to the chain, inside the caller's transaction (or a new one)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        user = actor.user
        event = AuditEvent(
            at=timezone.now().replace(microsecond=timezone.now().microsecond // 1000 * 1000),
            actor_id=user.pk if user else None, actor_username=user.get_username() if user else "",
            actor_role=actor.role, action=action, object_type=object_type, object_id=object_id,
            outcome=outcome, ip=actor.ip, before=_canonical(before), after=_canonical(after),
            prev_hash=last or GENESIS,
        )
        event.hash = row_digest(event)
        event.save(force_insert=True)
        return event


def audit_verify() -> tuple[int, AuditEvent | None]:
    """Walk the chain in order; return (rows checked, first broken row or None)."""
    prev = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != prev or row_digest(event) != event.hash:
            return count, event
        prev = event.hash
        count += 1
    return count, None
