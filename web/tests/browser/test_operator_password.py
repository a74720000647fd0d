"""R-W12 in a real browser: at the window the district ticks PWD-01 on the unit's page and resets the
operator's password (without it: R-W02 beside the checklist); the slip shows the temporary password
once; the operator signs in with it and lands on choosing a new one, then works as before.
Screenshots operator-password-slip and password-change-temporary; axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from web.tests.browser.conftest import assert_accessible, refused, screenshot
from web.tests.browser.pages import PasswordChange, PasswordReset, SignIn, Workbench

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Chosen-anew-2027"


def test_r_w12_reset_at_the_office_then_the_operator_chooses_a_new_password(open_page, make_unit):
    _, unit_id = make_unit("haidian")
    username = User.objects.get(unit_id=unit_id).username
    desk_page, operator_page = open_page(), open_page()
    # the operator is signed in somewhere (the lost password was saved in a browser)
    SignIn(operator_page).sign_in(username)
    expect(operator_page).to_have_url(re.compile(r".*/unit/$"))

    # at the window: PWD-01 not ticked yet, R-W02 beside the checklist
    Workbench(desk_page).sign_in("hd_reviewer")
    window = PasswordReset(desk_page)
    window.open(unit_id)
    assert_accessible(desk_page)
    window.reset(licence_shown=False)
    error = desk_page.locator("#password-checklist-error")
    expect(error).to_contain_text("R-W02")
    expect(error).to_contain_text("PWD-01")
    refused(desk_page, 422)
    assert_accessible(desk_page)
    # the licence's original seen: the slip
    window.reset()
    expect(desk_page.get_by_role("heading", name="经办人密码重置单")).to_be_visible()
    expect(desk_page.get_by_role("button", name="打印重置单")).to_be_visible()
    temporary = window.temporary.inner_text().strip()
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}", temporary)
    assert username in desk_page.locator("main").inner_text()
    assert_accessible(desk_page)
    screenshot(desk_page, "operator-password-slip")

    # the operator's session ended at once
    operator_page.goto("/unit/")
    expect(operator_page).to_have_url(re.compile(r".*/login\?next=/unit/$"))
    # the temporary password leads straight to choosing a new one
    SignIn(operator_page).sign_in(username, temporary)
    expect(operator_page).to_have_url(re.compile(r".*/password\?next=%2Funit%2F$"))
    expect(operator_page.get_by_role("heading", name="设置新密码")).to_be_visible()
    operator_page.goto("/unit/cases")  # nothing else opens before the change
    expect(operator_page).to_have_url(re.compile(r".*/password\?next="))
    assert_accessible(operator_page)
    screenshot(operator_page, "password-change-temporary")
    PasswordChange(operator_page).change(temporary, NEW_PASSWORD, again="Chosen-anew-2028")
    expect(operator_page.locator("#new-password-confirm-error")).to_contain_text("不一致")
    refused(operator_page, 400)
    assert_accessible(operator_page)
    PasswordChange(operator_page).change(temporary, NEW_PASSWORD)
    expect(operator_page).to_have_url(re.compile(r".*/unit/cases$"))
    expect(operator_page.get_by_role("status").first).to_contain_text("密码已修改")

    # from now on the new password signs in, and goes straight to the portal
    SignIn(operator_page).sign_out()
    SignIn(operator_page).sign_in(username, NEW_PASSWORD)
    expect(operator_page).to_have_url(re.compile(r".*/unit/$"))
