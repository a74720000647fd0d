"""Reading a case's `data` (api.md "Fields by type"): any section or field may be missing in a draft."""

import datetime as dt
from typing import Any

from rules.engine import Failure, fail
from rules.validators import id_birth_date, id_sex

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


def missing(rule_id: str, field: str, zh: str, en: str) -> Failure:
    """The failure of a rule whose input is not filled in yet (a draft)."""
    return fail(rule_id, f"未填写{zh}", f"{en} is not filled in", field)


def children(dependents: dict[str, Any] | None) -> list[dict[str, Any]]:
    value = (dependents or {}).get("children")
    return [c if isinstance(c, dict) else {} for c in value] if isinstance(value, list) else []


def spouse(dependents: dict[str, Any] | None) -> dict[str, Any] | None:
    return section(dependents, "spouse")
