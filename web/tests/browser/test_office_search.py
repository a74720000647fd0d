"""The workbench's search box in a real browser (issue 12, point 2): a reviewer types a case number
in lower case and lands on the case; scans a printed form's QR code (the scanner types the case
number and Enter) and lands on the case; types a permit number in full width and lands on the
permit; types a holder's ID number and gets the list of what matches, masked, then opens one; an
empty search is told what to type. axe-core on each page; screenshot office-search."""

import re

import pytest

from conftest import Held
from core.crypto import mask_id
from permits.models import Permit
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import OfficeSearch, Workbench

pytestmark = pytest.mark.django_db(transaction=True)

FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ASCII to its full-width form (U+FF01…)


def test_search_box_to_the_case_the_permit_and_a_list(page, held: Held) -> None:
    number, case_id = held.case["number"], held.case["id"]
    id_number = Permit.objects.get(permit_no=held.permit_no).holder.id_number
    desk, search = Workbench(page), OfficeSearch(page)
    desk.sign_in("hd_reviewer")

    # a case number typed in lower case: straight to the case
    search.find(number.lower())
    page.wait_for_url(re.compile(rf".*/office/cases/{case_id}/$"))
    page.get_by_role("heading", level=1, name=re.compile(number)).wait_for()

    # the printed form's QR code, as a scanner types it: the case number and Enter
    page.get_by_role("link", name="办件队列").click()
    search.scan(number)
    page.wait_for_url(re.compile(rf".*/office/cases/{case_id}/$"))

    # a permit number in full width: straight to the permit
    search.find(held.permit_no.translate(FULL_WIDTH))
    page.wait_for_url(re.compile(rf".*/office/permits/{held.permit_no}/$"))
    page.get_by_role("heading", level=1, name=re.compile(held.permit_no)).wait_for()

    # a holder's ID number: the permit and the case, listed masked; the number stays out of the URL
    search.find(id_number)
    page.get_by_role("heading", level=1, name="查找结果").wait_for()
    assert page.url.endswith("/office/search")
    status = page.get_by_role("status").filter(has_text="相符的有 2 项")
    assert mask_id(id_number) in status.inner_text()
    assert id_number not in page.content()
    assert page.get_by_role("row").filter(has_text="张*").count() == 2
    assert_accessible(page)
    screenshot(page, "office-search")
    page.get_by_role("link", name=number, exact=True).click()
    page.wait_for_url(re.compile(rf".*/office/cases/{case_id}/$"))

    # nothing typed: told what to type, the message linked to the box
    search.find("")
    page.get_by_role("alert").get_by_role("link", name="请输入办件编号、证件编号或身份证号码。").click()
    assert page.evaluate("document.activeElement.id") == "office-search-q"
    assert_accessible(page)


def test_another_districts_case_is_not_found(page, held: Held) -> None:
    Workbench(page).sign_in("cy_reviewer")
    OfficeSearch(page).find(held.case["number"])
    page.get_by_role("status").filter(has_text="没有找到").wait_for()
    assert "只能查到本区单位的办件和证件。" in page.content()
    assert_accessible(page)
