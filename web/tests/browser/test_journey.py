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
from core.dates import add_months, add_years
from core.testing import id_number, photo, uscc
from web.tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 6, 15)


def _sign_in(page, username, password):
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _sign_out(page):
    page.get_by_role("button", name=re.compile("退出")).click()


def test_from_registration_to_a_verified_permit(page, clock):
    clock(TODAY)
    official_create(
        username="hd_window", password=OFFICIAL_PASSWORD, role=Role.DISTRICT_REVIEWER, district="haidian"
    )
    official_create(username="city_desk", password=OFFICIAL_PASSWORD, role=Role.CITY_APPROVER)

    # 1. the unit registers online
    page.goto("/register")
    page.get_by_label("单位名称").fill("北京晨曦数据科技有限公司")
    page.get_by_label("统一社会信用代码").fill(uscc())
    page.get_by_label("单位类型").select_option("enterprise")
    page.get_by_label("注册所在区").select_option("haidian")
    page.get_by_label("单位地址").fill("北京市海淀区上地十街10号")
    page.get_by_label("主营业务").fill("数据服务")
    page.get_by_label("上年度纳税额（元）").fill("800000")
    page.get_by_label("员工人数").fill("60")
    page.get_by_label("拟办证人数").fill("3")
    page.get_by_label("法定代表人").fill("周明")
    page.get_by_label("经办人姓名").fill("吴经办")
    page.get_by_label("经办人身份证号码").fill(id_number(dt.date(1989, 9, 9), "F"))
    page.get_by_label("经办人手机号码").fill("13900139000")
    page.get_by_label("用户名").fill("chenxi_hr")
    page.get_by_label("密码", exact=True).fill("Chenxi-Data-2026")
    page.get_by_label("再次输入密码").fill("Chenxi-Data-2026")
    page.get_by_role("button", name="提交注册").click()
    expect(page.locator("h1")).to_have_text("注册已提交，请到窗口核验")

    # 2. the district verifies the registration at the window
    _sign_in(page, "hd_window", OFFICIAL_PASSWORD)
    page.goto("/office/units/")
    page.get_by_role("link", name=re.compile("北京晨曦数据科技有限公司")).click()
    for code in ("REG-01", "REG-02", "REG-03"):
        page.locator(f"#received-{code}").check()
    page.get_by_role("button", name="核验通过").click()
    expect(page.get_by_role("status").first).to_contain_text("核验")
    _sign_out(page)

    # 3. the unit files a new case; a problem appears live and is fixed; photo; submit
    _sign_in(page, "chenxi_hr", "Chenxi-Data-2026")
    page.goto("/unit/cases/new/new")
    page.get_by_label("姓名").fill("孙立")
    page.get_by_label("身份证号码").fill(id_number(dt.date(1992, 4, 4)))
    page.get_by_role("button", name="创建草稿").click()
    page.get_by_label("户籍所在地").fill("山东省济南市")
    page.get_by_label("最高学位").select_option("bachelor")
    page.get_by_label("参加工作日期").fill("2014-07-01")
    page.get_by_label("专业技术职称").select_option("none")
    page.get_by_label("急需专业或岗位").select_option("SC-001")
    page.get_by_label("劳动合同截止日期").fill(add_years(TODAY, 2).isoformat())
    page.get_by_label("在京固定住所地址").fill("北京市海淀区清河路5号")
    page.get_by_label("住所所在区").select_option("haidian")
    page.get_by_label("住房类型").select_option("owned")
    page.get_by_label("入职日期").fill(add_months(TODAY, -3).isoformat())  # only 3 months: R-P02
    page.get_by_label("户籍所在地").click()
    expect(page.locator("#live-body")).to_contain_text("R-P02")
    page.get_by_role("button", name="所列月份个税和社保均由本单位缴纳").click()
    page.locator("#f-file").set_input_files(
        files=[{"name": "sun.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    page.get_by_role("button", name="上传照片").click()
    expect(page.locator("#photo-block img")).to_be_visible()
    page.get_by_label("入职日期").fill(add_months(TODAY, -24).isoformat())  # the fix
    page.get_by_label("户籍所在地").click()
    expect(page.locator(".live-summary")).to_contain_text("目前符合全部办理条件")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".facts").first).to_contain_text("已提交（待初审）")
    case = Case.objects.get(applicant_name="孙立")
    _sign_out(page)

    # 4. the district ticks the checklist and passes
    _sign_in(page, "hd_window", OFFICIAL_PASSWORD)
    page.get_by_role("link", name=case.number).click()
    for box in page.get_by_role("checkbox", name=re.compile("^已收到")).all():
        box.check()
    page.get_by_role("button", name="初审通过").click()
    expect(page.locator(".case-facts")).to_contain_text("初审通过（待审批）")
    _sign_out(page)

    # 5. the city approves
    _sign_in(page, "city_desk", OFFICIAL_PASSWORD)
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator(".case-facts")).to_contain_text("已批准")
    permit_no = Case.objects.get(pk=case.pk).permit.permit_no
    _sign_out(page)

    # 6. the district records collection
    _sign_in(page, "hd_window", OFFICIAL_PASSWORD)
    page.goto(f"/office/cases/{case.pk}/")
    page.get_by_label("持证人本人").check()
    page.get_by_role("button", name="登记领证").click()
    expect(page.locator(".case-facts")).to_contain_text("已领证")
    _sign_out(page)

    # 7. anyone verifies the permit on the public page
    page.goto("/verify")
    page.get_by_label("工作居住证编号").fill(permit_no)
    page.get_by_label("持证人姓名（全名）").fill("孙立")
    page.get_by_role("button", name="验证").click()
    result = page.locator("[role=status]").last
    expect(result).to_contain_text("有效")
    expect(result).to_contain_text("孙*")
    assert_accessible(page)
