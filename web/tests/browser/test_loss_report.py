"""R-W11 in a real browser (issue 12, point 4): the unit reports a card lost from the permit page,
behind a confirmation, and /verify then tells a guard at the door not to accept it; a replacement
case offers the report at once and comes back to the case. Screenshots unit-loss-report and
verify-reported-lost; axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from permits.models import Permit
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import LossReport, Portal, Verification

pytestmark = pytest.mark.django_db(transaction=True)
HOLDER = "张伟"  # ops.demo's applicant


def test_r_w11_the_unit_reports_a_card_lost_and_verify_says_do_not_accept_it(
    page, clock, make_unit, file_new_case
):
    api, unit_id = make_unit("haidian")
    permit_no = file_new_case(api)["permit_no"]
    check = Verification(page)
    check.open()
    check.check(permit_no, HOLDER)
    expect(check.result).to_contain_text("验证结果：有效")

    Portal(page).sign_in(unit_id)
    loss = LossReport(page)
    loss.open_permit(permit_no)
    loss.start()
    expect(page.locator("h1")).to_contain_text("挂失证件")
    expect(page.get_by_role("region", name="挂失后会怎样")).to_contain_text("立即生效")
    assert Permit.objects.get(permit_no=permit_no).lost_reported_at is None  # nothing yet: a confirmation
    assert_accessible(page)
    screenshot(page, "unit-loss-report")

    loss.confirm("6月14日在地铁上遗失")
    expect(page.get_by_role("status").first).to_contain_text(f"证件 {permit_no} 已挂失")
    expect(loss.lost).to_contain_text("挂失")
    expect(page.get_by_role("link", name="挂失这张证件", exact=True)).to_have_count(0)
    assert_accessible(page)

    check.open()
    check.check(permit_no, HOLDER)
    expect(check.result).to_contain_text("验证结果：已挂失，证件不能使用")
    expect(check.result).to_contain_text("请不要接受这张证件")
    assert_accessible(page)
    screenshot(page, "verify-reported-lost")


def test_r_w11_the_replacement_case_offers_the_report_at_once(page, clock, make_unit, file_new_case):
    api, unit_id = make_unit("haidian")
    permit_no = file_new_case(api)["permit_no"]
    case = api.post("/applications", {"type": "replacement", "permit_no": permit_no, "reason": "lost"}).json()

    Portal(page).sign_in(unit_id)
    page.goto(f"/unit/cases/{case['id']}")
    offer = page.get_by_role("region", name="证件遗失？请先挂失")
    expect(offer).to_be_visible()
    assert_accessible(page)
    LossReport(page).start_from_case()
    LossReport(page).confirm()
    page.wait_for_url(re.compile(rf".*/unit/cases/{case['id']}$"))
    expect(offer).to_have_count(0)
    expect(page.get_by_text(re.compile("这张证件已于.*挂失"))).to_be_visible()
    assert Permit.objects.get(permit_no=permit_no).reported_lost
