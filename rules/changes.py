"""Change rules (rules.md "Changes"): employer change R-E01…R-E03, address change R-A01, general
change R-G01, replacement R-X01 and unit-information change R-UI01. Each judges a `CaseFacts` of its
type (data as api.md "Fields by type") as of `today`, the submission date.
"""

import datetime as dt
from typing import Any

from core.dates import add_months
from rules.data import (
    DISTRICT_CODES,
    date_of,
    id_number_failures,
    missing,
    no_permit,
    residence_failures,
    section,
    text,
)
from rules.engine import Failure, fail, rule
from rules.facts import CaseFacts
from rules.states import CANCEL_LEFT, PermitStatus, UnitStatus
from rules.validators import uscc_problem

EMPLOYER_CHANGE_DAYS = 60  # R-E01, R-E03
LEASE_MONTHS = 3  # R-A01
GENERAL_CHANGE_FIELDS = ("name", "id_number", "hukou")  # R-G01, api.md general_change.changes
REPLACEMENT_REASONS = ("lost", "damaged", "other")  # R-X01
# R-UI01, api.md unit_info_change.changes
UNIT_INFO_FIELDS = ("name", "address", "district", "legal_representative", "uscc", "registered_capital_cny",
                    "high_tech")
GENERAL_CHANGE_ZH = {"name": "姓名", "id_number": "身份证号码", "hukou": "户籍所在地"}
GENERAL_CHANGE_EN = {"name": "name", "id_number": "ID card number", "hukou": "hukou location"}
UNIT_INFO_ZH = {"name": "单位名称", "address": "单位地址", "district": "注册所在区",
                "legal_representative": "法定代表人", "uscc": "统一社会信用代码",
                "registered_capital_cny": "注册资本", "high_tech": "高新技术企业资格"}
UNIT_INFO_EN = {"name": "name", "address": "address", "district": "registration district",
                "legal_representative": "legal representative", "uscc": "unified social credit code",
                "registered_capital_cny": "registered capital", "high_tech": "high-tech status"}


def given_fields(changes: dict[str, Any] | None, allowed: tuple[str, ...]) -> list[str]:
    """The `allowed` fields a `changes` section gives a value: not missing, not null, not blank text
    (False and 0 are values). For R-G01, R-UI01 and their checklist items."""
    out: list[str] = []
    for key in allowed:
        value = (changes or {}).get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            out.append(key)
    return out


def _unknown_fields(rule_id: str, changes: dict[str, Any], labels_zh: dict[str, str],
                    labels_en: dict[str, str], what_zh: str, what_en: str) -> list[Failure]:
    """A failure for each key of `changes` that is not one of the fields the change may change."""
    allowed_zh, allowed_en = "、".join(labels_zh.values()), ", ".join(labels_en.values())
    return [fail(rule_id, f"{what_zh}只能变更{allowed_zh}，“{key}”不能通过本业务变更",
                 f"{what_en} may change only the {allowed_en}; “{key}” cannot be changed this way",
                 f"changes.{key}")
            for key in changes if key not in labels_zh]


# Employer change (聘用单位变更) ---------------------------------------------------------------------

def employer_change_deadline(left_previous_on: dt.date) -> dt.date:
    """R-E01: the last day the new unit may file, 60 days after the holder left the former unit."""
    return left_previous_on + dt.timedelta(days=EMPLOYER_CHANGE_DAYS)


@rule("R-E01", seed="篇2 聘用单位变更 一.1", zh="新单位须在持证人离开原单位之日起60日内办理聘用单位变更",
      en="The new unit files the employer change within 60 days of the day the holder left the former unit")
def r_e01_within_60_days(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """The move from the former unit to the new one: the day the holder left it, and the new unit's
    contract with the holder (EMP-03, api.md `employment`: its start and end dates), which a draft
    may lack but a submission may not (issue 13: without them the panel said every condition held)."""
    return [*_new_contract_missing(facts), *_left_within_60_days(facts, today)]


NEW_CONTRACT = (("started_on", "与本单位的入职日期", "The start date of the employment with this unit"),
                ("contract_ends_on", "与本单位的劳动合同截止日期",
                 "The end date of the labour contract with this unit"))


def _new_contract_missing(facts: CaseFacts) -> list[Failure]:
    employment = section(facts.data, "employment")
    return [missing("R-E01", f"employment.{key}", zh, en)
            for key, zh, en in NEW_CONTRACT if date_of(employment, key) is None]


def _left_within_60_days(facts: CaseFacts, today: dt.date) -> list[Failure]:
    left = date_of(facts.data, "left_previous_on")
    if left is None:
        return [missing("R-E01", "left_previous_on", "持证人离开原单位的日期",
                        "The date the holder left the former unit")]
    if left > today:
        return [fail("R-E01", f"离开原单位的日期{left}晚于提交日（{today}）：须在持证人离开原单位之后才能办理"
                              "聘用单位变更",
                     f"The date the holder left the former unit, {left}, is after the submission date "
                     f"({today}); an employer change is filed only after the holder has left",
                     "left_previous_on")]
    deadline = employer_change_deadline(left)
    if today <= deadline:
        return []
    return [fail("R-E01", f"聘用单位变更须在持证人离开原单位之日起60日内提交：离职日期为{left}，"
                          f"最迟应于{deadline}提交，已逾期{(today - deadline).days}天",
                 f"An employer change must be filed within 60 days of leaving the former unit: the holder "
                 f"left on {left}, so the last day was {deadline} ({(today - deadline).days} days ago)",
                 "left_previous_on")]


@rule("R-E02", seed="篇2 聘用单位变更 注", zh="新单位须已注册且状态正常",
      en="The new unit must be registered and active")
def r_e02_new_unit_active(facts: CaseFacts, today: dt.date) -> list[Failure]:
    status = facts.unit.status
    if status == UnitStatus.ACTIVE:
        return []
    label = UnitStatus(status).label if status in UnitStatus.values else status
    return [fail("R-E02", f"新聘用单位须先完成注册（经区里核验）并处于正常状态，才能办理聘用单位变更；"
                          f"本单位当前状态为“{label}”",
                 f"The new unit must be registered, verified by the district and active before it can file "
                 f"an employer change; its status is {status}")]


@rule("R-E03", seed="篇2 聘用单位变更; R-C01",
      zh="证件有效，或因离职注销未满60日且未过失效日（有效期满后一个月）",
      en="The permit is valid, or was cancelled for leaving employment within the last 60 days and is not "
         "past its lapse date (expiry + 1 month)")
def r_e03_permit_movable(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """`today` is the submission date, at the decision too (`cases.services.judged_on`): the 60 days
    count to it. The lapse date (R-V02) is judged on it and, through `past_lapse_date`, on the day
    the facts were read — the decision's — since a permit lapsed meanwhile is final: an approval
    cannot bring it back, though a cancelled permit reads `cancelled` before `lapsed`."""
    permit = facts.permit
    if permit is None:
        return [no_permit("R-E03", facts.data)]
    out: list[Failure] = []
    if permit.unit_id == facts.unit_id:
        out.append(fail("R-E03", "该工作居住证已属于本单位，不需要办理聘用单位变更",
                        "The permit already belongs to this unit; there is no employer to change",
                        "permit_no"))
    if permit.status == PermitStatus.VALID:
        return out
    cancelled_on = permit.cancelled_on
    if permit.status == PermitStatus.CANCELLED and permit.cancel_reason == CANCEL_LEFT and cancelled_on:
        last = cancelled_on + dt.timedelta(days=EMPLOYER_CHANGE_DAYS)
        if today > last:
            out.append(fail("R-E03", f"该证因持证人离职已于{cancelled_on}注销，注销超过60日（最迟{last}）"
                                     "不能再办理聘用单位变更，只能重新办理新办申请",
                            f"The permit was cancelled on {cancelled_on} because the holder left; more than "
                            f"60 days have passed (the last day was {last}), so it can no longer move to a "
                            "new unit — only a new application is possible", "permit_no"))
        lapses = add_months(permit.expiry_date, 1)
        if permit.past_lapse_date or today > lapses:
            out.append(fail("R-E03", f"该证有效期至{permit.expiry_date}，"
                                     f"期满一个月后（{lapses}之后）已自然失效，"
                                     "注销后不能再办理聘用单位变更，只能重新办理新办申请",
                            f"The permit expired on {permit.expiry_date} and lapsed a month later (after "
                            f"{lapses}); cancelled, it can no longer move to a new unit — only a new "
                            "application is possible", "permit_no"))
        return out
    if permit.status == PermitStatus.CANCELLED:
        out.append(fail("R-E03", "该证已被注销（非因离职注销），不能办理聘用单位变更",
                        "The permit was cancelled for a reason other than leaving employment, so it cannot "
                        "move to a new unit", "permit_no"))
        return out
    label = PermitStatus(permit.status).label if permit.status in PermitStatus.values else permit.status
    out.append(fail("R-E03", f"该证当前状态为“{label}”：只有有效的证件，"
                             "或因离职注销未满60日且未过失效日的证件，才能办理聘用单位变更",
                    f"The permit is {permit.status}: only a valid permit, or one cancelled for leaving "
                    "employment within the last 60 days and not past its lapse date, can move to a new unit",
                    "permit_no"))
    return out


# Address change (居住地址变更) -----------------------------------------------------------------------

@rule("R-A01", seed="篇2 居住地址变更 二(2)", zh="新的固定住所证明；租赁的租约至少还有3个月",
      en="A new fixed-residence proof; a rented residence needs a lease valid for at least 3 more months")
def r_a01_new_residence(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """Complete (address, district code, housing type); a `rented` residence needs a lease ending on
    or after today + 3 calendar months, and so does a `public_rented` one whose lease end is given."""
    residence = section(facts.data, "residence")
    out = residence_failures("R-A01", residence)
    if residence is None:
        return out
    housing = residence.get("housing_type")
    lease_end = date_of(residence, "lease_ends_on")
    if housing == "rented" and lease_end is None:
        out.append(missing("R-A01", "residence.lease_ends_on", "租赁协议到期日", "The lease end date"))
    elif housing in ("rented", "public_rented") and lease_end is not None:
        earliest = add_months(today, LEASE_MONTHS)
        if lease_end < earliest:
            out.append(fail("R-A01", f"租赁协议自提交日起须至少还有3个月有效期：租约到期日为{lease_end}，"
                                     f"须不早于{earliest}",
                            f"The lease must run for at least 3 more months from the submission date: it "
                            f"ends on {lease_end} and must end on or after {earliest}",
                            "residence.lease_ends_on"))
    return out


# General change (一般资料变更) -----------------------------------------------------------------------

# R-G01: what a permit that is not valid needs first, to be valid again
NOT_VALID_HINT: dict[str, tuple[str, str]] = {
    PermitStatus.FROZEN: ("请先由区人力资源和社会保障局解冻（R-I05）",
                          "have the district unfreeze it first (R-I05)"),
    PermitStatus.EXPIRED: ("请先办理续签（R-R01）", "renew it first (R-R01)"),
}


@rule("R-G01", seed="篇2 一般资料变更",
      zh="证件有效期间可申请一般资料变更，变更身份证号码、户籍所在地或姓名；新身份证号码须有效",
      en="While the permit is valid, a general change changes the ID number, hukou location or name; a "
         "new ID number must be valid")
def r_g01_general_change(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """The permit is valid (有效期间: not frozen, expired, lapsed or cancelled) on the day the facts
    were read: at submission and again at the district's decision (rules.types.RULES_AT_DECISION),
    since the change is made then. At least one of name, id_number, hukou given; a new name equal
    to the holder's present name is not a change; a new ID number must pass R-P09 (reported here,
    as R-G01)."""
    out: list[Failure] = []
    permit = facts.permit
    if permit is not None and permit.status != PermitStatus.VALID:
        label = PermitStatus(permit.status).label if permit.status in PermitStatus.values else permit.status
        hint_zh, hint_en = NOT_VALID_HINT.get(permit.status, ("", ""))
        out.append(fail("R-G01", f"一般资料变更只能在证件有效期间办理：该证当前状态为“{label}”"
                                 + (f"，{hint_zh}" if hint_zh else ""),
                        f"A general change is made only while the permit is valid; it is {permit.status}"
                        + (f": {hint_en}" if hint_en else ""), "permit_no"))
    changes = section(facts.data, "changes")
    if changes is None:
        return [*out, missing("R-G01", "changes", "变更内容", "What changes")]
    out += _unknown_fields("R-G01", changes, GENERAL_CHANGE_ZH, GENERAL_CHANGE_EN, "一般资料变更",
                           "A general change")
    given = given_fields(changes, GENERAL_CHANGE_FIELDS)
    if "name" in given and facts.permit is not None and text(changes, "name") == facts.permit.holder_name:
        given.remove("name")
    if not given:
        out.append(fail("R-G01", "没有要变更的内容：请至少填写变更后的姓名、身份证号码或户籍所在地中的一项"
                                 "（与现有资料相同的不算变更）",
                        "Nothing changes: give at least one of the new name, ID card number or hukou "
                        "location (a value equal to the present one is not a change)", "changes"))
    if "id_number" in given:
        number = changes["id_number"]
        person = {"id_number": number.strip() if isinstance(number, str) else number}
        out += id_number_failures("R-G01", "changes", "变更后的身份证号码", "The new ID card number", person)
    return out


# Replacement (证件补办) ------------------------------------------------------------------------------

@rule("R-X01", seed="篇2 证件补办", zh="补办须说明原因（遗失、损坏或其他）",
      en="A replacement states the reason (lost, damaged or other)")
def r_x01_reason(facts: CaseFacts, today: dt.date) -> list[Failure]:
    reason = facts.data.get("reason")
    if not reason:
        return [missing("R-X01", "reason", "补办原因", "The reason for the replacement")]
    if reason not in REPLACEMENT_REASONS:
        return [fail("R-X01", "补办原因须为遗失、损坏或其他之一",
                     "The reason for a replacement must be lost, damaged or other", "reason")]
    if reason == "other" and not text(facts.data, "reason_detail"):
        return [fail("R-X01", "补办原因为“其他”的，须写明具体原因",
                     "When the reason is “other”, describe it in the reason detail", "reason_detail")]
    return []


# Unit-information change (单位信息变更) ---------------------------------------------------------------

def _unit_value_problem(key: str, value: Any) -> tuple[str, str] | None:
    """What is wrong with a new value of unit field `key` (None when it is acceptable)."""
    if key in ("name", "address", "legal_representative"):
        return None if isinstance(value, str) else (f"{UNIT_INFO_ZH[key]}须为文字", f"the {key} must be text")
    if key == "uscc":
        if not isinstance(value, str):
            return "统一社会信用代码须为文字", "the unified social credit code must be text"
        return uscc_problem(value.strip().upper())
    if key == "district":
        if value in DISTRICT_CODES:
            return None
        return ("注册所在区须为北京市的一个区（含经济技术开发区）",
                "the district must be one of Beijing's districts (or the ETDZ)")
    if key == "registered_capital_cny":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return None
        return ("注册资本须为不小于0的整数（元）",
                "the registered capital must be a whole number of yuan, 0 or more")
    if isinstance(value, bool):  # high_tech
        return None
    return "高新技术企业资格须为是或否", "the high-tech status must be true or false"


def _normalised(key: str, value: Any) -> Any:
    if key == "uscc" and isinstance(value, str):
        return value.strip().upper()
    return value.strip() if isinstance(value, str) else value


def unit_info_changes(changes: dict[str, Any] | None, current_unit: dict[str, Any]) -> dict[str, Any]:
    """The fields of a unit-information change whose given value differs from the unit's present one
    (`current_unit`, by api field name), with their new values."""
    out: dict[str, Any] = {}
    for key in given_fields(changes, UNIT_INFO_FIELDS):
        new = _normalised(key, (changes or {})[key])
        if new != _normalised(key, current_unit.get(key)):
            out[key] = new
    return out


@rule("R-UI01", seed="篇2 单位信息变更",
      zh="单位信息变更可变更名称、地址、注册所在区、法定代表人、统一社会信用代码、注册资本和高新技术企业资格",
      en="A unit-information change may change the name, address, registration district, legal "
         "representative, USCC, registered capital and high-tech status")
def r_ui01_unit_info(facts: CaseFacts, today: dt.date) -> list[Failure]:
    changes = section(facts.data, "changes")
    if changes is None:
        return [missing("R-UI01", "changes", "变更内容", "What changes")]
    out = _unknown_fields("R-UI01", changes, UNIT_INFO_ZH, UNIT_INFO_EN, "单位信息变更",
                          "A unit-information change")
    given = given_fields(changes, UNIT_INFO_FIELDS)
    for key in given:
        problem = _unit_value_problem(key, changes[key])
        if problem:
            out.append(fail("R-UI01", f"变更后的{UNIT_INFO_ZH[key]}不正确：{problem[0]}",
                            f"The new {UNIT_INFO_EN[key]} is not right: {problem[1]}", f"changes.{key}"))
    if not given:
        out.append(fail("R-UI01", "请至少填写一项要变更的单位信息",
                        "Give at least one item of unit information to change", "changes"))
    elif not out and not unit_info_changes(changes, facts.current_unit):
        same_zh = "、".join(UNIT_INFO_ZH[k] for k in given)
        out.append(fail("R-UI01", f"没有实际变更的内容：填写的{same_zh}与单位现有信息相同",
                        f"Nothing changes: the {', '.join(UNIT_INFO_EN[k] for k in given)} given "
                        "equal the unit's present information", "changes"))
    return out
