"""The registration done page in a real browser (issue 13, point 9): the registration number in
large type, the district window's address, office, telephone and next open hours, REG-01 to
download; axe-clean at 100% and 200% zoom."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from web.registration import SESSION_KEY
from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _as_the_registering_browser(page, live_server, unit_id: int) -> None:
    session = SessionStore()
    session[SESSION_KEY] = unit_id
    session.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def test_the_done_page_names_the_window_and_offers_reg_01(open_page, live_server, clock, make_unit):
    clock("2026-06-15")
    _, unit_id = make_unit("chaoyang", active=False)
    page = open_page(viewport={"width": 1366, "height": 900})
    _as_the_registering_browser(page, live_server, unit_id)
    page.goto("/register/done")
    expect(page.locator("#registration-reference")).to_have_text(str(unit_id))
    expect(page.locator(".facts")).to_contain_text("朝阳区曙光西里1号")
    expect(page.locator(".facts")).to_contain_text("朝阳区人事局调配科")
    address = page.locator(".facts dt", has_text="地址").locator("xpath=following-sibling::dd[1]")
    expect(address).to_contain_text("朝阳区曙光西里1号")
    expect(address).not_to_contain_text("调配科")  # a department is not an address
    expect(page.get_by_text("窗口下次受理")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="《关于办理单位注册的申请》（Word，已填好本单位信息）").click()
    assert download.value.suggested_filename == "unit-registration-application.docx"
    assert_accessible(page)
    screenshot(page, "registration-done")

    zoomed = open_page(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    _as_the_registering_browser(zoomed, live_server, unit_id)
    zoomed.goto("/register/done")
    assert_no_sideways_scroll(zoomed)
    assert_accessible(zoomed)
