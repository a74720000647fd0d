"""办件进度查询 in a real browser: an HR clerk follows the link on the unit's case page, types the
applicant's name and reads the steps and what happens next; a wrong name reads "not found"."""

import pytest
from playwright.sync_api import expect

from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, screenshot
from web.tests.browser.pages import Portal, ProgressLookup

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_looks_up_a_case_whose_card_is_ready(page, held):
    """`held`'s new case is approved: 提交, 初审, 审批 and 可取证 are done, 领证 is the current step,
    and the page says where the district window is and when it next opens."""
    Portal(page).sign_in(held.unit_id)
    page.goto(f"/unit/cases/{held.case['id']}")
    lookup = ProgressLookup(page)
    lookup.follow_from_case_page()
    expect(lookup.number).to_have_value(held.case["number"])
    lookup.look_up(None, "张伟")

    expect(lookup.result).to_contain_text("办理进度：已批准")
    steps = lookup.steps()
    assert [name for name, _ in steps] == ["提交", "初审", "审批", "可取证", "领证"]
    assert all(state.startswith("已完成") for _, state in steps[:4])
    assert steps[4] == ("领证", "当前环节")
    expect(lookup.result).to_contain_text("可以领证")
    expect(lookup.result).to_contain_text("海淀区人事局调配科")
    expect(lookup.result).to_contain_text("窗口最近开放时间")
    expect(lookup.result).to_contain_text("张*")
    expect(lookup.result).not_to_contain_text("张伟")
    assert_accessible(page)
    screenshot(page, "progress")


def test_a_wrong_name_reads_not_found_and_the_page_reflows(page, zoomed_page, held):
    lookup = ProgressLookup(page)
    lookup.open()
    lookup.look_up(held.case["number"], "张三")
    expect(lookup.result).to_contain_text("查询结果：未找到")
    expect(page.locator(".progress-steps")).to_have_count(0)
    assert_accessible(page)

    zoomed = ProgressLookup(zoomed_page)
    zoomed.open()
    zoomed.look_up(held.case["number"], "张伟")
    expect(zoomed.result).to_contain_text("办理进度：已批准")
    assert_no_sideways_scroll(zoomed_page)
    assert zoomed_page.get_by_role("link", name="办件进度").first.is_visible()
