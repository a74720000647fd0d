"""R-W12 on the workbench: the district ticks PWD-01 on the unit's page and resets the operator's
password; the answer is the printable slip with the temporary password (shown once); the operator's
sessions end; signing in with the temporary password leads straight to choosing a new one, and
every page of the portal leads there until it is chosen. Without PWD-01: 422 R-W02, nothing changed."""

import re

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AuditEvent
from core.tests.world import UNIT_PASSWORD
from web.tests.unit.support import html

pytestmark = pytest.mark.django_db

PWD = {"materials_received": ["PWD-01"], "note": "营业执照副本原件已核验"}
NEW_PASSWORD = "Chosen-anew-2027"


def _temporary(page: str) -> str:
    found = re.search(r'id="temporary-password">([^<]+)<', page)
    assert found, page
    return found.group(1).strip()


def test_r_w12_the_unit_page_offers_the_reset_to_its_districts_reviewer_only(office, make_unit):
    _, unit_id = make_unit()
    page = html(office["haidian"].get(f"/office/units/{unit_id}/"))
    assert "经办人密码重置" in page and 'value="PWD-01"' in page and "单位营业执照副本原件" in page
    assert f'action="/office/units/{unit_id}/operator-password-reset"' in page
    city = html(office["city"].get(f"/office/units/{unit_id}/"))
    assert "operator-password-reset" not in city
    refused = office["city"].post(f"/office/units/{unit_id}/operator-password-reset", PWD)
    assert refused.status_code == 403
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_the_reset_prints_a_slip_once_and_ends_the_operators_sessions(office, unit_web):
    # given: the operator is signed in on the web
    portal, _, unit_id = unit_web()
    assert portal.get("/unit/").status_code == 200
    # when
    response = office["haidian"].post(f"/office/units/{unit_id}/operator-password-reset", PWD)
    # then: the slip, with the username and a temporary password that works
    assert response.status_code == 200
    page = html(response)
    account = User.objects.get(unit_id=unit_id)
    assert "经办人密码重置单" in page and account.username in page and "打印重置单" in page
    assert 'src="/static/js/print.js"' in page and "onclick" not in page  # no inline script (CSP)
    assert account.check_password(_temporary(page)) and account.must_change_password
    assert response["Cache-Control"] == "no-store"
    # the operator's session ended at once
    ended = portal.get("/unit/")
    assert ended.status_code == 302 and ended["Location"].startswith("/login")
    # the slip is no page to come back to
    assert office["haidian"].get(f"/office/units/{unit_id}/operator-password-reset").status_code == 405


def test_r_w12_sign_in_with_the_temporary_password_leads_to_choosing_a_new_one(office, make_unit):
    _, unit_id = make_unit()
    username = User.objects.get(unit_id=unit_id).username
    slip = office["haidian"].post(f"/office/units/{unit_id}/operator-password-reset", PWD)
    temporary = _temporary(html(slip))
    browser = Client()
    # when: the operator signs in with the temporary password
    signed_in = browser.post("/login", {"username": username, "password": temporary})
    # then: straight to the change form; every page of the portal leads there
    assert signed_in.status_code == 302 and signed_in["Location"] == "/password?next=%2Funit%2F"
    for path in ["/unit/", "/unit/cases", "/unit/permits", "/office/"]:
        led = browser.get(path)
        assert led.status_code == 302 and led["Location"].startswith("/password?next="), path
    form = html(browser.get("/password?next=/unit/"))
    assert "设置新密码" in form and "当前密码（临时密码）" in form
    # a new password that fails a rule changes nothing
    weak = browser.post("/password", {"old_password": temporary, "new_password": "12345678",
                                      "new_password_confirm": "12345678", "next": "/unit/"})
    assert weak.status_code == 400 and 'aria-invalid="true"' in html(weak)
    assert User.objects.get(unit_id=unit_id).must_change_password
    # when: a good one is chosen
    chosen = browser.post("/password", {"old_password": temporary, "new_password": NEW_PASSWORD,
                                        "new_password_confirm": NEW_PASSWORD, "next": "/unit/"})
    # then: the session goes on to the portal, with the new password only
    assert chosen.status_code == 302 and chosen["Location"] == "/unit/"
    assert browser.get("/unit/").status_code == 200
    account = User.objects.get(unit_id=unit_id)
    assert not account.must_change_password and account.check_password(NEW_PASSWORD)
    assert Client().post("/login", {"username": username, "password": temporary}).status_code == 401


def test_r_w02_a_reset_without_pwd_01_is_refused_beside_the_checklist(office, unit_web):
    portal, _, unit_id = unit_web()
    before = User.objects.get(unit_id=unit_id)
    response = office["haidian"].post(f"/office/units/{unit_id}/operator-password-reset",
                                      {"note": "未带营业执照"})
    assert response.status_code == 422
    error = html(response).split('id="password-checklist-error"')[1].split("</div>")[0]
    assert "R-W02" in error and "PWD-01" in error and "不能重置经办人密码" in error
    assert "未带营业执照" in html(response).split('id="password-note"')[1].split("</textarea>")[0]
    after = User.objects.get(unit_id=unit_id)
    assert (after.password, after.auth_generation, after.must_change_password) == (
        before.password, before.auth_generation, False)
    assert portal.get("/unit/").status_code == 200  # the operator's session lives on
    assert after.check_password(UNIT_PASSWORD)


def test_r_w12_another_districts_unit_is_not_found(office, make_unit):
    _, unit_id = make_unit("chaoyang")
    assert office["haidian"].post(f"/office/units/{unit_id}/operator-password-reset", PWD).status_code == 404
    assert not User.objects.get(unit_id=unit_id).must_change_password


def test_r_w12_the_slip_is_audited_without_the_password(office, make_unit):
    _, unit_id = make_unit()
    page = html(office["haidian"].post(f"/office/units/{unit_id}/operator-password-reset", PWD))
    temporary = _temporary(page)
    row = AuditEvent.objects.get(action="unit.operator_password_reset")
    assert row.actor_username == "hd_reviewer" and row.after["materials_received"] == ["PWD-01"]
    assert not AuditEvent.objects.filter(after__icontains=temporary).exists()
