"""The registry and evaluate(): every failure at once, both languages, seeds as in rules.md."""

import datetime as dt
import re
from pathlib import Path

import pytest

from rules.engine import REGISTRY, evaluate
from rules.facts import NewCaseFacts
from rules.tests.builders import new_facts, unit_facts
from rules.types import REGISTRATION_RULES, RULES_BY_TYPE, rules_for

TODAY = dt.date(2026, 6, 15)
RULES_MD = Path(__file__).resolve().parents[3] / "shared" / "spec" / "rules.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_good_new_case_is_eligible() -> None:
    result = evaluate(rules_for("new"), new_facts(TODAY), TODAY)
    assert result.failures == [] and result.eligible
    assert result.as_dict() == {"eligible": True, "failures": []}


def test_evaluate_returns_every_failure_at_once() -> None:
    data = new_facts(TODAY).data
    data["person"]["shortage_catalogue_code"] = "NOPE"
    facts = new_facts(TODAY, data, has_photo=False, applicant_disqualified=True,
                      applicant_has_live_permit=True, unit=unit_facts(new_applications_blocked=True))
    result = evaluate(rules_for("new"), facts, TODAY)
    assert [f.rule for f in result.failures] == ["R-U06", "R-P07", "R-P08", "R-P10", "R-W09"]
    assert not result.eligible
    assert [f["rule"] for f in result.as_dict()["failures"]] == ["R-U06", "R-P07", "R-P08", "R-P10", "R-W09"]


def empty_draft() -> NewCaseFacts:
    return new_facts(TODAY, {}, has_photo=False, shortage_codes=frozenset())


def test_an_empty_draft_says_what_is_missing_with_a_field() -> None:
    failures = evaluate(rules_for("new"), empty_draft(), TODAY).failures
    assert {f.rule for f in failures} == {"R-P01", "R-P02", "R-P03", "R-P04", "R-P05", "R-P06", "R-P09",
                                         "R-P10", "R-W09"}
    assert all(f.field for f in failures)


def test_messages_exist_in_chinese_and_english() -> None:
    facts = new_facts(TODAY, {}, has_photo=False, applicant_disqualified=True, applicant_has_live_permit=True,
                      applicant_other_open_new_case=True,
                      unit=unit_facts(status="pending", new_applications_blocked=True, disqualified=True,
                                      permit_cap=5, permits_held=5))
    failures = evaluate(rules_for("new"), facts, TODAY).failures
    assert len(failures) >= 15
    for failure in failures:
        assert CJK.search(failure.message_zh), failure
        assert failure.message_en.isascii() or not CJK.search(failure.message_en), failure
        assert failure.message_en[0].isupper(), failure


def test_failure_message_follows_the_active_language() -> None:
    from django.utils import translation

    [failure] = evaluate(["R-W09"], new_facts(TODAY, has_photo=False), TODAY).failures
    with translation.override("en"):
        assert failure.message == failure.message_en
        assert failure.as_error_item().as_dict()["message"] == failure.message_en
    with translation.override("zh-hans"):
        assert failure.as_dict()["message"] == failure.message_zh


def test_every_rule_of_every_list_is_registered_with_titles() -> None:
    for rule_id in [*REGISTRATION_RULES, *(r for ids in RULES_BY_TYPE.values() for r in ids)]:
        registered = REGISTRY[rule_id]
        assert registered.seed and CJK.search(registered.title_zh) and registered.title_en


def test_rules_for_an_unknown_type_raises() -> None:
    with pytest.raises(LookupError):
        rules_for("teleport")


@pytest.mark.skipif(not RULES_MD.exists(), reason="the spec folder is not beside the repository")
def test_registered_seeds_cite_the_seed_column_of_rules_md() -> None:
    table = RULES_MD.read_text(encoding="utf-8")
    seeds = dict(re.findall(r"^\| (R-[A-Z]+\d+) \| .* \| (.+?) \|$", table, re.M))
    for rule_id, registered in REGISTRY.items():
        assert registered.seed == seeds[rule_id], rule_id
