"""The unit's case page says where and when to collect an approved card (issue 12 point 1), in a real
browser: from the dashboard's 可领证 to the case, whose own block 可领证 names the district window,
its office and telephone and its next open hours (R-W04, R-W08); once the district records the
collection, the block is gone."""

import pytest
from playwright.sync_api import expect

from reference.models import District
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import Portal, UnitCaseCollection

pytestmark = pytest.mark.django_db(transaction=True)


def test_r_w04_the_case_page_of_an_approved_card_says_where_to_collect_it(
    page, clock, make_unit, file_new_case, officials
):
    clock("2026-06-13")  # a Saturday: the window next opens on Monday, whatever the time of day
    api, unit_id = make_unit("haidian")
    case = file_new_case(api, until="approved")
    haidian = District.objects.get(code="haidian")

    Portal(page).sign_in(unit_id)
    collection = UnitCaseCollection(page)
    collection.open_from_dashboard(case["number"])
    expect(collection.facts).to_contain_text("已批准")
    expect(collection.block).to_contain_text("证件已批准，可以领取")
    expect(collection.block).to_contain_text("海淀区办理窗口")
    expect(collection.block).to_contain_text(haidian.phone)
    expect(collection.block).to_contain_text("2026年6月15日（星期一）09:00–17:00")
    assert_accessible(page)
    screenshot(page, "unit-case-ready-for-collection")

    path = f"/applications/{case['id']}/collection"
    assert officials["haidian"].post(path, {"collected_by": "holder"}).status_code == 200
    page.reload()
    expect(collection.facts).to_contain_text("已领证")
    expect(collection.block).to_have_count(0)
