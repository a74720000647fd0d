"""Issue 13, point 10 in a real browser: the case form's panel follows what is typed without saving
it (no history row per change, no console error from its out-of-band swaps); 保存草稿 writes one
修改; leaving the page with changes saves them (static/js/case-form.js's beacon)."""

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from cases.models import Case, CaseEvent
from core import clock as system_clock
from core.dates import add_months
from ops.demo import id_number, photo
from web.tests.browser.conftest import assert_accessible
from web.tests.browser.pages import CaseForm, Portal

pytestmark = pytest.mark.django_db(transaction=True)


def _edits() -> tuple[int, int]:
    """The drafts' 修改 in the history and in the audit log."""
    audited = AuditEvent.objects.filter(action="case.patch")
    return CaseEvent.objects.filter(action="patch").count(), audited.count()


def _new_draft(page, make_unit) -> CaseForm:
    _, unit_id = make_unit("haidian")
    Portal(page).sign_in(unit_id)
    form = CaseForm(page)
    form.open()
    form.create_draft("赵敏", id_number(dt.date(1991, 2, 3), "F"))
    expect(form.summary).to_contain_text("项不符合办理条件")
    return form


def test_the_panel_follows_the_form_unsaved_and_one_save_is_one_edit(page, clock, make_unit):
    clock("2026-06-15")
    today = system_clock.today()
    form = _new_draft(page, make_unit)

    # ten fields typed and left, one after another: the panel answers each change, nothing is saved
    form.fill_applicant(today, started_on=add_months(today, -2))
    form.enter()
    expect(form.live).to_contain_text("R-P02")
    expect(page.locator("#e-employment-contract_ends_on")).to_be_empty()
    form.enter(contract_ends_on="2024-12-31")  # before the start: said beside the field, not stored
    expect(page.locator("#e-employment-contract_ends_on")).to_contain_text("早于入职日期")
    form.enter(contract_ends_on="2028-06-30")
    expect(page.locator("#e-employment-contract_ends_on")).to_be_empty()
    assert _edits() == (0, 0)
    assert "employment" not in Case.objects.get().data
    assert_accessible(page)

    form.save()
    expect(page.locator("[role=status]").first).to_contain_text("已保存")
    expect(form.history).to_have_count(2)
    expect(form.history.nth(1)).to_contain_text("修改")
    expect(form.history.nth(1)).not_to_contain_text("次")  # one edit, not 修改（25次）
    assert _edits() == (1, 1)
    assert Case.objects.get().data["employment"]["contract_ends_on"] == "2028-06-30"

    # hired 18 months ago, not saved yet: the photo's upload redraws the panel for the saved draft,
    # and the page asks it again for the values typed
    form.enter(started_on=add_months(today, -18).isoformat())
    expect(form.live).not_to_contain_text("R-P02")
    form.upload_photo("zhao.jpg", photo())
    expect(form.photo).to_be_visible()
    expect(form.live).not_to_contain_text("R-W09")
    expect(form.live).not_to_contain_text("R-P02")
    assert _edits() == (1, 1)
    form.save()  # (else closing the page would save it: the test's end would race that save)
    expect(form.history.last).to_contain_text("修改")  # after the photo's row
    assert _edits() == (2, 2)


def test_leaving_the_page_with_changes_saves_them(page, clock, make_unit):
    clock("2026-06-15")
    form = _new_draft(page, make_unit)
    case = Case.objects.get()
    form.fill(hukou="河北省保定市")  # typed, not even left: no live update yet
    page.get_by_role("link", name="待办事项").click()  # away from the page
    expect(page.locator("h1")).not_to_contain_text("新办")
    for _ in range(50):  # the beacon is sent as the page goes; its save lands a moment later
        if (Case.objects.get().data.get("person") or {}).get("hukou"):
            break
        time.sleep(0.1)
    assert Case.objects.get().data["person"]["hukou"] == "河北省保定市"
    page.goto(f"/unit/cases/{case.pk}")
    expect(form.field("hukou")).to_have_value("河北省保定市")
    assert _edits() == (1, 1)
    page.goto("/unit/")  # left again without a change: nothing more is saved
    page.wait_for_timeout(300)
    assert _edits() == (1, 1)
