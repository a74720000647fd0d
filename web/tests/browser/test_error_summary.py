"""Issue 13 point 1 in a real browser: a refused decision on the workbench's case page (初审通过 with
nothing ticked, 不予通过 without an opinion) used to reload at the top with its message ~2,800 px
lower; now the error summary is at the top, in view, focused, and its link takes the clerk to the
control. The same on a public form (/verify with nothing typed). axe-clean at 100% and 200% zoom.
Screenshot office-case-error-summary."""

import pytest

from web.tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, refused, screenshot
from web.tests.browser.pages import Workbench

pytestmark = pytest.mark.django_db(transaction=True)



def summary_on_top(page):
    """The summary: visible in the window as the page opens, and focused (static/js/error-summary.js)."""
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    box = summary.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] and box["y"] + min(box["height"], height / 2) <= height
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    return summary


def follow(summary, text: str) -> str:
    """Click the summary's link that says `text`; the id of the element then focused."""
    summary.get_by_role("link").filter(has_text=text).click()
    return summary.page.evaluate("() => document.activeElement.id")


def test_a_refused_review_is_summarised_at_the_top_and_linked_to_its_control(
    page, zoomed_page, make_unit, file_new_case, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    first = case["checklist"][0]["code"]
    Workbench(page).sign_in("hd_reviewer")
    page.goto(f"/office/cases/{case['id']}/")

    # 初审通过 with nothing ticked: R-W02 at the top, its link to the checklist's first box
    page.get_by_role("button", name="初审通过").click()
    summary = summary_on_top(page)
    refused(page, 422)
    assert "请修改以下问题后再提交" in summary.inner_text() and "R-W02" in summary.inner_text()
    assert_accessible(page)
    screenshot(page, "office-case-error-summary")
    assert follow(summary, "R-W02") == f"received-{first}"
    assert page.locator(f"#received-{first}").is_visible()

    # 不予通过 without an opinion: R-W07, its link to the opinion
    page.get_by_role("button", name="不予通过").click()
    summary = summary_on_top(page)
    refused(page, 422)
    assert "R-W07" in summary.inner_text() and "意见" in summary.inner_text()
    assert follow(summary, "R-W07") == "review-note"
    page.keyboard.type("材料不全")  # the focus is in the box: the clerk types the reason at once
    assert page.locator("#review-note").input_value() == "材料不全"

    # at 200% zoom: the same summary, on top, focused, accessible, nothing sideways
    Workbench(zoomed_page).sign_in("hd_reviewer")
    zoomed_page.goto(f"/office/cases/{case['id']}/")
    zoomed_page.get_by_role("button", name="不予通过").click()
    summary_on_top(zoomed_page)
    refused(zoomed_page, 422)
    assert_accessible(zoomed_page)
    assert_no_sideways_scroll(zoomed_page)


def test_verify_with_nothing_typed_is_summarised_and_linked(page, zoomed_page, db):
    for each in (page, zoomed_page):
        each.goto("/verify")
        each.get_by_role("button", name="验证").click()
        summary = summary_on_top(each)
        assert summary.get_by_role("link").count() == 2
        assert_accessible(each)
    assert follow(summary, "持证人姓名") == "id_name"
