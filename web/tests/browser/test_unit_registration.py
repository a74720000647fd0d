"""Unit self-registration in a real browser: the guided form checks the USCC, the operator's ID
number and the password as they are typed (errors appear and clear), then the window page."""

import pytest
from playwright.sync_api import expect

from ops.demo import registration
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_u02_r_p09_registration_errors_appear_and_clear_then_window_page(page, clock):
    body = registration("chenguang_hr", password="Chenguang-2026", name="北京晨光软件有限公司")
    good_uscc, good_id = body["uscc"], body["operator"]["id_number"]
    form = Registration(page)
    form.open()
    assert_accessible(page)
    # the error slot is a polite live region that stays on the page: only its content is swapped,
    # so a screen reader announces the message (a replaced element would not be announced)
    expect(form.error("uscc")).to_have_attribute("aria-live", "polite")
    form.error("uscc").evaluate("slot => { slot.dataset.kept = 'yes'; }")

    form.fill_from(body, "name")
    form.enter(uscc=good_uscc[:17] + ("0" if good_uscc[17] != "0" else "1"))
    expect(form.error("uscc")).to_contain_text("R-U02")
    expect(form.error("uscc")).to_have_attribute("data-kept", "yes")
    expect(form.error("uscc")).to_have_attribute("aria-live", "polite")
    expect(form.error("uscc")).to_contain_text("校验位")
    expect(form.field("uscc")).to_have_attribute("aria-invalid", "true")
    form.enter(uscc=good_uscc)
    expect(form.error("uscc")).to_be_empty()
    expect(form.field("uscc")).not_to_have_attribute("aria-invalid", "true")

    form.fill_from(  # the rest of the unit, and the operator's name
        body, "entity_type", "district", "address", "main_business", "last_year_tax_cny",
        "employee_count", "planned_permit_count", "legal_representative", "operator_name",
    )

    form.enter(operator_id_number=good_id[:-1] + ("1" if good_id[-1] != "1" else "2"))
    expect(form.error("operator_id_number")).to_contain_text("R-P09")
    assert_accessible(page)
    screenshot(page, "registration")
    form.enter(operator_id_number=good_id)
    expect(form.error("operator_id_number")).to_be_empty()

    form.fill_from(body, "operator_phone", "username")
    form.enter(password="12345678")
    expect(form.error("password")).not_to_be_empty()
    form.enter(password="Chenguang-2026")
    expect(form.error("password")).to_be_empty()
    form.enter(password_confirm="Chenguang-2025")
    expect(form.error("password_confirm")).to_contain_text("不一致")
    form.enter(password_confirm="Chenguang-2026")
    expect(form.error("password_confirm")).to_be_empty()

    form.submit()
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")
    body = page.locator("main").inner_text()
    assert "REG-01" in body and "REG-03" in body
    assert "海淀区" in body and "chenguang_hr" in body
    assert_accessible(page)
