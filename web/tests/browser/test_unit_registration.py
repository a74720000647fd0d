"""Unit self-registration in a real browser, in four steps (issue 13, point 2): 单位信息 → 经办人 →
账号 → 确认. 下一步 with missing answers brings the error summary (focused, each error named and
linked to its field); a message clears as soon as its field is good (no stale 请填写…); the USCC, the
operator's ID number and the password are checked as they are typed; 确认 lists every answer with a
修改 link back to its step; then the window page. axe-clean at 100% and 200% zoom, and the steps work
without JavaScript. Screenshots registration (step 1), registration-error-summary, registration-check."""

import re

import pytest
from playwright.sync_api import expect

from ops.demo import registration
from units.models import Unit
from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, refused, screenshot
from web.tests.browser.pages import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_u02_r_p09_registration_in_four_steps_errors_summarised_and_cleared_then_window_page(page, clock):
    body = registration("chenguang_hr", password="Chenguang-2026", name="北京晨光软件有限公司")
    good_uscc, good_id = body["uscc"], body["operator"]["id_number"]
    form = Registration(page)
    form.open()
    expect(form.current).to_have_text("单位信息")
    expect(page.get_by_text("第 1 步，共 4 步")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "registration")

    # 下一步 with most of step 1 missing: the summary, focused, names and links every missing field
    form.fill_from(body, "name", "entity_type")
    form.next()
    expect(form.summary).to_be_focused()
    refused(page, 400)
    for said in ("请填写统一社会信用代码。", "请选择注册所在区。", "请填写单位地址。", "请填写拟办证人数。"):
        expect(form.summary.get_by_role("link", name=said)).to_be_visible()
    expect(form.summary).not_to_contain_text("单位名称")  # what was answered is not in it
    expect(page).to_have_title(re.compile("^错误：单位信息"))
    assert_accessible(page)
    screenshot(page, "registration-error-summary")
    form.summary.get_by_role("link", name="请填写单位地址。").click()
    expect(form.field("address")).to_be_focused()
    expect(form.error("address")).to_have_text("请填写单位地址。")
    expect(form.field("address")).to_have_attribute("aria-invalid", "true")
    # the message beside a field clears as soon as it is filled: no stale 请填写…
    form.enter(address=body["address"])
    expect(form.error("address")).to_be_empty()
    expect(form.field("address")).not_to_have_attribute("aria-invalid", "true")
    form.fill(district="haidian")
    expect(form.error("district")).to_be_empty()
    expect(form.field("district")).not_to_have_attribute("aria-invalid", "true")

    # the error slot is a polite live region that stays on the page: only its content is swapped,
    # so a screen reader announces the message (a replaced element would not be announced)
    expect(form.error("uscc")).to_have_attribute("aria-live", "polite")
    form.error("uscc").evaluate("slot => { slot.dataset.kept = 'yes'; }")
    form.enter(uscc=good_uscc[:17] + ("0" if good_uscc[17] != "0" else "1"))
    expect(form.error("uscc")).to_contain_text("R-U02")
    expect(form.error("uscc")).to_have_attribute("data-kept", "yes")
    expect(form.error("uscc")).to_have_attribute("aria-live", "polite")
    expect(form.error("uscc")).to_contain_text("校验位")
    expect(form.field("uscc")).to_have_attribute("aria-invalid", "true")
    form.enter(uscc=good_uscc)
    expect(form.error("uscc")).to_be_empty()
    expect(form.field("uscc")).not_to_have_attribute("aria-invalid", "true")
    form.fill_from(body, "main_business", "last_year_tax_cny", "employee_count", "planned_permit_count",
                   "legal_representative")
    form.next()

    # 经办人
    expect(form.current).to_have_text("经办人")
    expect(page.get_by_text("第 2 步，共 4 步")).to_be_visible()
    form.fill_from(body, "operator_name")
    form.enter(operator_id_number=good_id[:-1] + ("1" if good_id[-1] != "1" else "2"))
    expect(form.error("operator_id_number")).to_contain_text("R-P09")
    assert_accessible(page)
    form.enter(operator_id_number=good_id)
    expect(form.error("operator_id_number")).to_be_empty()
    form.fill_from(body, "operator_phone")
    form.next()

    # 账号
    expect(form.current).to_have_text("账号")
    form.fill_from(body, "username")
    form.enter(password="12345678")
    expect(form.error("password")).not_to_be_empty()
    form.enter(password="Chenguang-2026")
    expect(form.error("password")).to_be_empty()
    form.enter(password_confirm="Chenguang-2025")
    expect(form.error("password_confirm")).to_contain_text("不一致")
    form.enter(password_confirm="Chenguang-2026")
    expect(form.error("password_confirm")).to_be_empty()
    form.next()

    # 确认: every answer by step; 修改 goes back to the step and returns here
    expect(form.current).to_have_text("确认")
    expect(page.locator("h1")).to_have_text("确认注册信息")
    answers = page.locator("main").inner_text()
    for shown in ("北京晨光软件有限公司", good_uscc, "海淀区", "李经办", good_id, "13800138000",
                  "chenguang_hr"):
        assert shown in answers, shown
    assert "Chenguang-2026" not in answers
    assert not Unit.objects.exists()  # nothing written before 提交注册
    assert_accessible(page)
    screenshot(page, "registration-check")
    page.get_by_role("link", name="修改 经办人手机号码").click()
    expect(form.current).to_have_text("经办人")
    expect(form.field("operator_phone")).to_have_value("13800138000")  # the answers are kept
    form.fill(operator_phone="010-84409410")
    form.next("保存并返回确认")
    expect(page.locator("h1")).to_have_text("确认注册信息")
    expect(page.locator("main")).to_contain_text("010-84409410")

    form.submit()
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")
    body_text = page.locator("main").inner_text()
    assert "REG-01" in body_text and "REG-03" in body_text
    assert "海淀区" in body_text and "chenguang_hr" in body_text
    assert Unit.objects.get().operator_phone == "010-84409410"
    assert_accessible(page)


def test_the_steps_are_accessible_at_200_percent_and_work_without_javascript(zoomed_page, open_page, clock):
    form = Registration(zoomed_page)
    form.open()
    form.next()  # nothing answered: the summary at 200% zoom
    expect(form.summary).to_be_visible()
    refused(zoomed_page, 400)
    assert_no_sideways_scroll(zoomed_page)
    assert_accessible(zoomed_page)
    body = registration("zoomed_hr", password="Zoomed-in-2026", name="北京放大科技有限公司")
    form.answer_steps(body)
    assert_no_sideways_scroll(zoomed_page)
    assert_accessible(zoomed_page)

    # JavaScript off: the four steps and the refusal are the server's, so they work the same
    plain = Registration(open_page(java_script_enabled=False))
    other = registration("plain_hr", password="Plain-form-2026", name="北京无脚本科技有限公司")
    plain.open()
    plain.next()
    expect(plain.error("name")).to_have_text("请填写单位名称。")
    refused(plain.page, 400)
    plain.register(other)
    expect(plain.page.locator("h1")).to_have_text("注册已提交，请到窗口核验")
    assert Unit.objects.get().name == "北京无脚本科技有限公司"
