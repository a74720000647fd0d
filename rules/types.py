"""Which registered rules each case type runs at submission, in the order they are reported."""

# Imported to fill the registry.
from rules import applicant, cancellation, changes, dependents, photo, renewal, unit  # noqa: F401
from rules.engine import REGISTRY

RULES_BY_TYPE: dict[str, list[str]] = {
    "new": ["R-U03", "R-U05", "R-U06", "R-U07", "R-U04",
            "R-P01", "R-P02", "R-P03", "R-P04", "R-P05", "R-P06", "R-P07", "R-P08", "R-P09", "R-P10",
            "R-D01", "R-D02", "R-D03", "R-W09"],
    # Every other type is judged on a CaseFacts. R-U06 (suspension) concerns only `new`; a
    # disqualified unit may still cancel, so cancellation runs no R-U07 (which lets it through anyway)
    # and no R-U03: the unit holding a permit was verified long ago.
    "renewal": ["R-U03", "R-U05", "R-U07", "R-R01", "R-R02", "R-R03", "R-R04"],
    # An employer change brings a permit into the filing unit, so a branch's cap counts it (R-U04).
    "employer_change": ["R-U03", "R-U05", "R-U07", "R-U04", "R-E01", "R-E02", "R-E03"],
    "address_change": ["R-U03", "R-U05", "R-U07", "R-A01"],
    "dependents_change": ["R-U03", "R-U05", "R-U07", "R-D01", "R-D02", "R-D03", "R-P09"],
    "general_change": ["R-U03", "R-U05", "R-U07", "R-G01"],
    "replacement": ["R-U03", "R-U05", "R-U07", "R-X01"],
    "unit_info_change": ["R-U03", "R-U05", "R-U07", "R-UI01"],
    "cancellation": ["R-U05", "R-C01"],
}

# Rules judged again when the district or the city decides (a pass or an approval; 422), because what
# they look at may change after submission: an investigation may cancel the permit an employer change
# would move (R-C02), and such a permit never moves (R-E03), nor one lapsed meanwhile; a permit frozen
# or expired meanwhile takes no general change, made only while it is valid (R-G01).
RULES_AT_DECISION: dict[str, list[str]] = {
    "employer_change": ["R-E03"],
    "general_change": ["R-G01"],
}

# Online unit registration (api.md POST /units/register), judged on a RegistrationFacts.
REGISTRATION_RULES = ["R-U01", "R-U02", "R-P09"]


def rules_for(case_type: str) -> list[str]:
    if case_type not in RULES_BY_TYPE:
        raise LookupError(f"no rules are defined for case type {case_type!r}")
    return list(RULES_BY_TYPE[case_type])


def decision_rules_for(case_type: str) -> list[str]:
    return list(RULES_AT_DECISION.get(case_type, []))


def _check_registered() -> None:
    decided = (r for ids in RULES_AT_DECISION.values() for r in ids)
    for rule_id in [*REGISTRATION_RULES, *(r for ids in RULES_BY_TYPE.values() for r in ids), *decided]:
        if rule_id not in REGISTRY:
            raise RuntimeError(f"{rule_id} is listed but not registered")


_check_registered()
