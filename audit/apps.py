from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计 Audit"

    def ready(self) -> None:
        from audit import guard

        guard.connect()
