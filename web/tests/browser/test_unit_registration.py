"""Unit self-registration in a real browser: the guided form checks the USCC, the operator's ID
number and the password as they are typed (errors appear and clear), then the window page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from core.testing import id_number, uscc
from web.tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)



def _blur(page):
    page.get_by_label("单位地址").click()


def test_r_u02_r_p09_registration_errors_appear_and_clear_then_window_page(page, clock):
    good_uscc, good_id = uscc(), id_number(dt.date(1988, 3, 1), "F")
    page.goto("/register")
    assert_accessible(page)
    # the error slot is a polite live region that stays on the page: only its content is swapped,
    # so a screen reader announces the message (a replaced element would not be announced)
    expect(page.locator("#e-uscc")).to_have_attribute("aria-live", "polite")
    page.locator("#e-uscc").evaluate("slot => { slot.dataset.kept = 'yes'; }")

    page.get_by_label("单位名称").fill("北京晨光软件有限公司")
    page.get_by_label("统一社会信用代码").fill(good_uscc[:17] + ("0" if good_uscc[17] != "0" else "1"))
    _blur(page)
    expect(page.locator("#e-uscc")).to_contain_text("R-U02")
    expect(page.locator("#e-uscc")).to_have_attribute("data-kept", "yes")
    expect(page.locator("#e-uscc")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#e-uscc")).to_contain_text("校验位")
    expect(page.locator("#f-uscc")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("统一社会信用代码").fill(good_uscc)
    _blur(page)
    expect(page.locator("#e-uscc")).to_be_empty()
    expect(page.locator("#f-uscc")).not_to_have_attribute("aria-invalid", "true")

    page.get_by_label("单位类型").select_option("enterprise")
    page.get_by_label("注册所在区").select_option("haidian")
    page.get_by_label("单位地址").fill("北京市海淀区中关村大街1号")
    page.get_by_label("主营业务").fill("软件开发")
    page.get_by_label("上年度纳税额（元）").fill("1200000")
    page.get_by_label("员工人数").fill("120")
    page.get_by_label("拟办证人数").fill("5")
    page.get_by_label("法定代表人").fill("王建国")
    page.get_by_label("经办人姓名").fill("李经办")

    page.get_by_label("经办人身份证号码").fill(good_id[:-1] + ("1" if good_id[-1] != "1" else "2"))
    _blur(page)
    expect(page.locator("#e-operator_id_number")).to_contain_text("R-P09")
    assert_accessible(page)
    screenshot(page, "registration")
    page.get_by_label("经办人身份证号码").fill(good_id)
    _blur(page)
    expect(page.locator("#e-operator_id_number")).to_be_empty()

    page.get_by_label("经办人手机号码").fill("13800138000")
    page.get_by_label("用户名").fill("chenguang_hr")
    page.get_by_label("密码", exact=True).fill("12345678")
    _blur(page)
    expect(page.locator("#e-password")).not_to_be_empty()
    page.get_by_label("密码", exact=True).fill("Chenguang-2026")
    _blur(page)
    expect(page.locator("#e-password")).to_be_empty()
    page.get_by_label("再次输入密码").fill("Chenguang-2025")
    _blur(page)
    expect(page.locator("#e-password_confirm")).to_contain_text("不一致")
    page.get_by_label("再次输入密码").fill("Chenguang-2026")
    _blur(page)
    expect(page.locator("#e-password_confirm")).to_be_empty()

    page.get_by_role("button", name="提交注册").click()
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")
    body = page.locator("main").inner_text()
    assert "REG-01" in body and "REG-03" in body
    assert "海淀区" in body and "chenguang_hr" in body
    assert_accessible(page)
