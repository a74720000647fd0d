"""Builders of demo data (`manage.py load_demo`) and of the tests' data: valid identifiers, an
eligible `new` application, a photo. Everything is built through the public services, never by
writing rows directly. The rules' own test builders (`rules/tests/builders.py`) start from these."""

import datetime as dt
import io
import itertools
from typing import Any

from core.dates import add_months, add_years, months_before
from rules.validators import id_check_char, uscc_check_char

SHORTAGE_CODE = "IT-01"  # a code of the shortage catalogue (the rules' test facts hold it too)
_seq = itertools.count(1)


def make_id_number(birth: dt.date, sex: str = "M", region: str = "110105", seq: int = 0) -> str:
    """A valid GB 11643 number; `seq` (0–499) tells apart people born the same day."""
    order = (seq % 500) * 2 + (1 if sex == "M" else 0)  # the 17th digit is odd for a man
    body = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{order:03d}"
    return body + id_check_char(body)


def make_uscc(body17: str = "91110105MA01C0DE0") -> str:
    """A valid GB 32100 code: `body17` plus its check character."""
    return body17 + uscc_check_char(body17)


def new_case_data(today: dt.date, birth: dt.date = dt.date(1990, 5, 20), sex: str = "F") -> dict[str, Any]:
    """The data of a `new` case (api.md "Fields by type") that passes every rule on `today`."""
    paid = [{"month": m, "payer": "unit"} for m in months_before(today, 6)]
    return {
        "person": {"name": "王小梅", "id_number": make_id_number(birth, sex), "hukou": "河北省石家庄市",
                   "phone": "13800000000", "degree": "master", "degree_awarded_on": "2015-07-01",
                   "work_started_on": "2015-07-15", "title_level": "none",
                   "special_talent_justification": "", "shortage_catalogue_code": SHORTAGE_CODE},
        "employment": {"started_on": add_months(today, -12).isoformat(),
                       "contract_ends_on": add_years(today, 2).isoformat()},
        "residence": {"address": "朝阳区曙光西里1号", "district": "chaoyang", "housing_type": "owned"},
        "tax_months": paid,
        "social_insurance_months": [dict(m) for m in paid],
        "dependents": {"marital_status": "single", "custody_judgment": False, "spouse": None, "children": []},
    }


def id_number(birth: dt.date, sex: str = "M", region: str = "110105") -> str:
    """A valid 身份证 number (GB 11643) for the birth date and sex; a new one on every call."""
    n = next(_seq)  # 500 numbers per region and birth date; then the next region
    return make_id_number(birth, sex, f"{int(region) + n // 500:06d}", seq=n % 500)


def uscc() -> str:
    """A valid 统一社会信用代码 (GB 32100); a new one on every call."""
    return make_uscc(f"91110105{next(_seq) + 10_000_000:09d}")


def registration(
    username: str,
    *,
    district: str = "haidian",
    entity_type: str = "enterprise",
    password: str = "Unit-pass-2026",  # noqa: S107 (test data)
    name: str = "北京示例科技有限公司",
) -> dict[str, Any]:
    return {
        "name": name,
        "uscc": uscc(),
        "entity_type": entity_type,
        "district": district,
        "address": "北京市海淀区中关村大街1号",
        "main_business": "软件开发",
        "last_year_tax_cny": 1_200_000,
        "employee_count": 120,
        "planned_permit_count": 5,
        "legal_representative": "王建国",
        "high_tech": True,
        "registered_capital_cny": 10_000_000,
        "operator": {
            "name": "李经办",
            "id_number": id_number(dt.date(1988, 3, 1), "F"),
            "phone": "13800138000",
        },
        "username": username,
        "password": password,
    }


def new_application(today: dt.date, *, sex: str = "M", birth: dt.date | None = None) -> dict[str, Any]:
    """Data of a `new` case that passes every rule on `today` (api.md "Fields by type"), for a new
    person on every call: a rented flat in Haidian, a year of tax and social insurance."""
    data = new_case_data(today, birth or dt.date(1990, 5, 17), sex)
    months = [{"month": m, "payer": "unit"} for m in months_before(today, 12)]
    data["person"].update(name="张伟", id_number=id_number(birth or dt.date(1990, 5, 17), sex),
                          title_level="intermediate", shortage_catalogue_code="SC-001")
    data["employment"]["started_on"] = add_months(today, -18).isoformat()
    data["residence"] = {"address": "北京市海淀区学院路20号院3号楼502", "district": "haidian",
                         "housing_type": "rented", "lease_ends_on": add_years(today, 1).isoformat()}
    data["tax_months"], data["social_insurance_months"] = months, [dict(m) for m in months]
    return data


def photo(width: int = 295, height: int = 413, fmt: str = "JPEG") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 255)).save(buf, fmt)
    return buf.getvalue()
