from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedJSONField


class CaseType(models.TextChoices):
    NEW = "new", _("新办")
    RENEWAL = "renewal", _("续签")
    REPLACEMENT = "replacement", _("证件补办")
    EMPLOYER_CHANGE = "employer_change", _("聘用单位变更")
    ADDRESS_CHANGE = "address_change", _("居住地址变更")
    DEPENDENTS_CHANGE = "dependents_change", _("随往人员变更")
    GENERAL_CHANGE = "general_change", _("一般资料变更")
    UNIT_INFO_CHANGE = "unit_info_change", _("单位信息变更")
    CANCELLATION = "cancellation", _("注销")


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交（待初审）")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("补充材料")
    DISTRICT_PASSED = "district_passed", _("初审通过（待审批）")
    APPROVED = "approved", _("已批准")
    COLLECTED = "collected", _("已领证")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# Open before any final decision. `approved` is open too while a card waits for collection
# (`open_cases`), but then the permit it issued already counts wherever permits are counted.
OPEN_STATUSES = (
    CaseStatus.DRAFT,
    CaseStatus.SUBMITTED,
    CaseStatus.SUPPLEMENT_REQUESTED,
    CaseStatus.DISTRICT_PASSED,
)
COLLECTED_TYPES = (CaseType.NEW, CaseType.REPLACEMENT)


def open_cases() -> Q:
    """lifecycle.md's open statuses, `approved` included for types whose card is still to collect."""
    return Q(status__in=OPEN_STATUSES) | Q(status=CaseStatus.APPROVED, type__in=COLLECTED_TYPES)


# What R-W05, R-P08 and R-U04 count (spec 1.1): only submitted cases, for a draft blocks nobody.
SUBMITTED_OPEN_STATUSES = tuple(s for s in OPEN_STATUSES if s != CaseStatus.DRAFT)


def submitted_open_cases() -> Q:
    """`open_cases` but drafts (R-W05: a second draft is created; its submission is what is judged)."""
    return open_cases() & ~Q(status=CaseStatus.DRAFT)


class Case(models.Model):
    number = models.CharField("办件编号", max_length=24, unique=True)
    type = models.CharField(max_length=20, choices=CaseType.choices, db_index=True)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="cases")
    # The unit's district, kept on the case so that a district's queues and their counts read one
    # index (issue 14). Set when the case is created and moved with the unit, in `cases.districts`
    # alone; always the unit's.
    district = models.ForeignKey(
        "reference.District", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    permit = models.ForeignKey(
        "permits.Permit", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    data = EncryptedJSONField(default=dict)
    applicant_name = models.CharField(max_length=60, blank=True)
    applicant_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    photo_name = models.CharField(max_length=200, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    materials_received = models.JSONField(default=list, blank=True)
    materials_missing = models.JSONField(default=list, blank=True)
    special_talent_confirmed = models.BooleanField(default=False)
    late = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)  # the "today" of the first submission
    decided_at = models.DateTimeField(null=True, blank=True)
    supplement_requested_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["status", "type"]),
            # The officials' queues: a status, oldest submission first, and its counts by district
            # read from the index alone (docs/performance.md).
            models.Index(
                fields=["status", "submitted_on", "id"], include=["unit", "type"], name="case_queue_idx"
            ),
            # A district's queues: its counts by status (and type, for the card to collect) from the
            # index alone, and a page oldest submission first (issue 14).
            models.Index(
                fields=["district", "status", "submitted_on", "id"],
                include=["type"],
                name="case_district_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_name_for_unit(self) -> str:
        """The name the unit's own pages show (cases.privacy: masked while the permit is elsewhere)."""
        from accounts.roles import Role
        from cases.privacy import applicant_name

        return applicant_name(self, Role.UNIT)


class CaseEvent(models.Model):
    """The history of a case, as the API shows it (audit.AuditEvent holds the tamper-evident copy)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=24)
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class Rating(models.Model):
    """Service rating (好差评): when a case has ended, its unit may rate the service once."""

    class Score(models.IntegerChoices):
        VERY_DISSATISFIED = 1, _("非常不满意")
        DISSATISFIED = 2, _("不满意")
        NEUTRAL = 3, _("基本满意")
        SATISFIED = 4, _("满意")
        VERY_SATISFIED = 5, _("非常满意")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"
