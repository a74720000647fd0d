"""Annual inspections (年检, rules.md R-I01…R-I05): one row per unit and year, one per permit and
year. The unique constraints' indexes, (unit, year) and (permit, year), serve the daily job's
anti-joins ("no inspection for the year") and the permit's `inspected_years`."""

from django.db import models
from django.utils import timezone


class InspectionSource(models.TextChoices):
    UNIT = "unit", "单位年检"  # filed by the unit in the season (R-I01)
    DISTRICT_UNFREEZE = "district_unfreeze", "区级解冻"  # recorded by an unfreezing (R-I04, R-I05)


class UnitInspection(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="inspections")
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, choices=InspectionSource.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_inspection_once_a_year")]

    def __str__(self) -> str:
        return f"unit {self.unit_id} {self.year}"


class PersonInspection(models.Model):
    permit = models.ForeignKey("permits.Permit", on_delete=models.PROTECT, related_name="inspections")
    year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, choices=InspectionSource.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["permit", "year"], name="person_inspection_once_a_year")
        ]

    def __str__(self) -> str:
        return f"permit {self.permit_id} {self.year}"


class PermitFreezeCompleted(models.Model):
    """R-I03: the daily job's freezing of permits (units.sweep.freeze_permits) completed for `year`:
    every permit that missed that year's person inspection was stamped (permits.Freeze) by then, and a
    service that makes a permit meet the rule afterwards stamps it itself
    (permits.services.r_i03_stamp_if_missed), so the stamp alone answers the rule for that year
    (`inspections.conditions.r_i03_stamped`). Written once, in the step's last transaction of a run
    as of the clock's day; never changed."""

    year = models.PositiveSmallIntegerField(unique=True)
    completed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"R-I03 {self.year} stamped"
