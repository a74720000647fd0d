import datetime as dt

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from core.fields import EncryptedTextField
from inspections.conditions import r_i02_missed
from reference.models import EntityType
from rules.inspection import enforced_year
from rules.states import UnitStatus
from units.consent import ConsentVia

BRANCH_DEFAULT_CAP = 5  # R-U04




def frozen_on(today: dt.date) -> Q:
    """The units frozen on `today`, whether or not the daily job ran (as lifecycle.md asks of
    permits): stored `frozen`, or R-I02's condition for the year enforced on `today`
    (`inspections.conditions.r_i02_missed`, the very expression the job selects with). The district's
    unfreezing (R-I04) records the inspection and clears both."""
    return Q(status=UnitStatus.FROZEN) | r_i02_missed(enforced_year(today))


class UnitQuerySet(models.QuerySet["Unit"]):
    def with_status(self, today: dt.date) -> "UnitQuerySet":
        """Annotate `status_now`: the unit's status on `today` (`frozen` as `frozen_on` says, else
        the stored one), one SQL expression: no per-row Python."""
        return self.annotate(
            status_now=Case(
                When(frozen_on(today), then=Value(UnitStatus.FROZEN.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


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
    # PIPL arts. 14 and 17: the personal-data notice agreed to at registration (units.consent) — its
    # version, when, and how (the web form's tick, or an API client's registration). Blank for the
    # units registered before the notice existed.
    consent_version = models.CharField(max_length=20, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_via = models.CharField(max_length=12, choices=ConsentVia.choices, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        # A district's unit ids from the index alone: every district-scoped list joins through them
        # (decision 11) and would otherwise read a page of units per unit (docs/performance.md).
        indexes = [models.Index(fields=["district", "id"], name="unit_district_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def permit_cap(self) -> int | None:
        if self.permit_cap_override is not None:
            return self.permit_cap_override
        return BRANCH_DEFAULT_CAP if self.entity_type == EntityType.BRANCH else None

    def status_on(self, today: dt.date) -> str:
        """The status this unit reports on `today` (`UnitQuerySet.with_status`): what the reads and
        the R-U05 guard go by. Read from the annotation when the unit was loaded with it, else from
        one query when R-I02 could apply (an `active` unit)."""
        annotated = getattr(self, "status_now", None)
        if annotated is not None:
            return str(annotated)
        if self.status != UnitStatus.ACTIVE or self.pk is None:
            return str(self.status)
        found = Unit.objects.with_status(today).filter(pk=self.pk)
        return str(found.values_list("status_now", flat=True).first() or self.status)  # type: ignore[misc]
