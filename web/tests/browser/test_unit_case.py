"""A new case in a real browser: the draft saves itself as it is filled, an eligibility problem
appears in the panel as soon as the field is left and disappears when fixed, the photo is
previewed, and the case is submitted."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from core import clock as system_clock
from core.dates import add_months
from ops.demo import id_number, photo
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import CaseForm, Portal

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_p02_problem_appears_live_is_fixed_and_the_case_is_submitted(page, clock, make_unit):
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

    form.submit()
    expect(form.facts).to_contain_text("已提交（待初审）")
    expect(page.locator("[role=status]").first).to_contain_text("已提交")
    assert_accessible(page)
