"""The one way to write an audit row (security decision 7), and the chain that makes it tamper-evident.

Writing and chaining are apart (issue 9: one global chain lock held until commit serialised every
write and deadlocked against row locks):

- `audit_record` inserts the row, unsealed, in the caller's transaction: no change without its
  audit row, and no lock beyond the new row's own.
- `seal_pending` links committed rows into the SHA-256 chain in commit order, in a short
  transaction of its own under the chain lock (a PostgreSQL advisory lock that nothing else
  takes, held only while it reads and updates audit rows: it never waits on business rows, so it
  cannot deadlock with them). Every writer schedules it after its commit; the daily job, `backup`
  and `audit_verify` call it too, so a row whose writer died between commit and sealing is sealed
  by the next one.
- `audit_verify` walks the chain in `seq` order and, given a head anchored outside the database
  (a backup manifest, the daily anchor file), also catches rows missing at the end (security
  decision 18).
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol, TypedDict

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent

GENESIS = "0" * 64
_SEAL_LOCK_KEY = 7_301_001  # taken by seal_pending only, in its own transaction (lock order: last)
SEAL_BATCH = 2000


class Actor(Protocol):
    """Who acted, as an audit row records it: `accounts.actor.Actor` is one (audit sits below
    accounts and never imports it). `user` is None for the public and for the daily job."""

    @property
    def user(self) -> AbstractBaseUser | None: ...

    @property
    def role(self) -> str: ...

    @property
    def ip(self) -> str | None: ...


class Head(TypedDict):
    id: int
    hash: str


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
    """Insert one audit row in the caller's transaction (or its own); sealed after commit."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor.user
    now = timezone.now()
    event = AuditEvent(
        at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        actor_id=user.pk if user else None, actor_username=user.get_username() if user else "",
        actor_role=actor.role, action=action, object_type=object_type, object_id=object_id,
        outcome=outcome, ip=actor.ip, before=_canonical(before), after=_canonical(after),
    )
    with transaction.atomic():
        event.save(force_insert=True)
        _seal_after_commit()
    return event


def _seal_after_commit() -> None:
    """Schedule one sealing for the current transaction (a transaction writing many rows needs one)."""
    if any(entry[1] is seal_pending for entry in connection.run_on_commit):
        return
    transaction.on_commit(seal_pending, robust=True)


def seal_pending() -> int:
    """Link every committed unsealed row into the chain, oldest first; how many were sealed."""
    total = 0
    while AuditEvent.objects.filter(seq__isnull=True).exists():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [_SEAL_LOCK_KEY])
            rows = list(AuditEvent.objects.filter(seq__isnull=True).order_by("pk")[:SEAL_BATCH])
            if not rows:
                break
            sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq")
            last = sealed.values_list("seq", "hash").first()
            seq, prev = (last[0] or 0, last[1] or GENESIS) if last else (0, GENESIS)
            for row in rows:
                seq += 1
                row.seq, row.prev_hash = seq, prev
                row.hash = prev = row_digest(row)
            AuditEvent.objects.bulk_update(rows, ["seq", "prev_hash", "hash"], batch_size=500)
        total += len(rows)
    return total


def audit_head() -> Head | None:
    """The last sealed row, as anchored outside the database: {"id", "hash"}; None for no chain."""
    last = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values_list("pk", "hash").first()
    return {"id": last[0], "hash": last[1] or ""} if last else None


@dataclass(frozen=True)
class Verdict:
    """What `audit_verify` found: rows checked, the first broken row, a missing or changed head,
    and how many rows still wait to be sealed (not an error: they are sealed by the next writer)."""

    checked: int
    broken: AuditEvent | None = None
    head_problem: str = ""
    pending: int = 0

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.head_problem

    @property
    def message(self) -> str:
        if self.broken is not None:
            b = self.broken
            return (f"audit chain broken at row id={b.pk} at={b.at.isoformat()} action={b.action} "
                    f"({self.checked} rows before it verified)")
        if self.head_problem:
            return self.head_problem
        pending = f" ({self.pending} rows not yet sealed)" if self.pending else ""
        return f"{self.checked} audit rows verified: OK{pending}"


def audit_verify(head: Head | None = None) -> Verdict:
    """Walk the sealed chain in order and name the first broken row. Given `head` (from a backup
    manifest or the anchor file), also fail when that row is missing or differs — rows deleted at
    the end, or the table truncated, which a chain alone cannot show."""
    prev = GENESIS
    count = 0
    head_seen = head is None
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        if event.prev_hash != prev or row_digest(event) != event.hash:
            return Verdict(count, broken=event)
        if head is not None and event.pk == head["id"]:
            if event.hash != head["hash"]:
                return Verdict(count, head_problem=(
                    f"audit chain head differs: row id={event.pk} has hash {event.hash}, "
                    f"the anchored head says {head['hash']}"))
            head_seen = True
        prev = event.hash
        count += 1
    pending = AuditEvent.objects.filter(seq__isnull=True).count()
    if not head_seen and head is not None:
        return Verdict(count, head_problem=(
            f"audit chain head missing: row id={head['id']} (hash {head['hash'][:16]}…) is not in the "
            f"chain — rows were deleted at the end or the table was emptied ({count} rows verified)"),
            pending=pending)
    return Verdict(count, pending=pending)
