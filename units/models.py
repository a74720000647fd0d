from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from reference.models import EntityType

BRANCH_DEFAULT_CAP = 5  # R-U04


class UnitStatus(models.TextChoices):
    PENDING = "pending", _("待核验")
    ACTIVE = "active", _("正常")
    REJECTED = "rejected", _("未通过")
    FROZEN = "frozen", _("冻结")


class Unit(models.Model):
    name = models.CharField(max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    entity_type = models.CharField(max_length=30, choices=EntityType.choices)
    district = models.ForeignKey("reference.District", on_delete=models.PROTECT, related_name="units")
    address = models.CharField(max_length=300)
    main_business = models.CharField(max_length=500)
    last_year_tax_cny = models.BigIntegerField()
    employee_count = models.PositiveIntegerField()
    planned_permit_count = models.PositiveIntegerField()
    legal_representative = models.CharField(max_length=60)
    high_tech = models.BooleanField(default=False)
    registered_capital_cny = models.BigIntegerField(null=True, blank=True)
    operator_name = models.CharField(max_length=60)
    operator_id_number = EncryptedTextField()
    operator_id_index = models.CharField(max_length=64, db_index=True)
    operator_phone = EncryptedTextField()
    status = models.CharField(
        max_length=10, choices=UnitStatus.choices, default=UnitStatus.PENDING, db_index=True
    )
    # R-U04: None means "the default for the entity type" (5 for a branch, none otherwise).
    permit_cap_override = models.PositiveIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    materials_received = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def permit_cap(self) -> int | None:
        if self.permit_cap_override is not None:
            return self.permit_cap_override
        return BRANCH_DEFAULT_CAP if self.entity_type == EntityType.BRANCH else None
