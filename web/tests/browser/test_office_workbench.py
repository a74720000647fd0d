"""The officials' workbench in a real browser: the district ticks the checklist and passes, the city
approves, the district records collection; a supplement request from the office side. Screenshots
office-queue, office-case, office-stats; axe-core on each page."""

import datetime as dt
import re

import pytest

from accounts.actor import Actor
from accounts.models import User
from cases.models import Case, CaseEvent
from cases.ratings import case_rate
from verification.tests.factories import stamp_frozen
from web.tests.browser.conftest import assert_accessible, refused, screenshot
from web.tests.browser.pages import SignIn, Workbench

pytestmark = pytest.mark.django_db(transaction=True)


def decided_cases_for_the_charts(client, unit_id, file_new_case, officials):
    """A few more decided cases, their first submission backdated (no service moves time), one rated:
    something for the statistics page to draw."""
    for days, score in ((3, 5), (6, 4), (13, None)):
        case = Case.objects.get(pk=file_new_case(client)["id"])
        CaseEvent.objects.filter(case=case, action="submit").update(
            at=case.decided_at - dt.timedelta(days=days)
        )
        if score:
            officials["haidian"].post(f"/applications/{case.pk}/collection", {"collected_by": "holder"})
            case_rate(Actor(User.objects.get(unit_id=unit_id), "unit"), case.pk, score=score, comment="")


def test_district_passes_city_approves_district_hands_out(page, officials, make_unit, file_new_case, clock):
    client, unit_id = make_unit("haidian")
    file_new_case(client, until="approved")  # one more in the collection queue
    case = file_new_case(client, until="submitted")
    clock("2026-06-19")
    desk = Workbench(page)

    desk.sign_in("hd_reviewer")
    assert page.locator("h1").inner_text() == "办件队列"
    row = page.get_by_role("row").filter(has_text=case["number"])
    assert row.get_by_role("cell").nth(4).inner_text() == "4"  # days since submission
    assert_accessible(page)
    screenshot(page, "office-queue")

    page.get_by_label("业务类型").select_option("renewal")  # htmx swaps the results in place
    page.get_by_role("status").filter(has_text="共 0 件").wait_for()
    page.get_by_label("业务类型").select_option("new")
    desk.open_case(case["number"])
    page.get_by_role("heading", name=re.compile(case["number"])).wait_for()
    assert page.get_by_role("button", name="初审通过").is_visible()
    assert page.get_by_role("button", name="批准").count() == 0
    assert_accessible(page)
    screenshot(page, "office-case")

    desk.pass_review()
    assert "初审通过。" in desk.message.inner_text()
    assert "初审通过（待审批）" in desk.facts.inner_text()
    SignIn(page).sign_out()

    desk.sign_in("city_approver")
    desk.open_case(case["number"])
    desk.approve()
    assert "已批准。" in desk.message.inner_text()
    permit_no = Case.objects.get(pk=case["id"]).permit.permit_no
    assert permit_no in desk.facts.inner_text()
    SignIn(page).sign_out()

    desk.sign_in("hd_reviewer")
    page.get_by_role("link", name=re.compile("待领证")).click()
    desk.open_case(case["number"])
    desk.record_collection()
    assert "已登记领证。" in desk.message.inner_text()
    assert "已领证" in desk.facts.inner_text()
    assert Case.objects.get(pk=case["id"]).status == "collected"

    decided_cases_for_the_charts(client, unit_id, file_new_case, officials)
    page.get_by_role("link", name="统计").click()
    page.get_by_role("heading", name="统计（海淀区）").wait_for()
    assert page.locator("svg.chart").count() == 5
    assert_accessible(page)
    screenshot(page, "office-stats")


def test_supplement_request_from_the_office_and_back(page, officials, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    code = case["checklist"][0]["code"]
    desk = Workbench(page)
    desk.sign_in("hd_reviewer")
    page.goto(f"/office/cases/{case['id']}/")

    desk.request_supplement()  # nothing ticked: R-W07 beside the checklist
    assert "R-W07" in desk.checklist_error.inner_text()
    refused(page, 422)
    assert_accessible(page)

    desk.request_supplement(missing=(code,), note="请补充加盖公章的劳动合同")
    assert "已通知单位补充材料。" in desk.message.inner_text()
    assert code in desk.facts.inner_text()

    assert client.post(f"/applications/{case['id']}/submit").status_code == 200  # the unit resubmits
    page.goto("/office/")
    desk.open_case(case["number"])
    assert "补正后重新提交" in page.locator("#history-title + .table-scroll table").inner_text()


def test_every_other_workbench_page_passes_axe(page, officials, make_unit, file_new_case, clock):
    from django.utils import timezone

    from accounts.roles import Role
    from enforcement.services import investigation_start, penalty_impose
    from units.models import Unit

    client, unit_id = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    _, pending_id = make_unit("haidian", active=False)
    _, frozen_id = make_unit("haidian")
    Unit.objects.filter(pk=frozen_id).update(status="frozen")  # the 2 May job's doing
    stamp_frozen(permit_no, timezone.now())
    reviewer = User.objects.get(username="hd_reviewer")
    penalty_impose(
        Actor(reviewer, Role.DISTRICT_REVIEWER),
        kind="unit_review_failure",
        note="未履行审核职责",
        unit_id=unit_id,
    )
    stamp_frozen(permit_no, None)
    investigation = investigation_start(Actor(reviewer, Role.DISTRICT_REVIEWER), size=3)
    stamp_frozen(permit_no, timezone.now())

    desk = Workbench(page)
    desk.sign_in("hd_reviewer")
    for path in [
        "/office/units/",
        f"/office/units/{pending_id}/",
        "/office/frozen-units/",
        f"/office/units/{frozen_id}/",
        "/office/frozen-permits/",
        "/office/late-cancellations/",
        "/office/omitted-cancellations/",
        "/office/penalties/",
        "/office/investigations/",
        f"/office/investigations/{investigation.pk}/",
    ]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)

    page.goto(f"/office/units/{pending_id}/")  # a refusal shown beside the checklist
    desk.verify_unit(received=["REG-01"])
    assert "R-W02" in desk.checklist_error.inner_text()
    refused(page, 422)
    assert_accessible(page)
    SignIn(page).sign_out()

    desk.sign_in("city_approver")
    page.goto("/office/penalties/")
    assert page.get_by_role("button", name="解除惩戒").count() == 1
    assert_accessible(page)
