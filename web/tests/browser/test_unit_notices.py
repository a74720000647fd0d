"""The unit hears what was decided (issue 12 point 1), in a real browser: after the city approves a
`new` case, the dashboard's block 可领证 says where and when to collect the card (the district
window's address and its next open hours), the inbox holds the approval's notices, and the settings
say which notices always arrive."""

import pytest
from playwright.sync_api import expect

from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Portal, UnitNotices

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_w04_the_unit_is_told_its_card_is_ready_for_collection(page, clock, make_unit, file_new_case):
    clock("2026-06-13")  # a Saturday: the window next opens on Monday, whatever the time of day
    api, unit_id = make_unit("haidian")
    case = file_new_case(api, until="approved")
    waiting = file_new_case(api, until="district_passed")

    Portal(page).sign_in(unit_id)
    notices = UnitNotices(page)
    expect(notices.ready).to_contain_text(case["number"])
    expect(notices.ready).to_contain_text(case["permit_no"])
    expect(notices.ready).to_contain_text("海淀区人事局调配科")
    expect(notices.ready).to_contain_text("2026年6月15日（星期一）09:00–17:00")
    expect(notices.ready).not_to_contain_text(waiting["number"])
    expect(page.get_by_role("region", name="最新提醒")).to_contain_text("可取证")
    assert_accessible(page)
    screenshot(page, "unit-ready-for-collection")

    notices.open_inbox()
    ready = notices.notice("可取证：请到海淀区办理窗口领取证件")
    expect(ready).to_contain_text("最近的办理时间：2026年6月15日（星期一）09:00–17:00")
    expect(ready).to_contain_text("未读")
    expect(notices.notice("申请已批准")).to_contain_text(case["permit_no"])
    expect(notices.always_sent).to_contain_text("可取证")
    expect(page.get_by_role("checkbox", name="办理结果：申请已批准")).to_be_checked()
    expect(page.get_by_role("checkbox", name="可取证：请到窗口领取证件")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "unit-inbox-decisions")

    ready.get_by_role("button", name="标为已读").click()
    expect(ready).not_to_contain_text("未读")
