"""Reading a case's `data` (api.md "Fields by type"): any section or field may be missing in a draft."""

import datetime as dt
from typing import Any

from rules.engine import Failure, fail
from rules.facts import CaseFacts, NewCaseFacts
from rules.validators import id_birth_date, id_number_problem, id_sex

# domain.md "Districts": the 17 codes used everywhere (the District table holds their names).
DISTRICT_CODES = ("dongcheng", "xicheng", "chaoyang", "haidian", "fengtai", "shijingshan", "mentougou",
                  "fangshan", "tongzhou", "shunyi", "changping", "daxing", "huairou", "pinggu", "miyun",
                  "yanqing", "etdz")
HOUSING_TYPES = ("owned", "rented", "public_rented", "borrowed")


def section(data: dict[str, Any] | None, name: str) -> dict[str, Any] | None:
    value = (data or {}).get(name)
    return value if isinstance(value, dict) else None


def text(part: dict[str, Any] | None, key: str) -> str:
    value = (part or {}).get(key)
    return value.strip() if isinstance(value, str) else ""


def date_of(part: dict[str, Any] | None, key: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or a date object; None when missing or not a date."""
    value = (part or {}).get(key)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def birth_and_sex(person: dict[str, Any] | None) -> tuple[dt.date | None, str | None]:
    """The birth date and sex given beside an ID number, or else the ones the number carries."""
    number = text(person, "id_number")
    given_sex = (person or {}).get("sex")
    birth = date_of(person, "birth_date") or id_birth_date(number)
    return birth, given_sex if given_sex in ("M", "F") else id_sex(number)


def applicant_sex(facts: NewCaseFacts | CaseFacts) -> str | None:
    """The sex of the person a case is about: for `new`, given beside the applicant's ID number or
    carried by it; for every other type, the permit holder's (None when the permit is unknown)."""
    if isinstance(facts, CaseFacts):
        return facts.permit.holder_sex if facts.permit is not None else None
    _, sex = birth_and_sex(section(facts.data, "person"))
    return sex


def missing(rule_id: str, field: str, zh: str, en: str) -> Failure:
    """The failure of a rule whose input is not filled in yet (a draft)."""
    return fail(rule_id, f"未填写{zh}", f"{en} is not filled in", field)


def children(dependents: dict[str, Any] | None) -> list[dict[str, Any]]:
    value = (dependents or {}).get("children")
    return [c if isinstance(c, dict) else {} for c in value] if isinstance(value, list) else []


def spouse(dependents: dict[str, Any] | None) -> dict[str, Any] | None:
    return section(dependents, "spouse")


def id_number_failures(rule_id: str, prefix: str, who_zh: str, who_en: str,
                       person: dict[str, Any]) -> list[Failure]:
    """R-P09 for one person: a GB 11643 number, agreeing with a birth date or sex given beside it.
    `prefix` is the field path of the person (`person`, `dependents.spouse`, `changes` …)."""
    number = person.get("id_number")
    if not number or not isinstance(number, str):
        return [missing(rule_id, f"{prefix}.id_number", f"{who_zh}身份证号码", f"{who_en}'s ID card number")]
    problem = id_number_problem(number)
    if problem:
        return [fail(rule_id, f"{who_zh}：{problem[0]}", f"{who_en}: {problem[1]}", f"{prefix}.id_number")]
    out: list[Failure] = []
    birth, sex = date_of(person, "birth_date"), person.get("sex")
    if birth is not None and birth != id_birth_date(number):
        out.append(fail(rule_id, f"{who_zh}的出生日期{birth}与身份证号码不一致",
                        f"{who_en}'s birth date {birth} does not agree with the ID card number",
                        f"{prefix}.birth_date"))
    if sex in ("M", "F") and sex != id_sex(number):
        out.append(fail(rule_id, f"{who_zh}的性别与身份证号码不一致",
                        f"{who_en}'s sex does not agree with the ID card number", f"{prefix}.sex"))
    return out


def residence_failures(rule_id: str, residence: dict[str, Any] | None) -> list[Failure]:
    """A fixed residence is complete: an address, a Beijing district code and a housing type
    (R-P04, R-A01). The lease is each rule's own."""
    if residence is None:
        return [missing(rule_id, "residence", "在京固定住所信息", "The Beijing residence")]
    out: list[Failure] = []
    if not text(residence, "address"):
        out.append(missing(rule_id, "residence.address", "住所地址", "The residence address"))
    if residence.get("district") not in DISTRICT_CODES:
        out.append(fail(rule_id, "住所所在区须为北京市的一个区（含经济技术开发区）",
                        "The residence district must be one of Beijing's districts (or the ETDZ)",
                        "residence.district"))
    if residence.get("housing_type") not in HOUSING_TYPES:
        out.append(fail(rule_id, "请选择住房类型：自有住房、租赁房屋、租赁公房或借住亲友住房",
                        "Choose the housing type: owned, rented, public rented or borrowed",
                        "residence.housing_type"))
    return out


def month_ranges(months: list[str]) -> list[tuple[str, str]]:
    """Runs of consecutive YYYY-MM months, as (first, last): ["2026-11", "2026-12", "2027-01",
    "2027-03"] → [("2026-11", "2027-01"), ("2027-03", "2027-03")]. `months` is sorted."""
    def index(month: str) -> int:
        return int(month[:4]) * 12 + int(month[5:7])

    runs: list[tuple[str, str]] = []
    for month in months:
        if runs and index(month) == index(runs[-1][1]) + 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return runs


def describe_months(months: list[str]) -> tuple[str, str]:
    """`months` compactly, in Chinese and English: "2026-07至2026-12、2027-03" and
    "2026-07 to 2026-12, 2027-03"."""
    runs = month_ranges(months)
    zh = "、".join(a if a == b else f"{a}至{b}" for a, b in runs)
    en = ", ".join(a if a == b else f"{a} to {b}" for a, b in runs)
    return zh, en


def no_permit(rule_id: str, data: dict[str, Any] | None) -> Failure:
    """The failure of a rule about the permit a case names, when there is no such permit."""
    number = text(data, "permit_no")
    if not number:
        return missing(rule_id, "permit_no", "工作居住证编号", "The permit number")
    return fail(rule_id, f"没有编号为{number}的工作居住证", f"There is no permit numbered {number}",
                "permit_no")
