"""Security decision 4 (issue 10): what an account may do is judged on every request from the account
as it is now, not as it was when its token or session was issued.

A role change: no service changes an account's role (the admin sees it read-only, `create_official`
only creates), so these tests change it in the database, as a DBA or a shell would. The token is not
revoked by it; the very next request with the old token is judged by the new role (403) and the new
district (404), and so is the web session's.

A unit frozen by the daily job (R-I02, units.sweep.freeze_units) loses its tokens and sessions
at once: the old token answers 401 (inspections/tests/test_sweep.py) and the web session's next
write is sent to sign in, changing nothing (here). A unit frozen by the date before the job has run
keeps them, and its very next write answers 423 R-U05: with the old token in
inspections/tests/test_frozen_before_job.py, in its web session here.

A password change ends every token and session wherever it is made: POST /api/v1/auth/password in
test_sessions.py, /admin/password_change/ here (it did not: Django's form only set the password).
Disabling an account ends its tokens and sessions: test_sessions.py."""

import datetime as dt

import pytest
from django.test import Client

from accounts.models import ApiToken, User
from accounts.roles import Role
from cases.models import Case
from conftest import OFFICIAL_PASSWORD
from ops.demo import new_application
from units.models import Unit
from units.sweep import freeze_units

pytestmark = pytest.mark.django_db

REG = ["REG-01", "REG-02", "REG-03"]
VERIFY = {"decision": "approve", "materials_received": REG, "note": ""}


def change_role(username: str, role: Role, district: str | None = None) -> None:
    """What a DBA's UPDATE does: the account's role and district, nothing else (no service exists)."""
    assert User.objects.filter(username=username).update(role=role, district_id=district) == 1


def _browser(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# --- a role change ----------------------------------------------------------------------------------


def test_d4_a_reviewer_made_city_approver_is_judged_as_one_on_the_next_request(officials, make_unit):
    reviewer = officials["haidian"]
    _, first = make_unit("haidian", active=False)
    _, second = make_unit("haidian", active=False)
    assert reviewer.post(f"/units/{first}/verification", VERIFY).status_code == 200
    # when
    change_role("hd_reviewer", Role.CITY_APPROVER)
    # then: the same token, the new role
    refused = reviewer.post(f"/units/{second}/verification", VERIFY)
    assert refused.status_code == 403
    assert Unit.objects.get(pk=second).status == "pending"
    assert reviewer.post(f"/units/{first}/cap", {"permit_cap": 20, "note": "重点引进企业"}).status_code == 200
    assert reviewer.get("/auth/me").json()["role"] == "city_approver"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AUDITOR])
def test_d4_a_reviewer_made_admin_or_auditor_decides_nothing_on_the_next_request(
    role, officials, make_unit, file_new_case
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    reviewer = officials["haidian"]
    assert reviewer.get(f"/applications/{case['id']}").status_code == 200
    # when
    change_role("hd_reviewer", role)
    # then
    codes = [i["code"] for i in case["checklist"]]
    body = {"decision": "pass", "materials_received": codes}
    refused = reviewer.post(f"/applications/{case['id']}/review", body)
    assert refused.status_code == 403
    assert Case.objects.get(pk=case["id"]).status == "submitted"
    assert reviewer.get(f"/applications/{case['id']}").status_code == 403
    assert reviewer.get("/applications").status_code == 403


def test_d4_a_reviewer_moved_to_another_district_sees_only_that_one_on_the_next_request(officials, make_unit):
    reviewer = officials["haidian"]
    _, haidian = make_unit("haidian")
    _, chaoyang = make_unit("chaoyang")
    assert reviewer.get(f"/units/{haidian}").status_code == 200
    assert reviewer.get(f"/units/{chaoyang}").status_code == 404
    # when
    change_role("hd_reviewer", Role.DISTRICT_REVIEWER, "chaoyang")
    # then
    assert reviewer.get(f"/units/{haidian}").status_code == 404
    assert reviewer.get(f"/units/{chaoyang}").status_code == 200


def test_d4_a_city_approver_made_district_reviewer_loses_the_other_districts(officials, make_unit):
    city = officials["city"]
    _, haidian = make_unit("haidian")
    _, chaoyang = make_unit("chaoyang")
    assert city.get(f"/units/{chaoyang}").status_code == 200
    # when
    change_role("city_approver", Role.DISTRICT_REVIEWER, "haidian")
    # then
    assert city.get(f"/units/{chaoyang}").status_code == 404
    assert city.get(f"/units/{haidian}").status_code == 200
    assert city.post(f"/units/{haidian}/cap", {"permit_cap": 20, "note": "重点引进企业"}).status_code == 403


def test_d4_a_role_change_is_honoured_by_the_web_session_on_the_next_page(officials, make_unit):
    _, unit_id = make_unit("haidian", active=False)
    web = _browser("hd_reviewer")
    assert web.get("/office/units/").status_code == 200
    # when
    change_role("hd_reviewer", Role.AUDITOR)
    # then
    assert web.post(f"/office/units/{unit_id}/verify", {"decision": "approve", "materials_received": REG}) \
        .status_code == 403
    assert Unit.objects.get(pk=unit_id).status == "pending"
    assert web.get("/office/units/").status_code == 403
    assert web.get("/office/audit/").status_code == 200


# --- a password change in /admin/ -------------------------------------------------------------------

NEW_PASSWORD = "Brand-New-Admin-2027#"


def _admin_change(web: Client, new: str):
    form = {"old_password": OFFICIAL_PASSWORD, "new_password1": new, "new_password2": new}
    return web.post("/admin/password_change/", form)


def test_d4_an_admins_password_change_in_admin_ends_its_tokens_and_sessions(api, officials):
    token = officials["admin"]
    web, other_web = _browser("sys_admin"), _browser("sys_admin")
    assert token.get("/auth/me").status_code == 200 and other_web.get("/admin/").status_code == 200
    before = User.objects.get(username="sys_admin").password_changed_at
    # when
    changed = _admin_change(web, NEW_PASSWORD)
    # then
    assert changed.status_code == 302
    assert web.get(changed["Location"]).status_code == 302  # this session too: sign in again
    assert token.get("/auth/me").status_code == 401
    assert not ApiToken.objects.filter(user__username="sys_admin", revoked_at__isnull=True).exists()
    assert other_web.get("/admin/").status_code == 302
    assert User.objects.get(username="sys_admin").password_changed_at > before  # the 90 days restart
    assert api.as_user("sys_admin", NEW_PASSWORD).get("/auth/me").status_code == 200


def test_d1_admin_password_change_refuses_the_same_password_and_keeps_the_tokens(officials):
    web = _browser("sys_admin")
    refused = _admin_change(web, OFFICIAL_PASSWORD)
    assert refused.status_code == 200
    assert "新密码不能与原密码相同" in refused.content.decode()
    assert officials["admin"].get("/auth/me").status_code == 200


# --- a unit freeze ----------------------------------------------------------------------------------


@pytest.fixture
def unit_with_draft(make_unit, clock):
    """A unit verified on 2 March 2026 that never files its inspection (frozen from 2 May, R-I02),
    with a draft, its operator's API client and a web session: (api client, web client, case id)."""
    clock("2026-03-02")
    client, unit_id = make_unit("haidian")
    draft = client.post("/applications", {"type": "new", **new_application(dt.date(2026, 3, 2))})
    assert draft.status_code == 201, draft.content
    return client, _browser(User.objects.get(unit_id=unit_id).username), draft.json()["id"]


def _edit(web: Client, case_id: int):
    """The case page's 保存草稿 with the applicant's name changed."""
    return web.post(f"/unit/cases/{case_id}", {"person.name": "改名"})


def test_r_u05_a_unit_frozen_by_the_job_is_signed_out_of_the_web_at_its_next_write(unit_with_draft, clock):
    client, web, case_id = unit_with_draft
    assert web.get(f"/unit/cases/{case_id}").status_code == 200
    # when
    clock("2026-05-02")
    assert freeze_units(dt.date(2026, 5, 2)) == 1
    # then
    response = _edit(web, case_id)
    assert response.status_code == 302 and response["Location"].startswith("/login")
    assert Case.objects.get(pk=case_id).data["person"]["name"] != "改名"
    assert client.get("/auth/me").status_code == 401


def test_r_u05_a_unit_frozen_by_the_date_is_refused_423_at_its_next_web_write(unit_with_draft, clock):
    """Before the job has run the session lives on (decision 4 ends it with the job's freeze); the
    write is refused all the same, with the status the API answers."""
    client, web, case_id = unit_with_draft
    # when
    clock("2026-05-02")
    # then
    response = _edit(web, case_id)
    assert response.status_code == 423
    assert "R-U05" in response.content.decode()
    assert Case.objects.get(pk=case_id).data["person"]["name"] != "改名"
    submit = web.post(f"/unit/cases/{case_id}/submit", {"commitment": "on"})
    assert submit.status_code == 423
    assert client.patch(f"/applications/{case_id}", {"person": {"name": "改名", "id_number": "x"}}) \
        .status_code == 423
