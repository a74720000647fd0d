"""The public pages in a real browser: home and verification, accessible (axe-core)."""

import pytest

from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, screenshot
from web.tests.browser.pages import Portal, SignIn, Verification, Workbench

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_and_verify_pages_render_in_chinese_and_pass_axe(page):
    page.goto("/")
    assert page.locator("h1").first.inner_text() == "北京市工作居住证管理系统"
    assert_accessible(page)
    screenshot(page, "home")
    page.get_by_role("link", name="真伪验证").first.click()
    verification = Verification(page)
    verification.check("BJ20269999999", "张三")
    assert "未找到" in verification.result.inner_text()
    assert_accessible(page)


def test_materials_calendar_and_policy_pages_pass_axe(page):
    for path, name in [("/materials", "materials"), ("/window-hours", "window-hours"), ("/policy", None)]:
        page.goto(path)
        assert_accessible(page)
        if name:
            screenshot(page, name)


def test_pages_work_at_200_percent_zoom_without_sideways_scrolling(zoomed_page):
    """WCAG 1.4.10/1.4.4: at 200% zoom (a 1280-pixel window seen as 640 CSS pixels) nothing needs
    horizontal scrolling and the navigation still reaches every entry."""
    for path in ["/", "/verify", "/materials", "/window-hours", "/login", "/register"]:
        zoomed_page.goto(path)
        assert_no_sideways_scroll(zoomed_page)
        assert zoomed_page.get_by_role("link", name="真伪验证").first.is_visible()


def test_signed_in_pages_work_at_200_percent_zoom(zoomed_page, make_unit, file_new_case, clock):
    clock("2026-06-15")
    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    Portal(zoomed_page).sign_in(unit_id)
    for path in ["/unit/", "/unit/permits", "/unit/cases", f"/unit/cases/{case['id']}"]:
        zoomed_page.goto(path)
        assert_no_sideways_scroll(zoomed_page)
    SignIn(zoomed_page).sign_out()
    Workbench(zoomed_page).sign_in("hd_reviewer")
    for path in ["/office/", f"/office/cases/{case['id']}/", "/office/stats"]:
        zoomed_page.goto(path)
        assert_no_sideways_scroll(zoomed_page)


def test_pages_run_under_the_production_csp_and_a_blocked_script_fails_the_test(page):
    """The guard of every browser test: the page fixture does not bypass the CSP, and what the CSP
    blocks is recorded (the fixture then fails the test); axe runs without a <script> tag."""
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.inlineRan") is None  # the policy refused the inline script
    page.wait_for_timeout(200)  # the console message arrives asynchronously
    assert any("Content Security Policy" in m for m in page.console_errors)
    page.console_errors.clear()  # seen: this test meant to provoke it
    assert_accessible(page)
    assert not page.console_errors  # axe-core itself is not blocked


def test_any_console_error_or_uncaught_exception_is_recorded_and_would_fail_the_test(page):
    """No allow-list: an error logged by a script (htmx logs htmx:oobErrorNoTarget so) or thrown and
    not caught is recorded like a CSP violation; the fixture fails the test on any."""
    page.goto("/")
    page.evaluate("() => { console.error('htmx:oobErrorNoTarget'); setTimeout(() => { throw 'boom'; }); }")
    page.wait_for_timeout(200)
    assert [e.split(": ", 1)[1] for e in page.console_errors] == ["htmx:oobErrorNoTarget", "boom"]
    page.console_errors.clear()  # seen: this test meant to provoke them
