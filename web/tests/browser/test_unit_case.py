"""A new case in a real browser: the draft saves itself as it is filled, an eligibility problem
appears in the panel as soon as the field is left and disappears when fixed, the photo is
previewed, and the case is submitted."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from core import clock as system_clock
from core.dates import add_months, add_years
from core.testing import id_number, photo
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.unit.support import sign_in, username_of

pytestmark = pytest.mark.django_db(transaction=True)



def test_r_p02_problem_appears_live_is_fixed_and_the_case_is_submitted(page, clock, make_unit):
    clock("2026-06-15")
    today = system_clock.today()
    _, unit_id = make_unit("haidian")
    sign_in(page, username_of(unit_id))
    expect(page.locator("h1")).to_contain_text("北京示例科技有限公司")

    page.get_by_role("link", name="业务申请").click()
    page.get_by_role("link", name="新建申请").click()
    page.get_by_role("link", name="新办", exact=True).click()
    page.get_by_label("姓名").fill("赵敏")
    page.get_by_label("身份证号码").fill(id_number(dt.date(1991, 2, 3), "F"))
    page.get_by_role("button", name="创建草稿").click()
    expect(page.locator("h1")).to_contain_text("新办")
    summary = page.locator(".live-summary")
    expect(summary).to_contain_text("项不符合办理条件")

    page.get_by_label("户籍所在地").fill("河北省保定市")
    page.get_by_label("最高学位").select_option("master")
    page.get_by_label("参加工作日期").fill("2015-07-01")
    page.get_by_label("专业技术职称").select_option("intermediate")
    page.get_by_label("急需专业或岗位").select_option("SC-001")
    page.get_by_label("劳动合同截止日期").fill(add_years(today, 2).isoformat())
    page.get_by_label("在京固定住所地址").fill("北京市海淀区学院路20号院3号楼502")
    page.get_by_label("住所所在区").select_option("haidian")
    page.get_by_label("住房类型").select_option("owned")
    # hired two months ago: R-P02 (6 months with the unit) appears as soon as the field is left
    page.get_by_label("入职日期").fill(add_months(today, -2).isoformat())
    page.get_by_label("户籍所在地").click()
    panel = page.locator("#live-body")
    expect(panel).to_contain_text("R-P02")
    page.get_by_role("button", name="所列月份个税和社保均由本单位缴纳").click()
    expect(page.locator("#live-body")).not_to_contain_text("R-P05")

    page.locator("#f-file").set_input_files(
        files=[{"name": "zhao.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    page.get_by_role("button", name="上传照片").click()
    expect(page.locator("#photo-block img")).to_be_visible()
    expect(page.locator("#photo-block img")).to_have_js_property("naturalWidth", 295)  # the preview loaded
    expect(page.locator("#live-body")).not_to_contain_text("R-W09")
    expect(page.locator("#live-body")).to_contain_text("R-P02")
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "unit-case-form")

    # the fix: hired 18 months ago
    page.get_by_label("入职日期").fill(add_months(today, -18).isoformat())
    page.get_by_label("户籍所在地").click()
    expect(page.locator("#live-body")).not_to_contain_text("R-P02")
    expect(page.locator(".live-summary")).to_contain_text("目前符合全部办理条件")

    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".facts").first).to_contain_text("已提交（待初审）")
    expect(page.locator("[role=status]").first).to_contain_text("已提交")
    assert_accessible(page)
