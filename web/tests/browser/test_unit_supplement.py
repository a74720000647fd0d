"""The unit's side of a supplement round trip in a real browser: the dashboard lists what the
district asked for (with the other deadlines of the day), the unit uploads the missing item and
resubmits."""

import pytest
from playwright.sync_api import expect

from cases.models import Case
from core import clock as system_clock
from core.tests.support import inspect_every_year
from documents.tests.pdf_support import scan_pdf
from notices.sweep import cancellation_deadline_near, inspection_season_open, renewal_window_open
from web.tests.browser.conftest import assert_accessible, screenshot
from web.tests.browser.pages import CaseForm, Portal

pytestmark = pytest.mark.django_db(transaction=True)
PDF = scan_pdf()


def test_r_w07_supplement_round_trip_from_the_unit_side(page, clock, make_unit, officials, file_new_case):
    clock("2023-05-15")
    api, unit_id = make_unit("haidian")
    held = file_new_case(api, until="approved")  # expires 2026-05-15: its renewal window is open
    # the card handed out at the window in 2023 (R-W04), recorded as the district records it, and the
    # notices of 2023 (verification, approval, 可取证) read by the operator then
    collection = f"/applications/{held['id']}/collection"
    assert officials["haidian"].post(collection, {"collected_by": "holder"}).status_code == 200
    for notice in api.get("/notices").json()["items"]:
        assert api.post(f"/notices/{notice['id']}/read").status_code == 200
    inspect_every_year(api, clock, range(2024, 2026), [held["permit_no"]])  # else frozen (R-I02, R-I03)
    clock("2026-04-20")
    case = file_new_case(api, until="submitted")
    asked = officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-07"], "note": "请补交硕士学位证书"},
    )
    assert asked.status_code == 200, asked.content
    draft = api.post(
        "/applications", {"type": "cancellation", "permit_no": held["permit_no"], "left_on": "2026-04-16"}
    )
    assert draft.status_code == 201, draft.content
    today = system_clock.today()
    assert renewal_window_open(today) + cancellation_deadline_near(today) + inspection_season_open(today) == 3

    Portal(page).sign_in(unit_id)
    main = page.locator("main")
    expect(main.locator("#supp-title")).to_be_visible()
    supplement = page.get_by_role("region", name="补充材料")
    expect(supplement).to_contain_text(case["number"])
    expect(supplement).to_contain_text("NEW-07")
    expect(page.get_by_role("region", name="续签和即将到期的证件")).to_contain_text(held["permit_no"])
    expect(page.get_by_role("region", name="有期限的草稿")).to_contain_text("还剩1天")
    expect(page.get_by_role("region", name="2026年年检")).to_contain_text("年检期进行中")
    expect(page.get_by_role("region", name="最新提醒")).to_contain_text("续签")
    expect(main.locator("#collect-title")).to_have_count(0)  # the 2023 card was collected then
    assert_accessible(page)
    screenshot(page, "unit-dashboard")

    supplement.get_by_role("link", name=case["number"]).click()
    expect(page.get_by_role("region", name="区人社局要求补充材料")).to_contain_text("请补交硕士学位证书")
    form = CaseForm(page)
    form.upload_copy("NEW-07", "degree.pdf", PDF)
    expect(form.live).to_contain_text("degree.pdf")
    assert_accessible(page)
    form.resubmit()  # through 核对信息 to 申请已提交
    expect(form.reference).to_have_text(case["number"])
    form.open_from_confirmation()
    expect(form.facts).to_contain_text("已提交（待初审）")
    expect(page.get_by_role("region", name="办理记录")).to_contain_text("补正后重新提交")
    assert Case.objects.get(pk=case["id"]).status == "submitted"
