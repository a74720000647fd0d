from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNIT = "unit", _("申请单位经办人")
    DISTRICT_REVIEWER = "district_reviewer", _("区人社局审核人员")
    CITY_APPROVER = "city_approver", _("市人社局审批人员")
    ADMIN = "admin", _("系统管理员")
    AUDITOR = "auditor", _("审计员")


OFFICIAL_ROLES = (Role.DISTRICT_REVIEWER, Role.CITY_APPROVER, Role.ADMIN, Role.AUDITOR)
