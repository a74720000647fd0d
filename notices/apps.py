from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"

    def ready(self) -> None:
        """Listen to the decisions of the apps below (decision 92: cases, units and penalties do not
        import notices): each announces its decision in its transaction with a signal of its own
        (cases.signals, units.signals, penalties.signals), and notices writes the decision's notices
        there (notices.decisions, notices.unit_decisions)."""
        from cases.signals import case_decided
        from notices.decisions import on_case_decided
        from notices.unit_decisions import on_penalties_imposed, on_unit_verified, on_units_frozen
        from penalties.signals import penalties_imposed
        from units.signals import unit_verified, units_frozen

        case_decided.connect(on_case_decided, sender=None, dispatch_uid="notices.on_case_decided")
        unit_verified.connect(on_unit_verified, sender=None, dispatch_uid="notices.on_unit_verified")
        units_frozen.connect(on_units_frozen, sender=None, dispatch_uid="notices.on_units_frozen")
        penalties_imposed.connect(
            on_penalties_imposed, sender=None, dispatch_uid="notices.on_penalties_imposed"
        )
