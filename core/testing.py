"""Builders for tests and demo data: valid identifiers, an eligible `new` application, a photo.
Everything is built through the public services, never by writing rows directly."""

import datetime as dt
import io
import itertools
from typing import Any

from core.dates import add_months, add_years, months_before
from rules.validators import id_check_char, uscc_check_char

_seq = itertools.count(1)


def id_number(birth: dt.date, sex: str = "M", region: str = "110105") -> str:
    """A valid 身份证 number (GB 11643) for the birth date and sex; a new one on every call."""
    n = next(_seq) % 500
    order = f"{n * 2 + (1 if sex == 'M' else 0):03d}"[-3:]
    body = f"{region}{birth:%Y%m%d}{order}"
    return body + id_check_char(body)


def uscc(serial: int | None = None) -> str:
    """A valid 统一社会信用代码 (GB 32100); a new one on every call."""
    body = f"91110105{(serial if serial is not None else next(_seq) + 10_000_000):09d}"[:17]
    return body + uscc_check_char(body)


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
    """Data of a `new` case that passes every rule on `today` (api.md "Fields by type")."""
    birth = birth or dt.date(1990, 5, 17)
    months = [{"month": m, "payer": "unit"} for m in months_before(today, 12)]
    return {
        "person": {
            "name": "张伟",
            "id_number": id_number(birth, sex),
            "hukou": "河北省石家庄市",
            "phone": "13912345678",
            "degree": "master",
            "degree_awarded_on": "2015-06-30",
            "work_started_on": "2015-07-01",
            "title_level": "intermediate",
            "shortage_catalogue_code": "SC-001",
        },
        "employment": {
            "started_on": add_months(today, -18).isoformat(),
            "contract_ends_on": add_years(today, 2).isoformat(),
        },
        "residence": {
            "address": "北京市海淀区学院路20号院3号楼502",
            "district": "haidian",
            "housing_type": "rented",
            "lease_ends_on": add_years(today, 1).isoformat(),
        },
        "tax_months": months,
        "social_insurance_months": months,
        "dependents": {"marital_status": "single", "custody_judgment": False, "spouse": None, "children": []},
    }


def photo(width: int = 295, height: int = 413, fmt: str = "JPEG") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 255)).save(buf, fmt)
    return buf.getvalue()
