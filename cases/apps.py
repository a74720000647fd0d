from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "业务申请 Applications"
