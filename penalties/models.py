"""Penalties (黑名单, rules.md R-B01…R-B05) and random investigations (R-C02).

A penalty is in force from `starts_on` to `ends_on` (inclusive; null = until lifted) unless lifted:
`in_force(today)` computes it from dates, so nothing has to run for a 2-year suspension to end.
Penalties are never deleted (R-B05): `delete()` raises, on the row and on a queryset.
"""

import datetime as dt
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class PenaltyKind(models.TextChoices):
    PERSON_FALSE_MATERIALS = "person_false_materials", _("申请人提供虚假材料（取消申报资格）")  # R-B01
    UNIT_NEGLIGENT_REVIEW = "unit_negligent_review", _("单位未尽审核义务（暂停申报权限2年）")  # R-B02
    UNIT_FALSE_DECLARATION = "unit_false_declaration", _("单位虚假申报（取消单位申报资格）")  # R-B03
    UNIT_REVIEW_FAILURE = "unit_review_failure", _("单位未履行审核职责（暂停申报权限）")  # R-B04
    SUPPLEMENT_TIMEOUT = "supplement_timeout", _("补充材料逾期3个月未答复（暂停申报权限）")  # R-B04


PERSON_KINDS = (PenaltyKind.PERSON_FALSE_MATERIALS,)
SUSPENDING_KINDS = (PenaltyKind.UNIT_NEGLIGENT_REVIEW, PenaltyKind.UNIT_REVIEW_FAILURE,
                    PenaltyKind.SUPPLEMENT_TIMEOUT)
DISQUALIFYING_UNIT_KINDS = (PenaltyKind.UNIT_FALSE_DECLARATION,)


class PenaltyNotDeletable(Exception):
    """R-B05: a penalty is lifted, never deleted."""

    def __init__(self) -> None:
        super().__init__("Penalties are never deleted (R-B05); an official lifts them instead.")


class PenaltyQuerySet(models.QuerySet["Penalty"]):
    def in_force(self, today: dt.date) -> "PenaltyQuerySet":
        return self.filter(lifted_at__isnull=True, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today))

    def delete(self) -> NoReturn:
        raise PenaltyNotDeletable


class Penalty(models.Model):
    """Never deleted (R-B05): lifting records who and when. A person penalty keeps the 身份证
    number encrypted (`id_number`, shown masked in lists, R-S02) beside its blind index."""

    kind = models.CharField(max_length=30, choices=PenaltyKind.choices)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="penalties")
    person_id_index = models.CharField(max_length=64, blank=True, db_index=True)
    id_number = EncryptedTextField(blank=True, default="")
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

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PenaltyNotDeletable


class Investigation(models.Model):
    """A random sample of a district's valid permits, or the whole city's (`district` null: the city
    approver named none) (R-C02). `permit_nos` was drawn with `random.Random(int(seed)).sample(ids, k)`
    over the ids of those valid permits in ascending order (enforcement.services.investigation_sample):
    the same seed over the same population gives the same sample. The seed is 64 random bits, kept as
    decimal text (it does not fit a signed bigint)."""

    district = models.ForeignKey(
        "reference.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    size = models.PositiveSmallIntegerField()
    seed = models.CharField(max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    permit_nos = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"investigation {self.pk} ({self.district_id or 'city'})"


class FindingOutcome(models.TextChoices):
    EMPLOYED = "employed", _("仍在职")
    LEFT_NOT_CANCELLED = "left_not_cancelled", _("已离职但单位未注销")  # R-C02 → R-B03


class Finding(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="findings")
    permit = models.ForeignKey("permits.Permit", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=FindingOutcome.choices)
    left_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    penalty = models.ForeignKey(Penalty, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["investigation", "permit"], name="one_finding_per_sampled_permit")
        ]

    def __str__(self) -> str:
        return f"{self.investigation_id}/{self.permit_id}: {self.outcome}"
