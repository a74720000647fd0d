"""Issue 13, point 7 (and 8's out-of-season page) in a real browser: the top menu on one line at
1366 px and a compact menu on a 390 px phone; the tax and social-insurance month table inside its
box with each month on one line; the queue's dates on one line; out of the inspection season the
page says when it opens and offers no button."""

import pytest
from playwright.sync_api import expect

from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, screenshot
from web.tests.browser.pages import Portal, Workbench

pytestmark = pytest.mark.django_db(transaction=True)

LINES = """(selector) => {
  const tops = [...document.querySelectorAll(selector)].map((e) => Math.round(e.getBoundingClientRect().top));
  return new Set(tops).size;
}"""


def _one_line(page, selector: str) -> None:
    """Every element of `selector` sits on one line, and none breaks inside (height of one line)."""
    heights = page.eval_on_selector_all(
        selector, "(els) => els.map((e) => e.getClientRects().length)"
    )
    assert heights and all(h == 1 for h in heights), (selector, heights)


def test_menu_on_one_line_at_1366_and_compact_on_a_phone(open_page, live_server, clock, make_unit):
    clock("2026-05-02")
    api, unit_id = make_unit("haidian")
    wide = open_page(viewport={"width": 1366, "height": 900})
    Portal(wide).sign_in(unit_id)
    assert wide.evaluate(LINES, ".nav > li") == 1, "the top menu wraps onto two lines at 1366 px"
    wide.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    wide.goto("/unit/")
    expect(wide.locator("html")).to_have_attribute("lang", "en")
    assert wide.evaluate(LINES, ".nav > li") == 1, "the English menu wraps at 1366 px"
    wide.context.clear_cookies(name="django_language")

    # out of the season (R-I01): when it opens, and no button (point 8)
    wide.goto("/unit/inspection")
    expect(wide.locator("#season-closed")).to_contain_text("下一个年检期从2027年4月1日开始")
    expect(wide.locator(".inspection-form button")).to_have_count(0)
    assert_accessible(wide)
    screenshot(wide, "unit-inspection-out-of-season")

    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    Portal(phone).sign_in(unit_id)
    nav = phone.get_by_role("navigation", name="主导航")
    assert phone.evaluate(LINES, ".nav > li") <= 4, "the phone menu takes more than four lines"
    expect(nav.get_by_role("link", name="单位工作台")).to_be_visible()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    screenshot(phone, "phone-menu")


def test_month_table_inside_its_box_and_queue_dates_on_one_line(
    page, open_page, clock, make_unit, file_new_case
):
    clock("2026-06-15")
    api, unit_id = make_unit("haidian")
    submitted = file_new_case(api, until="submitted")
    draft = file_new_case(api, until="draft")
    Portal(page).sign_in(unit_id)
    page.goto(f"/unit/cases/{draft['id']}")
    months = page.locator("table.months")
    expect(months).to_be_visible()
    _one_line(page, "table.months tbody th")
    box = page.locator(".section", has=months).bounding_box()
    table = months.bounding_box()
    assert table["x"] + table["width"] <= box["x"] + box["width"] + 1, "the month table overflows its box"

    workbench = open_page(viewport={"width": 1366, "height": 900})
    Workbench(workbench).sign_in("hd_reviewer")
    expect(workbench.get_by_role("link", name=submitted["number"])).to_be_visible()
    _one_line(workbench, "#queue-results tbody td.date")
    narrow = open_page(viewport={"width": 640, "height": 800}, device_scale_factor=2)  # 200% zoom
    Workbench(narrow).sign_in("hd_reviewer")
    _one_line(narrow, "#queue-results tbody td.date")
