"""Issue 6's journey in one real browser: a unit registers, is verified at the window, files a new
case with a photo, sees an eligibility problem appear live and fixes it, submits; the district ticks
the checklist and passes; the city approves; the district records collection; the public page
verifies the permit."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.services import official_create
from cases.models import Case
from conftest import OFFICIAL_PASSWORD
from core.dates import add_months
from ops.demo import id_number, photo, registration
from web.tests.browser.conftest import assert_accessible
from web.tests.browser.pages import CaseForm, Registration, SignIn, Verification, Workbench

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 6, 15)


def test_from_registration_to_a_verified_permit(page, clock):
    clock(TODAY)
    official_create(
        username="hd_window", password=OFFICIAL_PASSWORD, role=Role.DISTRICT_REVIEWER, district="haidian"
    )
    official_create(username="city_desk", password=OFFICIAL_PASSWORD, role=Role.CITY_APPROVER)
    session, desk = SignIn(page), Workbench(page)

    # 1. the unit registers online
    Registration(page).register(
        registration("chenxi_hr", password="Chenxi-Data-2026", name="北京晨曦数据科技有限公司")
    )
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")

    # 2. the district verifies the registration at the window
    desk.sign_in("hd_window")
    page.goto("/office/units/")
    page.get_by_role("link", name=re.compile("北京晨曦数据科技有限公司")).click()
    desk.verify_unit()
    expect(desk.message).to_contain_text("核验")
    session.sign_out()

    # 3. the unit files a new case; a problem appears live and is fixed; photo; submit
    session.sign_in("chenxi_hr", "Chenxi-Data-2026")
    form = CaseForm(page)
    form.open()
    form.create_draft("孙立", id_number(dt.date(1992, 4, 4)))
    form.fill_applicant(TODAY, started_on=add_months(TODAY, -3))  # only 3 months: R-P02
    form.enter()
    expect(form.live).to_contain_text("R-P02")
    form.pay_every_month_by_the_unit()
    form.upload_photo("sun.jpg", photo())
    expect(form.photo).to_be_visible()
    form.enter(started_on=add_months(TODAY, -24).isoformat())  # the fix
    expect(form.summary).to_contain_text("目前符合全部办理条件")
    form.submit()  # through 核对信息 to 申请已提交
    case = Case.objects.get(applicant_name="孙立")
    expect(form.reference).to_have_text(case.number)
    form.open_from_confirmation()
    expect(form.facts).to_contain_text("已提交（待初审）")
    session.sign_out()

    # 4. the district ticks the checklist and passes
    desk.sign_in("hd_window")
    desk.open_case(case.number)
    desk.pass_review()
    expect(desk.facts).to_contain_text("初审通过（待审批）")
    session.sign_out()

    # 5. the city approves
    desk.sign_in("city_desk")
    desk.open_case(case.number)
    desk.approve()
    expect(desk.facts).to_contain_text("已批准")
    permit_no = Case.objects.get(pk=case.pk).permit.permit_no
    session.sign_out()

    # 6. the district records collection
    desk.sign_in("hd_window")
    page.goto(f"/office/cases/{case.pk}/")
    desk.record_collection()
    expect(desk.facts).to_contain_text("已领证")
    session.sign_out()

    # 7. anyone verifies the permit on the public page
    verification = Verification(page)
    verification.open()
    verification.check(permit_no, "孙立")
    expect(verification.result).to_contain_text("有效")
    expect(verification.result).to_contain_text("孙*")
    assert_accessible(page)
