from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"

    def ready(self) -> None:
        """Listen to the decisions on cases (cases.signals): cases sits below notices and does not
        import it (decision 92); it announces each decision in its transaction, and notices writes
        the decision's notices there (notices.decisions)."""
        from cases.signals import case_decided
        from notices.decisions import on_case_decided

        case_decided.connect(on_case_decided, sender=None, dispatch_uid="notices.on_case_decided")
