"""Unit rules R-U01…R-U07 (rules.md "Units").

R-U01/R-U02 judge a `RegistrationFacts`; R-U03…R-U07 judge the `unit` of a case's facts (a
`NewCaseFacts` or a `CaseFacts`, whose `unit` is the filing unit) or a `UnitFacts` itself. R-U07
lets a cancellation through (`CaseFacts.case_type`). R-U05 is also a guard: `ensure_not_frozen`
raises 423 before anything changes.
"""

import datetime as dt
from typing import Any

from core.errors import UnitFrozen
from reference.models import EntityType
from rules.engine import Failure, fail, rule
from rules.facts import RegistrationFacts, UnitFacts
from rules.states import UnitStatus
from rules.validators import uscc_problem


def _unit(facts: Any) -> UnitFacts:
    return facts if isinstance(facts, UnitFacts) else facts.unit


@rule("R-U01", seed="篇2 申请单位资格要求; policy 三", zh="单位类型须为可注册的五类之一",
      en="Only the five eligible entity types may register")
def r_u01_entity_type(facts: RegistrationFacts, today: dt.date) -> list[Failure]:
    if facts.entity_type in EntityType.values:
        return []
    allowed_zh = "、".join(str(label) for label in EntityType.labels)
    return [fail("R-U01", f"该单位类型不能注册，只有以下单位可以注册：{allowed_zh}",
                 "This kind of entity may not register; only an enterprise legal person, a public "
                 "institution legal person, a private non-enterprise unit (legal person), a social "
                 "organisation legal person, or a non-legal-person branch in Beijing of a foreign or "
                 "out-of-town entity may", "entity_type")]


@rule("R-U02", seed="system rule", zh="统一社会信用代码须符合GB 32100（18位，校验位正确）",
      en="The unified social credit code must follow GB 32100 (18 characters, correct check character)")
def r_u02_uscc(facts: RegistrationFacts, today: dt.date) -> list[Failure]:
    problem = uscc_problem(facts.uscc or "")
    return [fail("R-U02", *problem, "uscc")] if problem else []


@rule("R-U03", seed="篇1 企业注册 一.2", zh="单位注册经区里现场核验后才能申请",
      en="A unit can apply only after the district has verified its registration")
def r_u03_verified(facts: Any, today: dt.date) -> list[Failure]:
    return unverified_failures(_unit(facts).status)


def unverified_failures(status: str) -> list[Failure]:
    """R-U03 on the unit's status alone (the annual inspection's check, which needs no more facts)."""
    if status == UnitStatus.PENDING:
        return [fail("R-U03", "单位注册尚未经区人力资源和社会保障局现场核验材料，核验通过后才能提交申请",
                     "The unit's registration has not been verified at the district window yet; it can "
                     "apply only after the district has checked its paper materials")]
    if status == UnitStatus.REJECTED:
        return [fail("R-U03", "单位注册未通过区人力资源和社会保障局核验，不能提交申请",
                     "The district refused the unit's registration, so it cannot apply")]
    return []  # active; frozen is R-U05


@rule("R-U04", seed="篇2 申请单位资格要求 (原则上不超过5人)", zh="非法人分支机构持证人数有上限",
      en="A branch may hold only a limited number of permits")
def r_u04_branch_cap(facts: Any, today: dt.date) -> list[Failure]:
    """Judged for a `new` case and an employer change into the unit: the submission that would make
    one more than the cap (`permits_held` counts submitted cases only; drafts block nobody)."""
    unit = _unit(facts)
    if unit.permit_cap is None or unit.permits_held + 1 <= unit.permit_cap:
        return []
    cap, held = unit.permit_cap, unit.permits_held
    return [fail("R-U04", f"本单位持证人数上限为{cap}人，已有{held}人（有效证件及已提交、在办的新办和"
                          "聘用单位变更申请），不能再提交新办或转入本单位的聘用单位变更申请",
                 f"This unit may hold at most {cap} permits and already has {held} (live permits and "
                 "submitted, still open new applications and employer changes into it), so it cannot "
                 "submit another new application or employer change into it")]


@rule("R-U05", seed="篇2 年检 (冻结状态下申请单位将无法使用系统)", zh="冻结的单位不能提交、修改或撤回",
      en="A frozen unit cannot submit, change or withdraw anything")
def r_u05_frozen(facts: Any, today: dt.date) -> list[Failure]:
    return _frozen_failures(_unit(facts).status)


def _frozen_failures(status: str) -> list[Failure]:
    if status != UnitStatus.FROZEN:
        return []
    return [fail("R-U05", "单位因未按时年检已被冻结，解冻前只能查看，不能提交、修改或撤回；"
                          "请持营业执照到区人力资源和社会保障局办理解冻",
                 "The unit is frozen for a missed annual inspection: until the district unfreezes it "
                 "(bring the business licence to the window) it can only read, not submit, change or "
                 "withdraw")]


def ensure_not_frozen(status: str) -> None:
    """R-U05 guard for every write by a unit, given the unit's status on the day
    (`Unit.status_on`, which is `frozen` from 2 May on for a missed unit inspection, R-I02, even
    before the daily job ran): raises core.errors.UnitFrozen (423)."""
    failures = _frozen_failures(status)
    if failures:
        raise UnitFrozen(failures[0].message, [f.as_error_item() for f in failures])


@rule("R-U06", seed="篇2 黑名单", zh="申请权限被暂停的单位不能提交新办申请",
      en="A unit whose application permission is suspended cannot submit new applications")
def r_u06_suspended(facts: Any, today: dt.date) -> list[Failure]:
    if not _unit(facts).new_applications_blocked:
        return []
    return [fail("R-U06", "本单位的新办申请权限已被暂停，暂不能提交新办申请"
                          "（已有证件仍有效，续签和变更业务不受影响）",
                 "This unit's permission to file new applications is suspended; its permits stay valid "
                 "and it may still file renewals and changes")]


@rule("R-U07", seed="篇2 黑名单", zh="被取消申报资格的单位只能办理注销",
      en="A disqualified unit may file nothing but cancellations")
def r_u07_disqualified(facts: Any, today: dt.date) -> list[Failure]:
    if not _unit(facts).disqualified or getattr(facts, "case_type", None) == "cancellation":
        return []
    return [fail("R-U07", "本单位已被取消申报资格，只能办理注销业务",
                 "This unit has been disqualified and may file nothing but cancellations")]
