"""R-U01…R-U07 and the registration rules."""

import datetime as dt

import pytest

from core.errors import UnitFrozen
from ops.demo import make_id_number, make_uscc
from rules.engine import evaluate
from rules.facts import RegistrationFacts
from rules.tests.builders import case_data, case_facts, failures_of, new_facts, unit_facts
from rules.types import REGISTRATION_RULES, rules_for
from rules.unit import ensure_not_frozen

TODAY = dt.date(2026, 6, 15)
OPERATOR_ID = make_id_number(dt.date(1985, 3, 1), "M")


def registration(**changes: str) -> RegistrationFacts:
    values = {"entity_type": "enterprise", "uscc": make_uscc(), "operator_id_number": OPERATOR_ID}
    values.update(changes)
    return RegistrationFacts(**values)


def with_unit(**changes: object):
    return new_facts(TODAY, unit=unit_facts(**changes))


def test_registration_rules_pass_for_a_good_registration() -> None:
    assert evaluate(REGISTRATION_RULES, registration(), TODAY).failures == []


@pytest.mark.parametrize("entity_type", ["enterprise", "public_institution", "private_non_enterprise",
                                         "social_organization", "branch"])
def test_r_u01_the_five_entity_types_may_register(entity_type: str) -> None:
    assert failures_of("R-U01", registration(entity_type=entity_type), TODAY) == []


@pytest.mark.parametrize("entity_type", ["individual_business", "partnership", ""])
def test_r_u01_other_entity_types_are_refused(entity_type: str) -> None:
    [failure] = failures_of("R-U01", registration(entity_type=entity_type), TODAY)
    assert (failure.rule, failure.field) == ("R-U01", "entity_type")
    assert "企业法人" in failure.message_zh


def test_r_u02_valid_uscc_passes() -> None:
    assert failures_of("R-U02", registration(uscc="91110000802100433B"), TODAY) == []  # a real code


def test_r_u02_wrong_check_character_fails() -> None:
    good = make_uscc()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    [failure] = failures_of("R-U02", registration(uscc=bad), TODAY)
    assert (failure.rule, failure.field) == ("R-U02", "uscc")
    assert "校验位" in failure.message_zh and "check character" in failure.message_en


@pytest.mark.parametrize("uscc", ["91110105MA01C0DE", "91110105MA01C0DE0XX", ""])
def test_r_u02_wrong_length_fails(uscc: str) -> None:
    [failure] = failures_of("R-U02", registration(uscc=uscc), TODAY)
    assert "18" in failure.message_zh and "18" in failure.message_en


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V", "a"])
def test_r_u02_characters_outside_gb32100_alphabet_fail(letter: str) -> None:
    code = make_uscc()
    [failure] = failures_of("R-U02", registration(uscc=letter + code[1:]), TODAY)
    assert letter in failure.message_zh


def test_r_p09_operator_id_number_is_checked_at_registration() -> None:
    bad = OPERATOR_ID[:17] + ("0" if OPERATOR_ID[17] != "0" else "1")
    [failure] = evaluate(REGISTRATION_RULES, registration(operator_id_number=bad), TODAY).failures
    assert (failure.rule, failure.field) == ("R-P09", "operator.id_number")


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_r_u03_unverified_unit_cannot_apply(status: str) -> None:
    [failure] = failures_of("R-U03", with_unit(status=status), TODAY)
    assert failure.rule == "R-U03"


def test_r_u03_active_unit_may_apply() -> None:
    assert failures_of("R-U03", with_unit(status="active"), TODAY) == []


def test_r_u04_branch_fifth_permit_passes() -> None:
    assert failures_of("R-U04", with_unit(entity_type="branch", permit_cap=5, permits_held=4), TODAY) == []


def test_r_u04_branch_sixth_permit_fails_and_names_the_cap() -> None:
    [failure] = failures_of("R-U04", with_unit(entity_type="branch", permit_cap=5, permits_held=5), TODAY)
    assert "5" in failure.message_zh and "at most 5" in failure.message_en


def test_r_u04_an_employer_change_into_a_branch_is_judged_like_a_new_case() -> None:
    """Spec 1.1: the change brings the permit into the filing unit, so it is the 6th that is refused."""
    assert "R-U04" in rules_for("employer_change")

    def change(held: int):
        branch = unit_facts(entity_type="branch", permit_cap=5, permits_held=held)
        return case_facts("employer_change", case_data("employer_change", TODAY), unit=branch)

    assert failures_of("R-U04", change(4), TODAY) == []
    [failure] = failures_of("R-U04", change(5), TODAY)
    assert "聘用单位变更" in failure.message_zh and "employer change" in failure.message_en


def test_r_u04_raised_cap_allows_more() -> None:
    assert failures_of("R-U04", with_unit(entity_type="branch", permit_cap=8, permits_held=7), TODAY) == []


def test_r_u04_no_cap_means_no_limit() -> None:
    assert failures_of("R-U04", with_unit(permit_cap=None, permits_held=500), TODAY) == []


def test_r_u05_frozen_unit_fails_the_registered_check() -> None:
    [failure] = failures_of("R-U05", with_unit(status="frozen"), TODAY)
    assert failure.rule == "R-U05"
    assert failures_of("R-U03", with_unit(status="frozen"), TODAY) == []  # frozen is R-U05's, not R-U03's


def test_r_u05_guard_raises_423_for_a_frozen_unit() -> None:
    with pytest.raises(UnitFrozen) as raised:
        ensure_not_frozen("frozen")
    assert raised.value.status == 423
    assert [e.rule for e in raised.value.errors] == ["R-U05"]
    assert raised.value.errors[0].as_dict()["message_en"]


@pytest.mark.parametrize("status", ["active", "pending", "rejected"])
def test_r_u05_guard_lets_other_statuses_through(status: str) -> None:
    ensure_not_frozen(status)


def test_r_u06_suspended_unit_cannot_submit_new() -> None:
    [failure] = failures_of("R-U06", with_unit(new_applications_blocked=True), TODAY)
    assert failure.rule == "R-U06"
    assert failures_of("R-U06", with_unit(new_applications_blocked=False), TODAY) == []


def test_r_u07_disqualified_unit_cannot_submit_new() -> None:
    [failure] = failures_of("R-U07", with_unit(disqualified=True), TODAY)
    assert "注销" in failure.message_zh and "cancellations" in failure.message_en
    assert failures_of("R-U07", with_unit(disqualified=False), TODAY) == []
