"""Excel in the portal: the bulk import of staff as drafts (the API's import_staff), with the created
drafts and the refused rows shown by sheet row; the permits and cases lists exported as .xlsx with
the list's filters, this unit's rows only."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from audit.models import AuditEvent
from cases.models import Case
from core.crypto import mask_id
from documents.tests.sheets import filled_template, staff_row
from ops.demo import id_number, new_application
from units.models import Unit, UnitStatus
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_RESIDENCE = dict.fromkeys(
    ["residence.address", "residence.district", "residence.housing_type", "residence.lease_ends_on"]
)


def _sheet(client: Client, rows: list[dict]) -> bytes:
    """The template as the portal's downloads page serves it, filled in from row 4."""
    template = client.get("/unit/downloads/staff-import.xlsx")
    assert template.status_code == 200
    return filled_template(template.content, rows)


def _upload(client: Client, content: bytes, name: str = "staff.xlsx"):
    return client.post("/unit/cases/import", {"file": SimpleUploadedFile(name, content, XLSX)})


def _rows(response) -> list[list]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def _row_of(page: str, number: int) -> str:
    """The table row of sheet row `number` on the result page."""
    found = re.search(rf"<tr>\s*<th scope=\"row\">第{number}行</th>(.*?)</tr>", page, re.S)
    assert found, f"no result for row {number}"
    return found.group(1)


@pytest.fixture
def unit(portal, clock):
    clock(TODAY)
    return portal()


# --- the import page ------------------------------------------------------------------------------


def test_the_import_page_is_linked_and_has_a_labelled_xlsx_field(unit):
    client, _, _ = unit
    assert 'href="/unit/cases/import"' in html(client.get("/unit/cases"))
    downloads = html(client.get("/unit/downloads"))
    assert 'href="/unit/cases/import"' in downloads and "每名员工填一行" in downloads
    page = html(client.get("/unit/cases/import"))
    assert '<label for="f-file">' in page
    assert 'type="file" id="f-file" name="file" accept=".xlsx' in page
    assert 'aria-describedby="file-help e-file"' in page
    assert 'href="/unit/downloads/staff-import.xlsx"' in page
    assert "导入结果" not in page


def test_a_mixed_sheet_creates_the_good_rows_and_lists_the_bad_ones_by_row(unit):
    client, unit_id, _ = unit
    twin = id_number(dt.date(1991, 2, 3))
    rows = [
        staff_row(TODAY, **{"person.name": "李雷"}),  # 4 good
        staff_row(TODAY, **{"person.sex": "X"}),  # 5 a cell it cannot read
        staff_row(TODAY, **{"person.name": "韩梅梅"}, **NO_RESIDENCE),  # 6 good but for R-P04
        staff_row(TODAY, **{"person.id_number": twin}),  # 7 twice in the sheet: two drafts, for a
        staff_row(TODAY, **{"person.id_number": twin}),  # 8 draft blocks nobody (R-W05 at submission)
    ]
    response = _upload(client, _sheet(client, rows))
    assert response.status_code == 200
    page = html(response)
    assert "已创建 4 件草稿，1 行有错误。" in page
    li, han, *twins = Case.objects.filter(unit_id=unit_id).order_by("pk")
    assert (li.applicant_name, li.status, han.applicant_name) == ("李雷", "draft", "韩梅梅")
    assert Case.objects.count() == 4
    first = _row_of(page, 4)
    assert "李雷" in first and f'href="/unit/cases/{li.pk}"' in first and li.number in first
    assert "R-W09" in first and "R-P04" not in first  # no photo yet; the rest is fine
    third = _row_of(page, 6)
    assert "韩梅梅" in third and f'href="/unit/cases/{han.pk}"' in third and "R-P04" in third
    bad = _row_of(page, 5)
    assert "<strong>性别</strong>：“X”不是可选值" in bad
    for number, case in zip((7, 8), twins, strict=True):
        assert case.status == "draft" and f'href="/unit/cases/{case.pk}"' in _row_of(page, number)
        assert "R-W05" not in _row_of(page, number) and "身份证号码" not in _row_of(page, number)
    assert twin not in page  # errors name the column, not the number
    assert AuditEvent.objects.filter(action="case.import").count() == 1


def test_beyond_the_first_drafts_eligibility_is_left_to_the_case_page(unit, monkeypatch):
    client, _, _ = unit
    monkeypatch.setattr("web.unit.sheets.ELIGIBILITY_SHOWN", 1)
    page = html(_upload(client, _sheet(client, [staff_row(TODAY), staff_row(TODAY)])))
    assert "已创建 2 件草稿，0 行有错误。" in page
    assert "R-W09" in _row_of(page, 4) and "打开申请查看" not in _row_of(page, 4)
    assert "打开申请查看" in _row_of(page, 5) and "R-W09" not in _row_of(page, 5)
    assert "前1件以外的草稿" in page


def test_a_sheet_of_bad_rows_only_creates_nothing(unit):
    client, _, _ = unit
    page = html(_upload(client, _sheet(client, [staff_row(TODAY, **{"person.name": None})])))
    assert "已创建 0 件草稿，1 行有错误。" in page
    assert "<strong>姓名</strong>：此列必填，请填写" in _row_of(page, 4)
    assert "已创建的新办申请草稿" not in page
    assert not Case.objects.exists()


def test_a_text_file_renamed_xlsx_is_refused_next_to_the_field_and_creates_nothing(unit):
    client, _, _ = unit
    response = _upload(client, "姓名,身份证号码\n张三,110105199003078713\n".encode(), "staff.xlsx")
    assert response.status_code == 400
    page = html(response)
    slot = re.search(r'<p class="error" id="e-file">(.*?)</p>', page, re.S)
    assert slot and "只接受.xlsx格式" in slot.group(1)
    assert 'aria-invalid="true"' in page and "导入结果" not in page
    assert not Case.objects.exists()


def test_no_file_is_an_error_next_to_the_field(unit):
    client, _, _ = unit
    response = client.post("/unit/cases/import", {})
    assert response.status_code == 400
    assert re.search(r'id="e-file">请选择要导入的Excel文件', html(response))


def test_a_workbook_over_the_upload_limit_is_refused(unit, settings):
    client, _, _ = unit
    content = _sheet(client, [staff_row(TODAY)])
    settings.UPLOAD_MAX_BYTES = len(content) - 1  # the setting the API's import checks
    response = _upload(client, content)
    assert response.status_code == 413 and "请分成几个文件导入" in html(response)
    assert not Case.objects.exists()


def test_r_u05_a_frozen_unit_is_told_why_and_nothing_is_created(unit):
    client, unit_id, _ = unit
    content = _sheet(client, [staff_row(TODAY)])
    Unit.objects.filter(pk=unit_id).update(status=UnitStatus.FROZEN)  # no service freezes on demand
    response = _upload(client, content)
    assert response.status_code == 423
    assert "R-U05" in html(response) and "导入结果" not in html(response)
    assert not Case.objects.exists()


@pytest.mark.parametrize("url", ["/unit/cases/import", "/unit/cases.xlsx", "/unit/permits.xlsx"])
def test_only_a_unit_imports_and_exports(official_web, db, url):
    assert official_web("haidian").get(url).status_code == 403
    assert official_web("city").get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login?next=")


def test_an_official_cannot_post_an_import(official_web, clock):
    response = official_web("haidian").post("/unit/cases/import", {})
    assert response.status_code == 403
    assert not Case.objects.exists()


# --- exports --------------------------------------------------------------------------------------


def _named(name: str) -> dict:
    data = new_application(TODAY)
    data["person"]["name"] = name
    return data


@pytest.fixture
def staff(unit, portal, file_new_case):
    """This unit: a valid permit (李雷), a cancelled one (韩梅梅), an open draft; another unit: a permit."""
    client, _, api = unit
    valid = file_new_case(api, _named("李雷"))
    gone = file_new_case(api, _named("韩梅梅"))
    cancel = api.post(
        "/applications", {"type": "cancellation", "permit_no": gone["permit_no"], "left_on": "2026-06-14"}
    )
    assert api.post(f"/applications/{cancel.json()['id']}/submit").status_code == 200
    draft = file_new_case(api, _named("王芳"), until="draft")
    _, _, other_api = portal()
    other = file_new_case(other_api, _named("赵六"))
    return client, {"valid": valid, "gone": gone, "cancel": cancel.json(), "draft": draft, "other": other}


def test_permits_export_holds_this_units_permits_with_the_lists_status(staff):
    client, cases = staff
    page = html(client.get("/unit/permits", {"status": "cancelled", "q": "韩"}))
    assert 'href="/unit/permits.xlsx?status=cancelled"' in page and "导出 Excel" in page
    rows = _rows(client.get("/unit/permits.xlsx", {"status": "cancelled"}))
    assert rows[0][:4] == ["证件编号", "状态", "状态代码", "持证人姓名"]
    assert [r[0] for r in rows[1:]] == [cases["gone"]["permit_no"]]
    everything = _rows(client.get("/unit/permits.xlsx", {"status": "nonsense"}))  # ignored
    numbers = [r[0] for r in everything[1:]]
    assert numbers == [cases["valid"]["permit_no"], cases["gone"]["permit_no"]]
    assert cases["other"]["permit_no"] not in str(everything)
    full = cases["valid"]["data"]["person"]["id_number"]
    assert everything[1][4] == mask_id(full) and full not in str(everything)
    assert 'href="/unit/permits.xlsx"' in html(client.get("/unit/permits", {"status": "nonsense"}))
    assert AuditEvent.objects.filter(action="export.downloaded").count() == 2


def test_cases_export_holds_this_units_cases_with_the_lists_filters(staff):
    client, cases = staff
    page = html(client.get("/unit/cases", {"type": "new", "status": "draft"}))
    assert 'href="/unit/cases.xlsx?type=new&amp;status=draft"' in page
    rows = _rows(client.get("/unit/cases.xlsx", {"type": "new", "status": "draft"}))
    assert rows[0][0] == "办件编号"
    assert [r[0] for r in rows[1:]] == [cases["draft"]["number"]]
    by_type = _rows(client.get("/unit/cases.xlsx", {"type": "cancellation", "status": "bogus"}))
    assert [r[0] for r in by_type[1:]] == [cases["cancel"]["number"]]
    everything = _rows(client.get("/unit/cases.xlsx"))
    mine = {cases[k]["number"] for k in ("valid", "gone", "cancel", "draft")}
    assert {r[0] for r in everything[1:]} == mine
    assert cases["other"]["number"] not in str(everything)
    assert 'href="/unit/cases.xlsx"' in html(client.get("/unit/cases", {"type": "bogus"}))
