"""The rules engine: one registered pure function per rule ID of ../shared/spec/rules.md.

A check takes the facts of one case (a plain dataclass, built by cases.facts from the database)
and `today`, and returns the failures it finds (empty when the rule holds). `evaluate()` runs the
rules of a case type and returns *every* failure. Adding a case type is adding its rules to
`RULES_BY_TYPE`; no other type is touched.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from core.errors import ErrorItem


@dataclass(frozen=True)
class Failure:
    rule: str
    message_zh: str
    message_en: str
    field: str | None = None

    @property
    def message(self) -> str:
        lang = (get_language() or "zh-hans").lower()
        return self.message_en if lang.startswith("en") else self.message_zh

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "message": self.message,
                               "message_zh": self.message_zh, "message_en": self.message_en}
        if self.field:
            out["field"] = self.field
        return out

    def as_error_item(self) -> ErrorItem:
        """For a 4xx problem+json `errors` item (core.errors), both languages included."""
        return ErrorItem(self.message, self.rule, self.field,
                         {"message_zh": self.message_zh, "message_en": self.message_en})


Check = Callable[[Any, dt.date], list[Failure]]


@dataclass(frozen=True)
class Rule:
    id: str
    seed: str
    title_zh: str
    title_en: str
    check: Check


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, *, seed: str, zh: str, en: str) -> Callable[[Check], Check]:
    """Register `check` as the one place that enforces `rule_id`."""

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise RuntimeError(f"{rule_id} is registered twice")
        REGISTRY[rule_id] = Rule(rule_id, seed, zh, en, check)
        return check

    return register


def fail(rule_id: str, zh: str, en: str, field: str | None = None) -> Failure:
    return Failure(rule_id, zh, en, field)


@dataclass
class Eligibility:
    failures: list[Failure] = field(default_factory=list)
    needs_discretion: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"eligible": self.eligible, "failures": [f.as_dict() for f in self.failures]}
        if self.needs_discretion:
            out["needs_discretion"] = self.needs_discretion
        return out


def evaluate(rule_ids: Iterable[str], facts: Any, today: dt.date) -> Eligibility:
    result = Eligibility()
    for rule_id in rule_ids:
        result.failures.extend(REGISTRY[rule_id].check(facts, today))
    needs = getattr(facts, "needs_discretion", None)
    if callable(needs):
        result.needs_discretion = needs(today)
    return result
