from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    """R-U01: nothing else may register."""

    ENTERPRISE = "enterprise", _("企业法人")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位法人")
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", _("民办非企业单位（法人）")
    SOCIAL_ORGANIZATION = "social_organization", _("社会团体法人")
    BRANCH = "branch", _("外国（地区）、外埠在京设立的非法人分支机构")


class District(models.Model):
    code = models.CharField(max_length=20, primary_key=True)
    name = models.CharField(max_length=40)
    name_en = models.CharField(max_length=60)
    phone = models.CharField(max_length=80, blank=True)
    # the 办理窗口's street address, where the seed gives one (empty otherwise: never a department)
    address = models.CharField(max_length=200, blank=True)
    office = models.CharField(max_length=100, blank=True, help_text="咨询部门 / the office to ask")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ShortageCatalogueEntry(models.Model):
    """急需专业或岗位目录 (R-P10). Admins edit it; it ships with a default list."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    name_en = models.CharField(max_length=120, blank=True)
    category = models.CharField(max_length=60, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "shortage catalogue entries"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class WindowDayOverride(models.Model):
    """Admin-editable day of the window calendar (R-W08): a holiday or an adjusted working day for a
    year the chinese-calendar package does not cover yet, or any exceptional closure."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日（闭窗）")
        WORKDAY = "workday", _("调休上班（开窗）")

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class Quota(models.Model):
    """总量控制 (R-Q01): the most new permits that may be issued in a year, for one district or (no
    district) for the whole city. Admins set it in /admin/; with no row there is no limit."""

    year = models.PositiveSmallIntegerField()
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text="留空表示全市 / empty = the whole city")
    limit = models.PositiveIntegerField()

    class Meta:
        ordering = ["-year", "district"]
        constraints = [
            models.UniqueConstraint(fields=["year", "district"], name="quota_once_per_district_year"),
            models.UniqueConstraint(fields=["year"], condition=models.Q(district__isnull=True),
                                    name="quota_once_per_city_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district_id or 'city'}: {self.limit}"
