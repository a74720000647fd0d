"""The states lifecycle.md names for units and permits: the words the rules judge and the models
store (units.models and permits.models take them from here, so that rules import no model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitStatus(models.TextChoices):
    PENDING = "pending", _("待核验")
    ACTIVE = "active", _("正常")
    REJECTED = "rejected", _("未通过")
    FROZEN = "frozen", _("冻结")


class PermitStatus(models.TextChoices):
    VALID = "valid", _("有效")
    FROZEN = "frozen", _("冻结")
    EXPIRED = "expired", _("已过期（可续签）")
    LAPSED = "lapsed", _("自然失效")
    CANCELLED = "cancelled", _("已注销")


CANCEL_LEFT = "left_employment"  # R-C01
CANCEL_INVESTIGATION = "investigation"  # R-C02
