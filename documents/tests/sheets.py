"""Staff-import sheets for tests (documents and the employer portal): a good row of cells, and the
downloaded template with rows filled in."""

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import load_workbook

from documents.imports import COLUMNS, SHEET
from ops.demo import new_application

KEYS = [c.key for c in COLUMNS]


def staff_row(today: dt.date, **cells: Any) -> dict[str, Any]:
    """A good row: an applicant of `ops.demo.new_application` (a new person each call, eligible
    on `today` but for the photo), as cells of the sheet, some given as the Chinese labels."""
    data = new_application(today)
    p, job, home = data["person"], data["employment"], data["residence"]
    row = {
        "person.name": p["name"],
        "person.id_number": p["id_number"],
        "person.sex": "男",
        "person.hukou": p["hukou"],
        "person.phone": p["phone"],
        "person.degree": "硕士研究生／硕士",
        "person.degree_awarded_on": dt.date(2015, 7, 1),
        "person.work_started_on": "2015-07-15",
        "person.title_level": "中级",
        "person.shortage_catalogue_code": p["shortage_catalogue_code"],
        "employment.started_on": dt.datetime(2024, 12, 15),
        "employment.contract_ends_on": job["contract_ends_on"],
        "residence.address": home["address"],
        "residence.district": "海淀区",
        "residence.housing_type": "租赁房屋",
        "residence.lease_ends_on": home["lease_ends_on"],
        "tax_months.from": "2025-06",
        "tax_months.to": "2026/5",
        "tax_months.payer": "本单位缴纳",
        "social_insurance_months.from": dt.date(2025, 6, 1),
        "social_insurance_months.to": "2026-05",
        "social_insurance_months.payer": "unit",
        "dependents.marital_status": "未婚",
    }
    row.update(cells)
    return row


def filled_template(template: bytes, rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The staff-import template (its bytes as downloaded) with `rows` filled in from row 4 (the
    example stays in row 3)."""
    book = load_workbook(io.BytesIO(template))
    ws = book[SHEET]
    for r, cells in enumerate(rows, start=4):
        for key, value in cells.items():
            ws.cell(row=r, column=KEYS.index(key) + 1, value=value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
