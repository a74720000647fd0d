"""Security decision 2: five failed sign-ins lock the username for 30 minutes on every path,
whatever the client address; unknown user and wrong password answer alike; every failure and the
lockout are audited (decision 7), never with the password."""

import json
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from accounts.tests.conftest import OFFICIAL_PW, UNIT_PASSWORD
from audit.models import AuditEvent

WRONG = "Wrong-guess-123"


def _token(api: Any, username: str, password: str, ip: str = "127.0.0.1") -> Any:
    return api.post("/auth/token", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _admin_login(client: Client, username: str, password: str, ip: str) -> Any:
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=ip)


def _age_failures(username: str, minutes: int) -> None:
    AccessAttempt.objects.filter(username=username).update(
        attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def _fail_five_times_from_five_addresses(api: Any, username: str) -> None:
    for n in range(5):
        response = _token(api, username, WRONG, ip=f"10.0.{n}.7")
        assert response.status_code == 401, response.content


def test_d2_five_failures_from_different_addresses_lock_the_token_endpoint(api, unit_user):
    # given five wrong passwords, each from another address
    _fail_five_times_from_five_addresses(api, "acme_hr")
    # when the right password comes from yet another address
    response = _token(api, "acme_hr", UNIT_PASSWORD, ip="192.0.2.99")
    # then it is refused with the plain 401
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "token" not in response.json()


def test_d2_four_failures_do_not_lock(api, unit_user):
    for n in range(4):
        assert _token(api, "acme_hr", WRONG, ip=f"10.1.{n}.1").status_code == 401
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 200


def test_d2_unknown_user_and_wrong_password_answer_alike(api, unit_user):
    unknown = _token(api, "nobody_here", WRONG)
    wrong = _token(api, "acme_hr", WRONG)
    assert unknown.status_code == wrong.status_code == 401
    assert unknown["Content-Type"] == wrong["Content-Type"] == "application/problem+json"
    assert unknown.json() == wrong.json()


def test_d2_locked_username_with_right_password_answers_like_a_wrong_password(api, unit_user):
    plain_wrong = _token(api, "someone_else", WRONG)
    _fail_five_times_from_five_addresses(api, "acme_hr")
    locked = _token(api, "acme_hr", UNIT_PASSWORD, ip="203.0.113.5")
    assert locked.status_code == 401
    assert locked.json() == plain_wrong.json()


def test_d2_an_unknown_username_is_locked_like_a_real_one(api, unit_user):
    _fail_five_times_from_five_addresses(api, "ghost_user")
    assert AccessAttempt.objects.filter(username="ghost_user").exists()
    assert _token(api, "ghost_user", WRONG).json() == _token(api, "another_ghost", WRONG).json()


def test_d2_the_lock_lifts_after_30_minutes(api, unit_user):
    _fail_five_times_from_five_addresses(api, "acme_hr")
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 401
    # when 30 minutes have passed since the last failure
    _age_failures("acme_hr", 31)
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 200


def test_d2_the_lock_still_holds_after_29_minutes(api, unit_user):
    _fail_five_times_from_five_addresses(api, "acme_hr")
    _age_failures("acme_hr", 29)
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 401


def test_d2_a_successful_token_sign_in_clears_the_failure_count(api, unit_user):
    for n in range(4):
        _token(api, "acme_hr", WRONG, ip=f"10.2.{n}.1")
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 200
    for n in range(4):
        _token(api, "acme_hr", WRONG, ip=f"10.3.{n}.1")
    assert _token(api, "acme_hr", UNIT_PASSWORD).status_code == 200


def test_d2_five_admin_login_failures_from_different_addresses_lock_the_admin(make_official):
    make_official("sys_admin", Role.ADMIN)
    client = Client()
    for n in range(5):
        response = _admin_login(client, "sys_admin", WRONG, ip=f"10.4.{n}.1")
        assert "_auth_user_id" not in client.session
    # the right password from a new address does not sign in
    response = _admin_login(client, "sys_admin", OFFICIAL_PW, ip="198.51.100.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_d2_failures_on_the_admin_and_the_token_endpoint_count_together(api, make_official):
    make_official("sys_admin", Role.ADMIN)
    client = Client()
    for n in range(3):
        _admin_login(client, "sys_admin", WRONG, ip=f"10.5.{n}.1")
    for n in range(2):
        assert _token(api, "sys_admin", WRONG, ip=f"10.6.{n}.1").status_code == 401
    # locked on both paths now
    assert _token(api, "sys_admin", OFFICIAL_PW, ip="10.7.0.1").status_code == 401
    assert _admin_login(client, "sys_admin", OFFICIAL_PW, ip="10.7.0.2").status_code == 429
    assert "_auth_user_id" not in client.session


def test_d2_each_failure_and_the_lockout_are_audited_without_the_password(api, unit_user):
    _fail_five_times_from_five_addresses(api, "acme_hr")
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    lockouts = AuditEvent.objects.filter(action="auth.locked_out")
    assert failures.count() == 5
    assert lockouts.count() == 1
    assert {e.ip for e in failures} == {f"10.0.{n}.7" for n in range(5)}
    assert all(e.outcome == "failure" and e.object_id == "acme_hr" for e in failures)
    assert lockouts.get().after["username"] == "acme_hr"
    assert [e.after["locked"] for e in failures] == [False, False, False, False, True]
    for event in AuditEvent.objects.all():
        assert WRONG not in json.dumps([event.before, event.after])
        assert UNIT_PASSWORD not in json.dumps([event.before, event.after])


def test_d2_a_refused_sign_in_of_a_locked_username_is_audited(api, unit_user):
    _fail_five_times_from_five_addresses(api, "acme_hr")
    _token(api, "acme_hr", UNIT_PASSWORD, ip="203.0.113.9")
    last = AuditEvent.objects.filter(action__startswith="auth.").order_by("-pk")[:2]
    assert {e.action for e in last} == {"auth.login_failed", "auth.locked_out"}
    assert all(e.ip == "203.0.113.9" for e in last)
    assert not AuditEvent.objects.filter(action="auth.token_issued").exists()


def test_d2_admin_login_failures_are_audited(make_official):
    make_official("sys_admin", Role.ADMIN)
    _admin_login(Client(), "sys_admin", WRONG, ip="10.8.0.1")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.ip == "10.8.0.1"
    assert event.after == {"username": "sys_admin", "path": "/admin/login/", "factor": "password",
                           "locked": False}


def test_d2_successful_web_sign_in_is_audited_with_a_new_session_id(make_official):
    admin = make_official("sys_admin", Role.ADMIN)
    client = Client()
    session = client.session  # an anonymous session exists before signing in
    session["seen_the_form"] = True
    session.save()
    before = client.cookies["sessionid"].value
    response = _admin_login(client, "sys_admin", OFFICIAL_PW, ip="10.9.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor_id, event.actor_role, event.ip) == (admin.pk, "admin", "10.9.0.1")
    # decision 4: a new session id at sign-in
    assert client.cookies["sessionid"].value != before


def test_d2_successful_token_sign_in_is_audited(api, unit_user):
    assert _token(api, "acme_hr", UNIT_PASSWORD, ip="10.10.0.1").status_code == 200
    event = AuditEvent.objects.get(action="auth.token_issued")
    assert (event.actor_id, event.ip) == (User.objects.get(username="acme_hr").pk, "10.10.0.1")
