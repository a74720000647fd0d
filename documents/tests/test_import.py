"""POST /applications/import — bulk import of staff as draft `new` cases (issue 5 part 5)."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from audit.models import AuditEvent
from cases.models import Case, CaseEvent
from documents.imports import COLUMNS
from documents.tests.sheets import filled_template, staff_row
from ops.demo import id_number, new_application
from units.models import Unit, UnitStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
KEYS = [c.key for c in COLUMNS]


def _row(**cells):
    """A good row: an applicant of `ops.demo.new_application`, as cells of the sheet."""
    return staff_row(TODAY, **cells)


def _sheet(client, rows):
    """The downloaded template with `rows` filled in from row 4 (the example stays in row 3)."""
    return filled_template(client.get("/templates/staff-import.xlsx").content, rows)


def _import(client, content, name="staff.xlsx"):
    return client.upload(
        "/applications/import",
        name,
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def unit(make_unit, clock):
    clock(TODAY)
    return make_unit("haidian")


def test_mixed_rows_good_ones_become_drafts_bad_ones_create_nothing(unit, officials):
    client, unit_id = unit
    taken = new_application(TODAY)
    open_case = client.post("/applications", {"type": "new", **taken})
    assert open_case.status_code == 201
    twin = id_number(dt.date(1991, 2, 3))
    good_id = id_number(dt.date(1990, 5, 17))
    rows = [
        _row(**{"person.id_number": good_id}),  # 4 good
        _row(**{"person.sex": "X", "person.birth_date": "2020-02-30"}),  # 5 two bad cells
        _row(**{"person.id_number": taken["person"]["id_number"]}),  # 6 good: a draft blocks nobody
        _row(**{"person.id_number": twin}),  # 7 good: twice here, two drafts (R-W05 judges the
        _row(**{"person.id_number": twin}),  # 8 good    submission, spec 1.1)
        _row(**{"person.id_number": "110105199005170071"}),  # 9 R-P09 check digit
        _row(**{"tax_months.to": "2025-01"}),  # 10 to before from
        _row(**{"residence.address": None, "residence.district": None}),  # 11 malformed section
        _row(**{"person.name": None}),  # 12 required
        _row(
            **{"person.id_number": good_id[:-1] + ("4" if good_id[-1] == "5" else "5"), "person.name": "李四"}
        ),  # 13 R-P09
    ]
    before = (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())
    response = _import(client, _sheet(client, rows))
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["row"] for r in results] == list(range(4, 14))  # the example row 3 is skipped
    created = {r["row"]: r["application_id"] for r in results if "application_id" in r}
    assert sorted(created) == [4, 6, 7, 8]
    assert all("errors" not in r for r in results if "application_id" in r)
    errors = {r["row"]: r["errors"] for r in results if "errors" in r}
    assert sorted(errors) == [5, 9, 10, 11, 12, 13]
    assert {e["column"] for e in errors[5]} == {"性别", "出生日期"}
    assert all(e["message"].startswith(e["column"] + "：") for e in errors[5])
    assert [e["rule"] for e in errors[9]] == ["R-P09"] and errors[9][0]["column"] == "身份证号码"
    assert errors[10][0]["column"] == "个税连续缴纳截止月"
    assert {e["field"] for e in errors[11]} == {"residence.address", "residence.district"}
    assert errors[12][0]["column"] == "姓名"
    assert errors[13][0]["rule"] == "R-P09"
    # then: four cases, their history rows, one audit row (the taken case's own are in `before`)
    assert (Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()) == (
        before[0] + 4,
        before[1] + 4,
        before[2] + 1 + 1,
    )  # + the template download
    index = Case.objects.get(pk=open_case.json()["id"]).applicant_id_index
    assert Case.objects.get(pk=created[6]).applicant_id_index == index
    twins = Case.objects.filter(pk__in=[created[7], created[8]])
    assert len({c.applicant_id_index for c in twins}) == 1 and twins.count() == 2
    case = Case.objects.get(pk=results[0]["application_id"])
    assert (case.type, case.status, case.unit_id, case.applicant_name) == ("new", "draft", unit_id, "张伟")
    assert case.data["person"]["id_number"] == good_id and case.data["person"]["degree"] == "master"
    assert case.data["residence"]["district"] == "haidian" and len(case.data["tax_months"]) == 12
    assert case.data["employment"]["started_on"] == "2024-12-15"
    audit = AuditEvent.objects.get(action="case.import")
    numbers = [Case.objects.get(pk=created[row]).number for row in (4, 6, 7, 8)]
    assert audit.after["numbers"] == numbers and audit.after["count"] == 4
    # the draft reads like any other: eligibility as of today, its history
    full = client.get(f"/applications/{case.pk}").json()
    assert full["history"][0]["action"] == "create" and "eligibility" in full


def test_an_all_bad_sheet_creates_nothing_and_audits_nothing(unit):
    client, _ = unit
    response = _import(client, _sheet(client, [_row(**{"person.sex": "?"})]))
    assert response.json()["results"][0]["errors"]
    assert not Case.objects.exists() and not AuditEvent.objects.filter(action="case.import").exists()


def test_a_sheet_read_by_its_titles_without_the_key_row(unit):
    client, _ = unit
    book = Workbook()
    ws = book.active
    ws.append(["身份证号码", "姓名*", "性别"])
    ws.append([id_number(dt.date(1985, 1, 1)), "王五", "男"])
    buf = io.BytesIO()
    book.save(buf)
    results = _import(client, buf.getvalue()).json()["results"]
    assert results[0]["row"] == 2 and "application_id" in results[0]


def test_only_an_xlsx_workbook_is_accepted_judged_from_the_content(unit):
    client, _ = unit
    assert _import(client, b"%PDF-1.4 not a sheet").status_code == 400
    assert _import(client, b"MZ\x90\x00 an executable", name="staff.xlsx").status_code == 400
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("readme.txt", "a zip, not a workbook")
    response = _import(client, buf.getvalue())
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "file"
    good = _sheet(client, [_row()])
    assert _import(client, good, name="staff.pdf").status_code == 200  # the name does not matter
    assert _import(client, b"PK\x03\x04" + bytes(10 * 1024 * 1024)).status_code == 413  # over 10 MB


def test_r_u05_a_frozen_unit_cannot_import(unit):
    client, unit_id = unit
    content = _sheet(client, [_row()])
    Unit.objects.filter(pk=unit_id).update(status=UnitStatus.FROZEN)  # no service freezes on demand
    assert _import(client, content).status_code == 423
    assert not Case.objects.exists()


def test_only_a_unit_imports(unit, officials):
    client, _ = unit
    content = _sheet(client, [_row()])
    assert _import(officials["haidian"], content).status_code == 403
    assert _import(officials["admin"], content).status_code == 403


def test_2000_rows_are_imported_with_a_bounded_number_of_queries(unit):
    client, _ = unit
    book = Workbook()
    ws = book.active
    ws.append([c.title for c in COLUMNS])
    ws.append(KEYS)
    base = _row()
    for n in range(2000):
        cells = {
            **base,
            "person.id_number": id_number(dt.date(1980, 1, 1) + dt.timedelta(days=n // 400)),
            "person.name": f"员工{n}",
        }
        ws.append([cells.get(k) for k in KEYS])
    buf = io.BytesIO()
    book.save(buf)
    with CaptureQueriesContext(connection) as ctx:
        response = _import(client, buf.getvalue())
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 2000 and all("application_id" in r for r in results)
    # PostgreSQL inserts 500 cases a query; Django's SQLite backend 999 parameters (~45 cases) a query
    assert len(ctx.captured_queries) <= (30 if connection.vendor == "postgresql" else 100)
    assert Case.objects.count() == CaseEvent.objects.count() == 2000
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers[0] == "XB2026061500001" and numbers[-1] == "XB2026061502000"
    assert AuditEvent.objects.filter(action="case.import").count() == 1
    # the next single create continues the same daily sequence
    created = client.post("/applications", {"type": "new", **new_application(TODAY)}).json()
    assert created["number"] == "XB2026061502001"


def test_cells_excel_mangles_are_reported_and_list_errors_find_their_column():
    from documents.imports import column_for, row_data

    data, errors = row_data(
        {
            "person.name": "赵六",
            "person.id_number": 1.10105199005171e17,
            "person.phone": 13800138000.0,
            "dependents.spouse.beijing_employment_contract": "是",
        }
    )
    assert [e.extra["column"] for e in errors] == ["身份证号码"] and "文本格式" in errors[0].message
    assert data["person"]["phone"] == "13800138000"
    assert data["dependents"]["spouse"]["beijing_employment_contract"] is True
    assert column_for("tax_months.3.month").title == "个税连续缴纳起始月"
    assert column_for("dependents.spouse.id_number").title == "随往配偶身份证号码"
    assert column_for("unknown") is None


def test_an_import_without_a_file_or_with_an_empty_one_is_a_400_naming_the_file(unit):
    client, _ = unit
    response = client.client.post("/api/v1/applications/import", {}, **client._headers())
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    empty = _import(client, b"")
    assert empty.status_code == 400 and empty.json()["errors"][0]["field"] == "file"
    assert not Case.objects.exists()
