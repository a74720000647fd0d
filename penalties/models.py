import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class PenaltyKind(models.TextChoices):
    PERSON_FALSE_MATERIALS = "person_false_materials", "申请人提供虚假材料（取消申报资格）"  # R-B01
    UNIT_NEGLIGENT_REVIEW = "unit_negligent_review", "单位未尽审核义务（暂停申报权限2年）"  # R-B02
    UNIT_FALSE_DECLARATION = "unit_false_declaration", "单位虚假申报（取消单位申报资格）"  # R-B03
    UNIT_REVIEW_FAILURE = "unit_review_failure", "单位未履行审核职责（暂停申报权限）"  # R-B04
    SUPPLEMENT_TIMEOUT = "supplement_timeout", "补充材料逾期3个月未答复（暂停申报权限）"  # R-B04


SUSPENDING_KINDS = (PenaltyKind.UNIT_NEGLIGENT_REVIEW, PenaltyKind.UNIT_REVIEW_FAILURE,
                    PenaltyKind.SUPPLEMENT_TIMEOUT)
DISQUALIFYING_UNIT_KINDS = (PenaltyKind.UNIT_FALSE_DECLARATION,)


class PenaltyQuerySet(models.QuerySet["Penalty"]):
    def in_force(self, today: dt.date) -> "PenaltyQuerySet":
        return self.filter(lifted_at__isnull=True, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Penalty(models.Model):
    """Never deleted (R-B05): lifting records who and when."""

    kind = models.CharField(max_length=30, choices=PenaltyKind.choices)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="penalties")
    person_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    application = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lift_note = models.TextField(blank=True)

    objects = PenaltyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_on}"
