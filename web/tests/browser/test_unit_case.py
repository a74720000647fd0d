"""A new case in a real browser: the panel follows the form as it is filled, an eligibility problem
appears in the panel as soon as the field is left and disappears when fixed, the photo is
previewed; 提交申请 leads to 核对信息 (every answer with its 修改 link; without the 诚信声明 the
error summary says so), then to 申请已提交 with the case number and the district window (issue 13,
point 3), axe-clean at 100% and 200% zoom."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from cases.models import Case
from core import clock as system_clock
from core.dates import add_months
from ops.demo import id_number, photo
from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, refused, screenshot
from web.tests.browser.pages import CaseForm, Portal

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_p02_problem_appears_live_is_fixed_and_the_case_is_submitted(page, zoomed_page, clock, make_unit):
    clock("2026-06-15")
    today = system_clock.today()
    _, unit_id = make_unit("haidian")
    Portal(page).sign_in(unit_id)
    expect(page.locator("h1")).to_contain_text("北京示例科技有限公司")

    page.get_by_role("link", name="业务申请").click()
    page.get_by_role("link", name="新建申请").click()
    page.get_by_role("link", name="新办", exact=True).click()
    form = CaseForm(page)
    form.create_draft("赵敏", id_number(dt.date(1991, 2, 3), "F"))
    expect(page.locator("h1")).to_contain_text("新办")
    expect(form.summary).to_contain_text("项不符合办理条件")

    # hired two months ago: R-P02 (6 months with the unit) appears as soon as the field is left
    form.fill_applicant(today, started_on=add_months(today, -2))
    form.enter()
    expect(form.live).to_contain_text("R-P02")
    form.pay_every_month_by_the_unit()
    expect(form.live).not_to_contain_text("R-P05")

    form.upload_photo("zhao.jpg", photo())
    expect(form.photo).to_be_visible()
    expect(form.photo).to_have_js_property("naturalWidth", 295)  # the preview loaded
    expect(form.live).not_to_contain_text("R-W09")
    expect(form.live).to_contain_text("R-P02")
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "unit-case-form")

    # the fix: hired 18 months ago
    form.enter(started_on=add_months(today, -18).isoformat())
    expect(form.live).not_to_contain_text("R-P02")
    expect(form.summary).to_contain_text("目前符合全部办理条件")

    # 核对信息: every answer, each with a 修改 link back to its field
    form.check()
    case = Case.objects.get()
    expect(page.locator("h1")).to_have_text("核对信息")
    started = page.locator(".summary-list > div", has_text="入职日期")
    expect(started).to_contain_text(add_months(today, -18).isoformat())
    expect(page.locator("#eligibility-title + p")).to_have_text("全部条件均已满足。")
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "unit-case-check")
    started.get_by_role("link", name="修改 入职日期").click()
    expect(page).to_have_url(f"{page.url.split('/unit/')[0]}/unit/cases/{case.pk}#f-employment-started_on")
    form.check()

    # 提交申请 without the 诚信声明: the error summary at the top says so and links to the box
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("请阅读诚信声明并勾选后再提交")
    refused(page, 400)
    summary.get_by_role("link").click()
    expect(page.get_by_role("checkbox", name="我已阅读并作出以上诚信声明（告知承诺）")).to_be_focused()
    assert_accessible(page)
    Portal(zoomed_page).sign_in(unit_id)  # 200% zoom
    zoomed_page.goto(f"/unit/cases/{case.pk}/check")
    assert_no_sideways_scroll(zoomed_page)
    assert_accessible(zoomed_page)

    # 申请已提交: the number in large type, the window, the materials, how to follow it
    form.commit()
    page.get_by_role("button", name="提交申请").click()
    expect(form.reference).to_have_text(case.number)
    expect(page.locator("h1")).to_have_text("申请已提交")
    expect(page.locator(".facts")).to_contain_text("海淀区办理窗口")
    expect(page.locator(".facts")).to_contain_text("最近的办理时间")
    expect(page.locator("ol.checklist")).to_contain_text("NEW-01")
    expect(page.get_by_role("link", name="办件进度查询")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "unit-case-submitted")
    zoomed_page.goto(f"/unit/cases/{case.pk}/submitted")
    assert_no_sideways_scroll(zoomed_page)
    assert_accessible(zoomed_page)
    form.open_from_confirmation()
    expect(form.facts).to_contain_text("已提交（待初审）")
