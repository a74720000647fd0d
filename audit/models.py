from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditEvent(models.Model):
    """Append-only and hash-chained (security decisions 7 and 18).

    A row is inserted in the transaction of the change it records, unsealed (`seq`, `prev_hash`
    and `hash` empty), so that writers never wait on each other for the chain. After commit,
    `audit.services.seal_pending` links the committed rows into the chain in commit order: `seq` is
    the row's place, `prev_hash` the hash of the row before it, `hash` covers this row's content
    and `prev_hash`. A database trigger refuses DELETE and every UPDATE except that one sealing
    (empty seal columns set, content unchanged); `manage.py audit_verify` walks the chain."""

    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=24, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=20, default="success")
    ip = models.GenericIPAddressField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, null=True, blank=True)
    hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unsealed_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.action}"
