"""Notices to units (api.md "Notices to units"): the inbox, the units' preferences and the deliveries
through the channels. The daily job writes the reminders (notices.sweep); a decision writes its own
notice in its transaction (on a case: notices.decisions; on a unit — its verification, its freezing,
a penalty — notices.unit_decisions); a task delivers them (notices.tasks)."""

from django.db import models
from django.utils import timezone


class NoticeKind(models.TextChoices):
    RENEWAL_WINDOW_OPEN = "renewal_window_open", "续签提醒：工作居住证可以续签了"
    INSPECTION_SEASON_OPEN = "inspection_season_open", "年检提醒：年检已开始"
    INSPECTION_LAST_WEEK = "inspection_last_week", "年检提醒：年检最后一周"
    EMPLOYER_CHANGE_DEADLINE = "employer_change_deadline", "聘用单位变更即将到期"
    CANCELLATION_DEADLINE = "cancellation_deadline", "注销即将到期"
    SUPPLEMENT_NEARING_TIMEOUT = "supplement_nearing_timeout", "补充材料即将满3个月"
    # written in the transaction of the decision they report (notices.decisions)
    CASE_SUPPLEMENT_REQUESTED = "case_supplement_requested", "办理结果：需要补充材料"
    CASE_APPROVED = "case_approved", "办理结果：申请已批准"
    CASE_REJECTED = "case_rejected", "办理结果：申请未获批准"
    READY_FOR_COLLECTION = "ready_for_collection", "可取证：请到窗口领取证件"
    UNIT_VERIFIED = "unit_verified", "单位注册已通过核验"
    UNIT_FROZEN = "unit_frozen", "单位账户已冻结"
    PENALTY_IMPOSED = "penalty_imposed", "处罚决定"


K = NoticeKind
# The daily job's reminders: each once per (unit, kind, key), however often the job runs.
REMINDER_KINDS = frozenset({
    K.RENEWAL_WINDOW_OPEN, K.INSPECTION_SEASON_OPEN, K.INSPECTION_LAST_WEEK, K.EMPLOYER_CHANGE_DEADLINE,
    K.CANCELLATION_DEADLINE, K.SUPPLEMENT_NEARING_TIMEOUT,
})
# api.md: these always arrive; a unit cannot turn them off (a PUT that tries is 422).
ALWAYS_SENT = frozenset({
    K.READY_FOR_COLLECTION, K.CASE_SUPPLEMENT_REQUESTED, K.UNIT_FROZEN, K.PENALTY_IMPOSED,
})


class Notice(models.Model):
    """One notice to one unit. For the daily job's reminders (unit, kind, key) is unique: that
    constraint, not the job's bookkeeping, makes each reminder happen once however often the job
    runs. A decision's notice is written once by its decision, and a case may be decided the same
    way twice (a second supplement request after a resubmission), so those kinds repeat a key."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    key = models.CharField(max_length=64)  # what the reminder is about, e.g. "BJ20260000001:2029-06-15"
    title = models.CharField(max_length=200)
    body = models.TextField()
    title_en = models.CharField(max_length=200, blank=True)
    body_en = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)  # the last day to act
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "key"],
                condition=models.Q(kind__in=sorted(REMINDER_KINDS)),
                name="notice_once",
            )
        ]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → unit {self.unit_id}"


class NoticePreference(models.Model):
    """A unit's choice for one kind. No row means the kind is on."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="notice_preferences")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="notice_preference_once")]

    def __str__(self) -> str:
        return f"unit {self.unit_id} {self.kind}={'on' if self.enabled else 'off'}"


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", "发送中"  # the row exists before the send: a crash mid-send never resends
    SENT = "sent", "已发送"
    SKIPPED = "skipped", "无接收方"  # no address or number to send to
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    """One notice through one channel, at most once: the row is created before the send."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "channel"], name="delivery_once")]

    def __str__(self) -> str:
        return f"notice {self.notice_id} via {self.channel}: {self.status}"
