"""The public pages in a real browser: home and verification, accessible (axe-core)."""

import pytest

from web.tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_and_verify_pages_render_in_chinese_and_pass_axe(page):
    page.goto("/")
    assert page.locator("h1").first.inner_text() == "北京市工作居住证管理系统"
    assert_accessible(page)
    screenshot(page, "home")
    page.get_by_role("link", name="真伪验证").first.click()
    page.get_by_label("工作居住证编号").fill("BJ20269999999")
    page.get_by_label("持证人姓名（全名）").fill("张三")
    page.get_by_role("button", name="验证").click()
    assert "未找到" in page.locator("[role=status]").inner_text()
    assert_accessible(page)


def test_materials_calendar_and_policy_pages_pass_axe(page):
    for path, name in [("/materials", "materials"), ("/window-hours", "window-hours"), ("/policy", None)]:
        page.goto(path)
        assert_accessible(page)
        if name:
            screenshot(page, name)
