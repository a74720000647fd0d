"""The bulk import of staff in a real browser: the operator downloads the sheet from the page, fills
it, uploads it, and sees the drafts created and the refused rows by sheet row; then exports the
cases list."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cases.models import Case
from documents.tests.sheets import filled_template, staff_row
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Portal

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 6, 15)


def test_bulk_import_page_creates_drafts_and_lists_bad_rows(page, clock, make_unit, tmp_path):
    clock(TODAY)
    _, unit_id = make_unit("haidian")
    Portal(page).sign_in(unit_id)
    page.get_by_role("link", name="业务申请", exact=True).click()
    page.get_by_role("link", name="批量导入员工（Excel）").click()
    expect(page.locator("h1")).to_have_text("批量导入员工")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载员工批量导入表").click()
    download.value.save_as(tmp_path / "template.xlsx")
    template = (tmp_path / "template.xlsx").read_bytes()
    rows = [staff_row(TODAY, **{"person.name": "李雷"}), staff_row(TODAY, **{"person.sex": "X"})]
    sheet = tmp_path / "员工.xlsx"
    sheet.write_bytes(filled_template(template, rows))

    page.get_by_label("填好的员工批量导入表（.xlsx）").set_input_files(str(sheet))
    page.get_by_role("button", name="上传并导入").click()
    result = page.get_by_role("region", name="导入结果")
    expect(result.get_by_role("status")).to_have_text("已创建 1 件草稿，1 行有错误。")
    case = Case.objects.get(unit_id=unit_id)
    expect(result.get_by_role("link", name=case.number)).to_be_visible()
    expect(result).to_contain_text("第5行")
    expect(result).to_contain_text("性别")
    assert_accessible(page)
    screenshot(page, "unit-import")

    page.goto("/unit/cases")
    with page.expect_download() as export:
        page.get_by_role("link", name="导出 Excel").click()
    export.value.save_as(tmp_path / "cases.xlsx")
    numbers = [r[0] for r in load_workbook(tmp_path / "cases.xlsx").worksheets[0].iter_rows(values_only=True)]
    assert case.number in numbers
