"""Applicant rules for a new permit, R-P01…R-P10 (rules.md "Applicant for a new permit (新办)").

Each judges a `NewCaseFacts` as of `today`, the submission date; R-P09 also judges the operator's
ID number of a `RegistrationFacts` and the dependents' ID numbers of a `dependents_change`
(`CaseFacts`). R-P03(c) is never decided here: `needs_discretion` flags it and
`approval_failures` refuses a city approval that does not confirm it.
"""

import datetime as dt
from typing import Any

from core.dates import add_months, add_years, age_on, months_before
from rules.data import (
    birth_and_sex,
    children,
    date_of,
    id_number_failures,
    missing,
    residence_failures,
    section,
    spouse,
    text,
)
from rules.engine import Failure, fail, rule
from rules.facts import CaseFacts, NewCaseFacts, RegistrationFacts

AGE_LIMIT = {"M": 60, "F": 55}  # R-P01, 周岁
DEGREES_A = ("bachelor", "master", "doctor")  # R-P03(a)
TITLES_B = ("intermediate", "deputy_senior", "senior")  # R-P03(b)


def _person_missing(rule_id: str) -> Failure:
    return missing(rule_id, "person", "申请人基本信息", "The applicant's details")


@rule("R-P01", seed="篇2 申请人资格要求", zh="男性不超过60周岁，女性不超过55周岁",
      en="A man is at most 60 and a woman at most 55 years old")
def r_p01_age(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    person = section(facts.data, "person")
    if person is None:
        return [_person_missing("R-P01")]
    birth, sex = birth_and_sex(person)
    if birth is None or sex is None:
        return [fail("R-P01", "无法确定申请人的出生日期和性别，请填写有效的身份证号码",
                     "The applicant's birth date and sex cannot be told; enter a valid ID card number",
                     "person.id_number")]
    age, limit = age_on(birth, today), AGE_LIMIT[sex]
    if age <= limit:
        return []
    zh_sex, en_sex = ("男性", "a man") if sex == "M" else ("女性", "a woman")
    field = "person.birth_date" if date_of(person, "birth_date") else "person.id_number"
    return [fail("R-P01", f"申请人为{zh_sex}，提交日（{today}）已满{age}周岁，超过{limit}周岁的年龄上限",
                 f"The applicant, {en_sex}, is {age} years old on the submission date ({today}); "
                 f"the limit is {limit}", field)]


@rule("R-P02", seed="篇2 申请人资格要求", zh="在申请单位连续聘用满6个月",
      en="Employed by the applying unit for at least 6 months")
def r_p02_employed_six_months(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    employment = section(facts.data, "employment")
    if employment is None:
        return [missing("R-P02", "employment", "聘用信息", "The employment details")]
    started = date_of(employment, "started_on")
    if started is None:
        return [missing("R-P02", "employment.started_on", "聘用开始日期", "The employment start date")]
    latest = add_months(today, -6)
    if started <= latest:
        return []
    return [fail("R-P02", f"申请人须在本单位连续聘用满6个月：聘用开始日期为{started}，须不晚于{latest}",
                 f"The applicant must have been employed by the unit for 6 months: employment began on "
                 f"{started} and must begin on or before {latest}", "employment.started_on")]


def _qualifications(person: dict[str, Any], today: dt.date) -> tuple[bool, bool]:
    """(a) or (b) of R-P03, and (c): a special-talent claim with a justification."""
    work_started = date_of(person, "work_started_on")
    experienced = work_started is not None and work_started <= add_years(today, -2)
    a = person.get("degree") in DEGREES_A and experienced
    b = person.get("title_level") in TITLES_B
    return a or b, bool(text(person, "special_talent_justification"))


@rule("R-P03", seed="policy 三; 篇2 申请人资格要求",
      zh="学士以上学位且2年以上工作经历，或中级以上职称，或特殊人才（须市级审批确认）",
      en="A bachelor's degree or higher and 2 years' work, or an intermediate or higher title, "
         "or a special-talent claim confirmed by the city")
def r_p03_qualification(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    person = section(facts.data, "person")
    if person is None:
        return [_person_missing("R-P03")]
    a_or_b, c = _qualifications(person, today)
    if a_or_b or c:
        return []
    return [fail("R-P03", f"申请人不符合以下任一条件：（1）学士及以上学位且具有2年以上工作经历"
                          f"（参加工作日期不晚于{add_years(today, -2)}）；（2）中级及以上专业技术职称；"
                          "（3）突出贡献或紧缺急需的特殊人才（须填写书面理由）",
                 "The applicant meets none of: (1) a bachelor's degree or higher and at least 2 years of "
                 f"work (work began on or before {add_years(today, -2)}); (2) an intermediate or higher "
                 "professional title; (3) a special-talent claim with a written justification", "person")]


def needs_discretion(facts: NewCaseFacts, today: dt.date) -> list[str]:
    """["R-P03"] while eligibility rests on R-P03(c) alone and the city has not confirmed it."""
    person = section(facts.data, "person")
    if person is None or facts.special_talent_confirmed:
        return []
    a_or_b, c = _qualifications(person, today)
    return ["R-P03"] if c and not a_or_b else []


def approval_failures(facts: NewCaseFacts, today: dt.date, confirm_special_talent: bool) -> list[Failure]:
    """R-P03 at city approval: a case resting on (c) alone needs `confirm_special_talent`."""
    person = section(facts.data, "person")
    if person is None:
        return [_person_missing("R-P03")]
    a_or_b, c = _qualifications(person, today)
    if a_or_b or (c and confirm_special_talent):
        return []
    if c:
        return [fail("R-P03", "该申请人仅以特殊人才（突出贡献或紧缺急需）条件申请，"
                              "须由市级审批人员明确确认后才能批准",
                     "This applicant qualifies only by a special-talent claim; the city approver must "
                     "confirm it explicitly to approve", "confirm_special_talent")]
    return r_p03_qualification(facts, today)


@rule("R-P04", seed="policy 三; 篇2 新办 二.5", zh="在京有固定住所；租赁的租约未到期",
      en="A fixed residence in Beijing; a rented one needs a lease that has not ended")
def r_p04_residence(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    residence = section(facts.data, "residence")
    out = residence_failures("R-P04", residence)
    if residence is not None and residence.get("housing_type") == "rented":
        lease_end = date_of(residence, "lease_ends_on")
        if lease_end is None:
            out.append(missing("R-P04", "residence.lease_ends_on", "租赁合同到期日", "The lease end date"))
        elif lease_end < today:
            out.append(fail("R-P04", f"租赁合同已于{lease_end}到期，请提供未到期的租赁合同",
                            f"The lease ended on {lease_end}; a lease that has not ended is needed",
                            "residence.lease_ends_on"))
    return out


def _paid_by_unit(rule_id: str, facts: NewCaseFacts, today: dt.date, key: str, zh: str,
                  en: str) -> list[Failure]:
    """R-P05/R-P06: every one of the 6 months before the submission month paid by the unit itself."""
    months = facts.data.get(key)
    if not isinstance(months, list):
        return [missing(rule_id, key, f"{zh}缴纳月份", f"The months of {en}")]
    entries = [m for m in months if isinstance(m, dict)]
    by_unit = {m.get("month") for m in entries if m.get("payer") == "unit"}
    by_agency = {m.get("month") for m in entries if m.get("payer") == "agency"}
    wanted = months_before(today, 6)
    lacking = [m for m in wanted if m not in by_unit]
    if not lacking:
        return []
    agency = [m for m in lacking if m in by_agency]
    zh_msg = (f"须由申请单位为申请人缴纳提交月之前6个月（{wanted[0]}至{wanted[-1]}）的{zh}，"
              f"以下月份没有由本单位缴纳：{'、'.join(lacking)}")
    en_msg = (f"The applying unit itself must have paid {en} for each of the 6 months before the "
              f"submission month ({wanted[0]} to {wanted[-1]}); not paid by the unit: {', '.join(lacking)}")
    if agency:
        zh_msg += f"（其中{'、'.join(agency)}由中介机构代缴，不予计算）"
        en_msg += f" ({', '.join(agency)} paid by an agency, which does not count)"
    return [fail(rule_id, zh_msg, en_msg, key)]


@rule("R-P05", seed="篇2 新办 二.8", zh="由申请单位缴纳近6个月个人所得税（中介代缴不计）",
      en="Income tax paid by the applying unit for the last 6 months (agency payments do not count)")
def r_p05_income_tax(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    return _paid_by_unit("R-P05", facts, today, "tax_months", "个人所得税", "individual income tax")


@rule("R-P06", seed="篇2 新办 二.9", zh="由申请单位缴纳近6个月社会保险",
      en="Social insurance paid by the applying unit for the last 6 months")
def r_p06_social_insurance(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    return _paid_by_unit("R-P06", facts, today, "social_insurance_months", "社会保险", "social insurance")


@rule("R-P07", seed="篇2 黑名单", zh="申请人未被取消申请资格", en="The applicant is not disqualified")
def r_p07_not_disqualified(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    if not facts.applicant_disqualified:
        return []
    return [fail("R-P07", "申请人因提供虚假材料已被取消申请资格，任何单位都不能为其办理新办",
                 "The applicant gave false materials and is disqualified: no unit may file a new "
                 "application for this person", "person.id_number")]


@rule("R-P08", seed="system rule (deduplication)",
      zh="一人一证：未持有有效证件且没有其他已提交的在办新办申请",
      en="One person, one permit: no live permit and no other submitted, still open new application")
def r_p08_one_permit(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    """At any unit, but only submitted cases: another unit's draft never blocks, the first to submit
    wins (spec 1.1); the same unit's second case for the person is also R-W05's 409 at submission."""
    out: list[Failure] = []
    if facts.applicant_has_live_permit:
        out.append(fail("R-P08", "申请人已持有工作居住证（有效、冻结或可续签），一人只能持有一证",
                        "The applicant already holds a permit (valid, frozen or renewable); one person "
                        "may hold one permit", "person.id_number"))
    if facts.applicant_other_open_new_case:
        out.append(fail("R-P08", "申请人已有另一件已提交、正在办理的新办申请（可能在其他单位）",
                        "The applicant already has another submitted, still open new application "
                        "(possibly at another unit)", "person.id_number"))
    return out


IdHolder = tuple[str, str, str, dict[str, Any]]


def _id_holders(facts: NewCaseFacts | CaseFacts | RegistrationFacts) -> list[IdHolder]:
    """(field prefix, who in Chinese, who in English, the person's data) for every ID number: the
    operator of a registration; the applicant of a `new` case; and the spouse and children of a
    `new` or a `dependents_change` case (the holder of a permit was checked when it was issued)."""
    if isinstance(facts, RegistrationFacts):
        return [("operator", "经办人", "Operator", {"id_number": facts.operator_id_number})]
    holders: list[IdHolder] = []
    if isinstance(facts, NewCaseFacts):
        holders.append(("person", "申请人", "Applicant", section(facts.data, "person") or {}))
    dependents = section(facts.data, "dependents")
    partner = spouse(dependents)
    if partner is not None:
        holders.append(("dependents.spouse", "配偶", "Spouse", partner))
    for i, child in enumerate(children(dependents)):
        holders.append((f"dependents.children.{i}", f"第{i + 1}个子女", f"Child {i + 1}", child))
    return holders


@rule("R-P09", seed="system rule", zh="身份证号码符合GB 11643且与出生日期、性别一致",
      en="ID card numbers follow GB 11643 and agree with the birth date and sex given")
def r_p09_id_numbers(facts: NewCaseFacts | CaseFacts | RegistrationFacts, today: dt.date) -> list[Failure]:
    out: list[Failure] = []
    for prefix, who_zh, who_en, person in _id_holders(facts):
        out += id_number_failures("R-P09", prefix, who_zh, who_en, person)
    return out


@rule("R-P10", seed="篇2 申请人资格要求", zh="所学专业或岗位属于本市急需专业或岗位目录",
      en="The applicant's post or major is in the city's shortage catalogue")
def r_p10_shortage_catalogue(facts: NewCaseFacts, today: dt.date) -> list[Failure]:
    person = section(facts.data, "person")
    if person is None:
        return [_person_missing("R-P10")]
    code = text(person, "shortage_catalogue_code")
    if not code:
        return [missing("R-P10", "person.shortage_catalogue_code", "急需专业或岗位目录条目",
                        "The shortage catalogue entry")]
    if code in facts.shortage_codes:
        return []
    return [fail("R-P10", f"“{code}”不在本市现行急需专业或岗位目录中",
                 f"“{code}” is not an entry of the city's current shortage catalogue",
                 "person.shortage_catalogue_code")]
