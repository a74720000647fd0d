"""The annual inspection page in a real browser: in the season, the unit's inspection and the
selected staff's in one action, each permit's result shown; then the rest in one click."""

import pytest
from playwright.sync_api import expect

from inspections.models import PersonInspection, UnitInspection
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Portal

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_i01_inspection_batch_page(page, clock, make_unit, file_new_case):
    clock("2025-06-02")
    api, unit_id = make_unit("haidian")
    permits = [file_new_case(api, until="approved")["permit_no"] for _ in range(3)]
    clock("2026-04-10")
    Portal(page).sign_in(unit_id)
    page.get_by_role("link", name="年检", exact=True).click()
    expect(page.locator("h1")).to_have_text("2026年年检")
    assert_accessible(page)

    page.locator(f"#p-{permits[0]}").check()
    page.locator(f"#p-{permits[1]}").check()
    page.get_by_role("button", name="年检所选人员").click()
    result = page.get_by_role("region", name="年检结果")
    expect(result).to_contain_text("单位2026年度年检已通过")
    expect(result).to_contain_text("通过2人，未通过0人")
    expect(result.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    screenshot(page, "unit-inspection")

    page.get_by_role("button", name="年检全部未完成的人员").click()
    expect(page.get_by_role("region", name="年检结果")).to_contain_text("通过1人")
    assert UnitInspection.objects.filter(unit_id=unit_id, year=2026).count() == 1
    assert set(PersonInspection.objects.filter(year=2026).values_list("permit__permit_no", flat=True)) == set(
        permits
    )
