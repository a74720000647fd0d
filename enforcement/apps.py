from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """The officials' acts on penalties and investigations (R-B01…R-B05, R-C02): they cite units,
    applications and permits, so they sit above cases; the records they write (penalties.models)
    sit low, because eligibility and the unit's standing read them."""

    name = "enforcement"
    verbose_name = "处罚与抽查 Enforcement"
