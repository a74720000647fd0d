from django.db import models


class Role(models.TextChoices):
    UNIT = "unit", "申请单位经办人"
    DISTRICT_REVIEWER = "district_reviewer", "区人社局审核人员"
    CITY_APPROVER = "city_approver", "市人社局审批人员"
    ADMIN = "admin", "系统管理员"


OFFICIAL_ROLES = (Role.DISTRICT_REVIEWER, Role.CITY_APPROVER, Role.ADMIN)
