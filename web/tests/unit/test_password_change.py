"""One's own password on the site (/password, accounts.services.account_change_password): the current
one checked, the new one validated and typed twice, every other session and token ended, this one
going on. The way R-W12's temporary password leads here is web/tests/office/test_operator_password.py."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.world import UNIT_PASSWORD
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Chosen-anew-2027"


def test_own_password_change_ends_the_other_sessions_not_this_one(portal):
    # given: two sessions of one operator
    here, unit_id, api = portal()
    there = Client()
    there.force_login(User.objects.get(unit_id=unit_id))
    # when: a wrong current password, then a mismatch, then a good change
    wrong = here.post("/password", {"old_password": "Not-it-2026", "new_password": NEW_PASSWORD,
                                    "new_password_confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "原密码不正确" in html(wrong)
    mismatch = here.post("/password", {"old_password": UNIT_PASSWORD, "new_password": NEW_PASSWORD,
                                       "new_password_confirm": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 400 and "两次输入的新密码不一致" in html(mismatch)
    done = here.post("/password", {"old_password": UNIT_PASSWORD, "new_password": NEW_PASSWORD,
                                   "new_password_confirm": NEW_PASSWORD})
    # then
    assert done.status_code == 302 and done["Location"] == "/unit/"
    assert here.get("/unit/").status_code == 200
    assert there.get("/unit/").status_code == 302
    assert api.get("/auth/me").status_code == 401  # its API tokens too


def test_the_page_asks_for_the_current_password_and_the_new_one_twice(portal):
    here, _, _ = portal()
    page = html(here.get("/password"))
    assert "修改密码" in page and "设置新密码" not in page  # no reset: the ordinary change
    for label in ("当前密码", "新密码", "再次输入新密码"):
        assert f">{label}</label>" in page
    empty = here.post("/password", {})
    assert empty.status_code == 400 and "请填写此项" in html(empty)


def test_signed_out_the_page_leads_to_the_sign_in(db):
    response = Client().get("/password")
    assert response.status_code == 302 and response["Location"].startswith("/login")
