"""The workbench prints the card at collection (issue 12, point 7) in a real browser: on the case page
the district records the collection, then prints the card it hands out (the audit row names the
case); the permit page prints the card and the application form again, and takes a loss report at
the window and its withdrawal, whose reason is required (R-W11). Screenshot office-permit; axe-core
on each page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from web.tests.browser.conftest import assert_accessible, refused, screenshot
from web.tests.browser.pages import OfficePermit, Verification, Workbench

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_district_records_the_collection_and_prints_the_card(page, clock, make_unit, file_new_case):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="approved")
    permit_no = case["permit_no"]
    desk, permit = Workbench(page), OfficePermit(page)

    desk.sign_in("hd_reviewer")
    page.goto(f"/office/cases/{case['id']}/")
    expect(permit.prints).to_contain_text("登记领证后，在此打印证卡交领证人")
    expect(permit.prints.get_by_role("link", name=re.compile("^打印证卡"))).to_have_count(0)
    desk.record_collection()
    expect(desk.message).to_contain_text("已登记领证。")
    card = permit.download(re.compile("^打印证卡（PDF，第1版），交领证人"))
    assert card.suggested_filename == f"{permit_no}-card.pdf"
    assert Path(card.path()).read_bytes().startswith(b"%PDF")
    printed = AuditEvent.objects.get(action="permit.card_downloaded")
    assert printed.after == {"card_version": 1, "case": case["number"]}
    form = permit.download("打印申请表（PDF，一式两份）")
    assert Path(form.path()).read_bytes().startswith(b"%PDF")
    assert_accessible(page)

    permit.open_from_case(permit_no)
    expect(page.locator("h1")).to_have_text(f"工作居住证 {permit_no}")
    expect(permit.prints.get_by_role("link", name="打印证卡（PDF，第1版）")).to_be_visible()
    expect(permit.prints.get_by_role("link", name=re.compile(f"申请表 {case['number']}"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "office-permit")


def test_r_w11_a_loss_report_at_the_window_and_its_withdrawal_with_a_reason(
    page, clock, make_unit, file_new_case
):
    client, _ = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    desk, permit = Workbench(page), OfficePermit(page)
    desk.sign_in("hd_reviewer")
    page.goto(f"/office/permits/{permit_no}/")

    permit.report_loss("持证人到窗口申报遗失")
    expect(desk.message).to_contain_text("已登记挂失")
    expect(page.locator(".case-facts")).to_contain_text("已挂失")
    expect(permit.prints.get_by_role("link", name=re.compile("^打印证卡"))).to_have_count(0)

    permit.withdraw("")
    expect(permit.reason_error).to_contain_text("R-W11")
    refused(page, 422)
    expect(page.get_by_label(re.compile("^撤销挂失的理由"))).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    permit.withdraw("证件已找到，持证人到窗口交验")
    expect(desk.message).to_contain_text("已撤销挂失")

    check = Verification(page)
    check.open()
    check.check(permit_no, "张伟")
    expect(check.result).to_contain_text("验证结果：有效")
