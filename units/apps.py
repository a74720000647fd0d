from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "申请单位 Units"
